package dev.mesa.model;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;

import java.util.List;

/**
 * A residual join: main branch + shortcut branch, element-wise. Its own type (rather than a
 * {@link ParallelBlock} with an anonymous join) so that {@link InferenceNetwork} can recognise and compile it.
 */
final class ResidualSum extends ParallelBlock {
    ResidualSum(Block main, Block shortcut) {
        super(ResidualSum::sum, List.of(main, shortcut));
    }

    Block main() {
        return getChildren().get(0).getValue();
    }

    Block shortcut() {
        return getChildren().get(1).getValue();
    }

    private static NDList sum(List<NDList> branches) {
        return new NDList(branches.get(0).singletonOrThrow().add(branches.get(1).singletonOrThrow()));
    }
}
