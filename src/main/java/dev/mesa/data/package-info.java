/**
 * Datasets: compact uint8 images, loaders (CIFAR binary, image folders with or without a training split,
 * synthetic), Pillow-exact resizing to a model's input size, checksummed downloads, the paper's seeded
 * defence/evaluation split, and batch assembly (normalisation and augmentation).
 */
package dev.mesa.data;
