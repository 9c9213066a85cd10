package dev.mesa.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import dev.mesa.checkpoint.CorruptArtifactException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * mesa's own networks as PyTorch state dicts in safetensors format, with the names of the PyTorch modules
 * in {@code mesa_architectures.py} (a resource beside this class):
 * <ul>
 *   <li>compact CNN: {@code features.<i>} for the layers before the flatten (conv, BatchNorm, ReLU and
 *       max-pool each count one), {@code head.<i>} from the flatten on ({@code head.1}, {@code head.3}
 *       are the linear layers);</li>
 *   <li>ResNet-18: {@code conv1}, {@code bn1}, {@code layers.<k>.{conv1,bn1,conv2,bn2,shortcut.0,shortcut.1}},
 *       {@code fc}.</li>
 * </ul>
 * A convolution's weight is {@code weight}; a BatchNorm's gamma, beta and running statistics are
 * {@code weight}, {@code bias}, {@code running_mean}, {@code running_var}, plus {@code num_batches_tracked}
 * (PyTorch's counter, which mesa does not keep: written as 0, used by PyTorch only when momentum is None).
 */
final class PyTorchStateDict {
    private static final String BATCHES_TRACKED = "num_batches_tracked";
    private static final Map<String, String> BATCH_NORM_NAMES = Map.of("gamma", "weight", "beta", "bias",
            "runningMean", "running_mean", "runningVar", "running_var");

    private PyTorchStateDict() {}

    /** The safetensors bytes of {@code classifier}'s weights and BatchNorm statistics. */
    static byte[] encode(Classifier classifier) {
        try (NDManager scratch = classifier.manager().newSubManager()) {
            NDList named = new NDList();
            for (Map.Entry<String, Block> layer : modules(classifier).entrySet()) {
                for (Parameter p : layer.getValue().getParameters().values()) {
                    try (NDArray detached = p.getArray().stopGradient()) {
                        NDArray copy = detached.duplicate();
                        copy.attach(scratch);
                        copy.setName(layer.getKey() + "." + tensorName(layer.getValue(), p));
                        named.add(copy);
                    }
                }
                if (layer.getValue() instanceof BatchNorm) {
                    NDArray counter = scratch.create(0L);
                    counter.setName(layer.getKey() + "." + BATCHES_TRACKED);
                    named.add(counter);
                }
            }
            return named.encode(NDList.Encoding.SAFETENSORS);
        }
    }

    /** Loads a state dict written by {@link #encode} (or by PyTorch for the same architecture) into {@code classifier}. */
    static void decodeInto(Classifier classifier, byte[] safetensors, Path source) {
        try (NDManager scratch = classifier.manager().newSubManager()) {
            Map<String, NDArray> tensors = new HashMap<>();
            NDList decoded;
            try {
                decoded = NDList.decode(scratch, safetensors);
            } catch (RuntimeException e) {
                throw new CorruptArtifactException(source, "not a safetensors state dict (" + e.getMessage() + ")", e);
            }
            for (NDArray t : decoded) {
                tensors.put(t.getName(), t);
            }
            int used = 0;
            for (Map.Entry<String, Block> layer : modules(classifier).entrySet()) {
                for (Parameter p : layer.getValue().getParameters().values()) {
                    String name = layer.getKey() + "." + tensorName(layer.getValue(), p);
                    NDArray t = tensors.get(name);
                    if (t == null || !t.getShape().equals(p.getArray().getShape())) {
                        throw new CorruptArtifactException(source, "state dict lacks " + name + " of shape "
                                + p.getArray().getShape() + (t == null ? "" : " (it has " + t.getShape() + ")"));
                    }
                    p.getArray().set(t.toFloatArray());
                    used++;
                }
                used += layer.getValue() instanceof BatchNorm && tensors.containsKey(layer.getKey() + "." + BATCHES_TRACKED) ? 1 : 0;
            }
            if (used != tensors.size()) {
                throw new CorruptArtifactException(source, "state dict has " + (tensors.size() - used)
                        + " tensors this " + classifier.spec().architecture() + " network does not have");
            }
        }
    }

    /** PyTorch module name -> the DJL block holding its parameters, in the network's order. */
    static Map<String, Block> modules(Classifier classifier) {
        ClassifierSpec spec = classifier.spec();
        Block root = classifier.block();
        Map<String, Block> out = new LinkedHashMap<>();
        switch (spec.architecture()) {
            case ClassifierSpec.COMPACT, ClassifierSpec.COMPACT_PLUS -> compact(root, out);
            case ClassifierSpec.RESNET18 -> resnet(root, out);
            default -> throw new IllegalArgumentException("a " + spec.architecture()
                    + " network has no PyTorch state dict naming: export it as TorchScript");
        }
        return out;
    }

    private static void compact(Block root, Map<String, Block> out) {
        List<Block> leaves = LayerOrder.leaves(root);
        int flatten = -1;
        for (int i = 0; i < leaves.size(); i++) {
            Block b = leaves.get(i);
            if (flatten < 0 && b instanceof LambdaBlock lambda && lambda.getName().equals("batchFlatten")) {
                flatten = i;
            }
            if (!b.getParameters().isEmpty()) {
                out.put(flatten < 0 ? "features." + i : "head." + (i - flatten), requireKnown(b));
            }
        }
    }

    private static void resnet(Block root, Map<String, Block> out) {
        List<Block> top = children(root);
        out.put("conv1", requireKnown(top.get(0)));
        out.put("bn1", requireKnown(top.get(1)));
        int k = 0;
        for (Block b : top) {
            if (b instanceof SequentialBlock && children(b).get(0) instanceof ResidualSum residual) {
                String prefix = "layers." + k++ + ".";
                List<Block> main = children(residual.main());
                String[] names = {"conv1", "bn1", null, "conv2", "bn2"};
                for (int i = 0; i < names.length; i++) {
                    if (names[i] != null) {
                        out.put(prefix + names[i], requireKnown(main.get(i)));
                    }
                }
                if (residual.shortcut() instanceof SequentialBlock shortcut) {
                    List<Block> s = children(shortcut);
                    out.put(prefix + "shortcut.0", requireKnown(s.get(0)));
                    out.put(prefix + "shortcut.1", requireKnown(s.get(1)));
                }
            }
        }
        out.put("fc", requireKnown(top.get(top.size() - 1)));
    }

    private static List<Block> children(Block b) {
        return new ArrayList<>(b.getChildren().values());
    }

    private static Block requireKnown(Block b) {
        if (!(b instanceof Conv2d || b instanceof BatchNorm || b instanceof Linear)) {
            throw new IllegalStateException("no PyTorch name for a " + b.getClass().getSimpleName());
        }
        return b;
    }

    private static String tensorName(Block layer, Parameter p) {
        return layer instanceof BatchNorm ? BATCH_NORM_NAMES.get(p.getName()) : p.getName();
    }
}
