/**
 * Classifiers: the CIFAR ResNet-18 and compact CNN builders, seeded initialisation, versioned model files,
 * how a network is run fast without changing its function (layer order, channels-last layout, and the
 * BatchNorm-folded inference form of a frozen classifier), a user's TorchScript classifier (import, probe,
 * plain forwards), and export back to PyTorch (TorchScript, or a state dict with its Python loader).
 */
package dev.mesa.model;
