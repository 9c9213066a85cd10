/**
 * Datasets: compact uint8 images, loaders (CIFAR binary, image folders, synthetic), checksummed downloads,
 * the paper's seeded defence/evaluation split, and batch assembly (normalisation and augmentation).
 */
package dev.mesa.data;
