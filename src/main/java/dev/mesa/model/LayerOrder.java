package dev.mesa.model;

import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;

import java.util.ArrayList;
import java.util.List;

/**
 * A network's blocks as one flat list in the order mesa runs them: nested sequential blocks flattened (the
 * composition is associative) and every ReLU that directly precedes a max-pool moved after it. ReLU and
 * max commute, so the values and the gradients are the same, and the ReLU touches a quarter of the values.
 */
final class LayerOrder {
    static final String RELU = "ReLU";
    static final String MAX_POOL = "maxPool2d";

    private LayerOrder() {}

    /** The blocks of {@code network} in execution order, with ReLU after max-pool. */
    static List<Block> of(Block network) {
        List<Block> leaves = leaves(network);
        for (int i = 0; i + 1 < leaves.size(); i++) {
            if (isNamed(leaves.get(i), RELU) && isNamed(leaves.get(i + 1), MAX_POOL)) {
                Block relu = leaves.get(i);
                leaves.set(i, leaves.get(i + 1));
                leaves.set(i + 1, relu);
                i++;
            }
        }
        return leaves;
    }

    static boolean isNamed(Block block, String name) {
        return block instanceof LambdaBlock lambda && lambda.getName().equals(name);
    }

    /** The blocks of {@code block} in their own order, nested sequential blocks flattened. */
    static List<Block> leaves(Block block) {
        List<Block> out = new ArrayList<>();
        if (block instanceof SequentialBlock) {
            for (Block child : block.getChildren().values()) {
                out.addAll(leaves(child));
            }
        } else {
            out.add(block);
        }
        return out;
    }
}
