package dev.mesa.worker.runtime;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.mesa.model.DeviceSpec;

import java.util.Arrays;
import java.util.Optional;

/**
 * Whether this process can compute on a device: one tensor operation on it ({@code 2 * [0, 1, 2]}, copied back to
 * the host, so an asynchronous CUDA error shows too). Every process that starts a worker runs it first, so a worker
 * asked for a GPU the engine cannot use exits with a message that says why, instead of polling and failing every
 * activity it takes.
 */
public final class DeviceCheck {
    private static final float[] DOUBLED = {0f, 2f, 4f};
    private static final int MAX_ENGINE_TEXT = 240;

    private DeviceCheck() {}

    /** Returns if {@code device} computes; else an {@link IllegalArgumentException} (mesa exits with code 2) saying why. */
    public static void require(DeviceSpec device) {
        Optional<String> problem = problem(device);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
    }

    /** Empty when one tensor operation on {@code device} gave the right answer, else what went wrong and what to do. */
    public static Optional<String> problem(DeviceSpec device) {
        EngineFacts engine;
        try {
            engine = EngineFacts.read();
        } catch (RuntimeException e) {
            return Optional.of("the PyTorch engine did not load: " + engineText(e) + " (a libtorch of your own goes in"
                    + " PYTORCH_LIBRARY_PATH, PYTORCH_VERSION and PYTORCH_FLAVOR: docs/DEPLOYMENT.md, GPU workers)");
        }
        return tensorFailure(device.djl()).map(failure -> explain(device, engine, failure));
    }

    /** What to tell the user when an operation on {@code device} failed with {@code failure}, given the engine's facts. */
    static String explain(DeviceSpec device, EngineFacts engine, String failure) {
        if (!device.isGpu()) {
            return "a tensor operation on the CPU failed (" + engine.describe() + "): " + failure;
        }
        int index = device.gpuIndex();
        int gpus = engine.gpuCount();
        String asked = "--device " + device + " asked for GPU " + index + ", but the PyTorch engine sees " + gpus
                + (gpus == 1 ? " GPU" : " GPUs") + " (" + engine.describe() + ")";
        if (!engine.cudaBuild()) {
            return asked + ": install the CUDA natives as docs/DEPLOYMENT.md says (GPU workers), or use --device cpu";
        }
        if (gpus == 0) {
            return asked + ": check that the NVIDIA driver sees a GPU (nvidia-smi) and that the container was given one"
                    + " (docker --gpus, Kubernetes nvidia.com/gpu), or use --device cpu (" + failure + ")";
        }
        if (index >= gpus) {
            return asked + ": GPUs count from 0 among those this process sees (CUDA_VISIBLE_DEVICES renumbers them),"
                    + " so use " + (gpus == 1 ? "gpu:0" : "gpu:0 to gpu:" + (gpus - 1)) + " (" + failure + ")";
        }
        return "--device " + device + ": the PyTorch engine sees " + gpus + (gpus == 1 ? " GPU" : " GPUs") + " ("
                + engine.describe() + "), but a tensor operation on GPU " + index + " failed: " + failure
                + " (check the GPU and its driver with nvidia-smi)";
    }

    /** Empty when {@code 2 * [0, 1, 2]} on {@code device} comes back as {@code [0, 2, 4]}, else the failure. */
    static Optional<String> tensorFailure(Device device) {
        try (NDManager manager = NDManager.newBaseManager(device)) {
            float[] doubled = manager.arange(3f).mul(2f).toFloatArray();
            return Arrays.equals(doubled, DOUBLED) ? Optional.empty()
                    : Optional.of("2 * [0, 1, 2] gave " + Arrays.toString(doubled) + " on " + device);
        } catch (RuntimeException e) {
            return Optional.of(engineText(e));
        }
    }

    /**
     * The first sentence of an engine error (libtorch's run over many lines, the first of them listing every
     * backend), capped.
     */
    static String engineText(Throwable e) {
        String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        int newline = text.indexOf('\n');
        text = newline >= 0 ? text.substring(0, newline) : text;
        int sentence = text.indexOf(". ");
        text = sentence >= 0 ? text.substring(0, sentence) : text;
        return text.length() > MAX_ENGINE_TEXT ? text.substring(0, MAX_ENGINE_TEXT) + "..." : text;
    }
}
