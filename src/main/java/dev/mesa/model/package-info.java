/**
 * Classifiers: the CIFAR ResNet-18 and compact CNN builders, seeded initialisation, versioned model files,
 * and how a network is run fast without changing its function (layer order, channels-last layout, and the
 * BatchNorm-folded inference form of a frozen classifier).
 */
package dev.mesa.model;
