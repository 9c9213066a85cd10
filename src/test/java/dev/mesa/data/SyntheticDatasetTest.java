package dev.mesa.data;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SyntheticDatasetTest {
    @Test
    void sameSpecSameImages() {
        SyntheticDataset.Spec spec = new SyntheticDataset.Spec(4, 5, 3, 8, 21);
        DatasetSplits a = SyntheticDataset.generate(spec);
        DatasetSplits b = SyntheticDataset.generate(spec);
        assertArrayEquals(a.train().pixelData(), b.train().pixelData());
        assertArrayEquals(a.test().pixelData(), b.test().pixelData());
        assertEquals(a.normalization(), b.normalization());
        assertEquals(20, a.train().size());
        assertEquals(12, a.test().size());
        assertArrayEquals(new int[] {5, 5, 5, 5}, a.train().classCounts());
        assertEquals(new ImageShape(3, 8, 8), a.shape());
        assertFalse(Arrays.equals(a.train().pixelData(), Arrays.copyOf(a.test().pixelData(), a.train().pixelData().length)),
                "train and test images differ");
    }

    @Test
    void otherSeedOtherImages() {
        DatasetSplits a = SyntheticDataset.generate(new SyntheticDataset.Spec(4, 5, 3, 8, 21));
        DatasetSplits b = SyntheticDataset.generate(new SyntheticDataset.Spec(4, 5, 3, 8, 22));
        assertFalse(Arrays.equals(a.train().pixelData(), b.train().pixelData()));
    }

    @Test
    void badSpecsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new SyntheticDataset.Spec(1, 5, 3, 8, 1));
        assertThrows(IllegalArgumentException.class, () -> new SyntheticDataset.Spec(2, 0, 3, 8, 1));
        assertThrows(IllegalArgumentException.class, () -> new SyntheticDataset.Spec(2, 5, 3, 3, 1));
    }
}
