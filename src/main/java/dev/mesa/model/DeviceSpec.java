package dev.mesa.model;

import ai.djl.Device;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The device a worker's activities compute on, as {@code --device} (env {@code MESA_DEVICE}) names it: {@code cpu},
 * {@code gpu} (the first GPU, the same as {@code gpu:0}) or {@code gpu:N}, where N counts from 0 among the GPUs this
 * process sees ({@code CUDA_VISIBLE_DEVICES} and Kubernetes renumber them). Letter case does not matter; nothing else
 * is accepted. DJL's own parser ({@code Device.fromName}) reads {@code gpu1} but not {@code gpu:1}, and turns a bare
 * {@code gpu} into a device with id -1, so mesa maps its names to {@link Device#cpu()} and {@link Device#gpu(int)}
 * itself.
 */
public final class DeviceSpec {
    /** The accepted forms, for help texts and error messages. */
    public static final String FORMS = "cpu, gpu (the first GPU, = gpu:0) or gpu:N (N = 0, 1, ...)";
    private static final DeviceSpec CPU = new DeviceSpec(-1);
    private static final Pattern NAME = Pattern.compile("cpu|gpu(?::(\\d+))?", Pattern.CASE_INSENSITIVE);

    /** -1 for the CPU, else the GPU's index. */
    private final int gpuIndex;

    private DeviceSpec(int gpuIndex) {
        this.gpuIndex = gpuIndex;
    }

    public static DeviceSpec cpu() {
        return CPU;
    }

    public static DeviceSpec gpu(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("a GPU index counts from 0, got " + index);
        }
        return new DeviceSpec(index);
    }

    /** {@code cpu}, {@code gpu} or {@code gpu:N}; anything else is refused with the accepted forms. */
    public static DeviceSpec parse(String name) {
        Matcher m = name == null ? null : NAME.matcher(name);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("unknown device '" + name + "': use " + FORMS);
        }
        if (name.toLowerCase(Locale.ROOT).equals("cpu")) {
            return CPU;
        }
        if (m.group(1) == null) {
            return gpu(0);
        }
        try {
            return gpu(Integer.parseInt(m.group(1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("GPU index out of range in '" + name + "': use " + FORMS, e);
        }
    }

    public boolean isGpu() {
        return gpuIndex >= 0;
    }

    /** The GPU's index; only for a GPU. */
    public int gpuIndex() {
        if (!isGpu()) {
            throw new IllegalStateException("the CPU has no GPU index");
        }
        return gpuIndex;
    }

    /** The DJL device every activity of the worker computes on. */
    public Device djl() {
        return isGpu() ? Device.gpu(gpuIndex) : Device.cpu();
    }

    /** The canonical name: {@code cpu} or {@code gpu:N}; {@link #parse} reads it back. */
    @Override
    public String toString() {
        return isGpu() ? "gpu:" + gpuIndex : "cpu";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeviceSpec other && other.gpuIndex == gpuIndex;
    }

    @Override
    public int hashCode() {
        return Integer.hashCode(gpuIndex);
    }
}
