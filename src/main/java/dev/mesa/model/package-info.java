/** Classifiers: the CIFAR ResNet-18 and compact CNN builders, seeded initialisation and versioned model files. */
package dev.mesa.model;
