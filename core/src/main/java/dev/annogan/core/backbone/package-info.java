/**
 * Backbones: image encoders trained elsewhere (by {@code annogan pretrain}, on every image a user
 * has) whose weights start an annotator's encoder. {@link dev.annogan.core.backbone.ImageBackbone}
 * loads one through DJL's {@code Criteria} and copies it into a network; {@link
 * dev.annogan.core.backbone.ImageCritic} is the discriminator that learns it.
 */
package dev.annogan.core.backbone;
