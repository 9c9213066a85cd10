package dev.mesa.data;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DefenseSplitTest {
    /** A 1×2×2 dataset whose image i stores i in its first two pixels, so subsets reveal their source indices. */
    static ImageDataset indexed(int n) {
        byte[] pixels = new byte[n * 4];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            pixels[i * 4] = (byte) (i & 0xFF);
            pixels[i * 4 + 1] = (byte) (i >> 8);
            labels[i] = i % 10;
        }
        List<String> names = IntStream.range(0, 10).mapToObj(c -> "c" + c).toList();
        return new ImageDataset("indexed", new ImageShape(1, 2, 2), pixels, labels, names);
    }

    static List<Integer> sourceIndices(ImageDataset subset) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < subset.size(); i++) {
            int source = subset.pixel(i, 0, 0, 0) | subset.pixel(i, 0, 0, 1) << 8;
            assertEquals(source % 10, subset.label(i), "labels travel with their images");
            out.add(source);
        }
        return out;
    }

    @Test
    void paperSplitIsDisjointCompleteAndReproducible() {
        ImageDataset test = indexed(1000);
        DefenseSplit split = DefenseSplit.paper(test, 42);
        assertEquals(800, split.defense().size());
        assertEquals(200, split.evaluation().size());
        List<Integer> all = new ArrayList<>(sourceIndices(split.defense()));
        all.addAll(sourceIndices(split.evaluation()));
        assertEquals(IntStream.range(0, 1000).boxed().toList(), all.stream().sorted().toList(),
                "every test image in exactly one part");
        // shuffled, not the first 800
        assertNotEquals(IntStream.range(0, 800).boxed().toList(), sourceIndices(split.defense()));

        DefenseSplit again = DefenseSplit.paper(test, 42);
        assertEquals(sourceIndices(split.defense()), sourceIndices(again.defense()));
        assertEquals(sourceIndices(split.evaluation()), sourceIndices(again.evaluation()));

        DefenseSplit other = DefenseSplit.paper(test, 43);
        assertNotEquals(sourceIndices(split.evaluation()), sourceIndices(other.evaluation()));
    }

    @Test
    void paperSizesOnCifarTestSet() {
        DefenseSplit split = new DatasetSplits(indexed(10), indexed(10_000), new Normalization(new float[] {0.5f},
                new float[] {0.2f})).defenseSplit(8000, 1);
        assertEquals(8000, split.defense().size());
        assertEquals(2000, split.evaluation().size());
        assertEquals(8000, DefenseSplit.paper(indexed(10_000), 1).defense().size());
    }

    @Test
    void impossibleSizesAreRejected() {
        ImageDataset test = indexed(10);
        assertThrows(IllegalArgumentException.class, () -> DefenseSplit.of(test, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> DefenseSplit.of(test, 10, 1));
    }
}
