package dev.mesa.data;

/** Channels × height × width of every image in a dataset. */
public record ImageShape(int channels, int height, int width) {
    public static final ImageShape CIFAR = new ImageShape(3, 32, 32);

    public ImageShape {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("image shape must be positive, got " + channels + "x" + height + "x" + width);
        }
    }

    public int pixels() {
        return height * width;
    }

    public int values() {
        return channels * height * width;
    }

    @Override
    public String toString() {
        return channels + "x" + height + "x" + width;
    }
}
