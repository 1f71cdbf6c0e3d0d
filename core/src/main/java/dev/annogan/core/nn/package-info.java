/**
 * Building blocks shared by the annotators' generators and discriminators: nearest-neighbour
 * upsampling and the resize-convolution built on it (the PyTorch engine has no transposed
 * convolution), spectral normalisation of any linear or convolutional layer, and DCGAN-style
 * strided convolution stacks that encode images into feature maps or feature vectors. Everything
 * here uses only DJL's engine-agnostic API.
 */
package dev.annogan.core.nn;
