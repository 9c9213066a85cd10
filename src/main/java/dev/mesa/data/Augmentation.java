package dev.mesa.data;

/**
 * Standard CIFAR augmentation: random crop of the zero-padded image ({@code padding} pixels on every side)
 * and a random horizontal flip. {@link #NONE} leaves images as they are.
 */
public record Augmentation(int padding, boolean horizontalFlip) {
    public static final Augmentation NONE = new Augmentation(0, false);
    public static final Augmentation CIFAR = new Augmentation(4, true);

    public Augmentation {
        if (padding < 0) {
            throw new IllegalArgumentException("padding must be >= 0, got " + padding);
        }
    }

    public boolean isIdentity() {
        return padding == 0 && !horizontalFlip;
    }
}
