package dev.annogan.examples.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.translate.Batchifier;
import dev.annogan.core.labelgan.LabelSetDiscriminator;
import dev.annogan.core.labelgan.LabelSetGenerator;
import dev.annogan.core.model.BlockBuilders;
import dev.annogan.core.model.BlockSpec;
import dev.annogan.core.segmentation.PatchDiscriminator;
import dev.annogan.core.tagging.PairDiscriminator;
import dev.annogan.training.GanConfig;
import dev.annogan.training.GanTrainer;
import dev.annogan.training.augment.ImageAugmentation;
import dev.annogan.training.objective.LabelSetObjective;
import dev.annogan.training.objective.LabelSetObjective.FakeSets;
import dev.annogan.training.objective.LossWeights;
import dev.annogan.training.objective.SegmentationObjective;
import dev.annogan.training.objective.TaggingObjective;
import dev.annogan.training.teacher.TeacherTerms;
import java.util.Locale;
import java.util.Random;

/**
 * The reference GAN workloads of {@code shared/bench} (W1, W2, W3), built from the project's own
 * blocks, objectives and {@link GanTrainer}: the code path a training run takes, with the
 * reference's shapes, batch size, optimizer (Adam, 2e-4, betas 0.5 / 0.999) and definition of an
 * iteration (one D update on a real and a detached generated batch, then one G update with D
 * frozen). The batch is made once, before timing, as the reference does.
 *
 * <ul>
 *   <li>W1, the label-set GAN: MLP G (100 -> 256 -> 512 -> 80, sigmoid) and D (80 -> 256 -> 128 ->
 *       1), batch 64 of random 0/1 vectors.
 *   <li>W2, the conditional tagger: G and D each with a DCGAN encoder (3 -> 32 -> 64 -> 128 -> 256,
 *       4x4 stride-2 convolutions, batch norm after the first, global average pooling); G appends
 *       64 noise values and maps to 80 logits through 256 hidden units, D appends the 80 label
 *       probabilities and maps to 1 logit. Batch 32 of 3x64x64; G's loss is the adversarial BCE
 *       plus 10 times the BCE against the labels.
 *   <li>W3, the pix2pix segmenter: {@code Pix2PixGenerator} (depth 3, width 32, 8 classes) against
 *       a batch-normalised PatchGAN (11 -> 64 -> 128 -> 1). Batch 16 of 3x64x64; G's loss is the
 *       cross-entropy plus the adversarial BCE. The PatchGAN's last convolution is 3x3 (16x16
 *       patches) where the reference's is 4x4 (15x15): 0.05% of the iteration's arithmetic.
 * </ul>
 */
public final class ReferenceWorkload implements AutoCloseable {

    private final String name;
    private final GanTrainer gan;
    private final Batch batch;
    private final double flops;

    private ReferenceWorkload(String name, GanTrainer gan, Batch batch, double flops) {
        this.name = name;
        this.gan = gan;
        this.batch = batch;
        this.flops = flops;
    }

    /**
     * Builds a workload and its batch.
     *
     * @param name w1, w2 or w3
     * @param manager the manager that owns the batch
     * @return the initialised workload
     * @throws IllegalArgumentException for another name
     */
    public static ReferenceWorkload of(String name, NDManager manager) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "w1" -> w1(manager);
            case "w2" -> w2(manager);
            case "w3" -> w3(manager);
            default -> throw new IllegalArgumentException("no workload " + name);
        };
    }

    /** Returns the workload's name. */
    public String name() {
        return name;
    }

    /** Runs one iteration: one D update and one G update. */
    public void iterate() {
        gan.trainBatch(batch);
    }

    /**
     * Returns the floating-point operations of one iteration as the reference executes it (see
     * {@link FlopCount}), the numerator of both implementations' GFLOP/s.
     *
     * @return FLOPs per iteration
     */
    public double flopsPerIteration() {
        return flops;
    }

    @Override
    public void close() {
        gan.close();
    }

    private static GanConfig config(int batchSize) {
        return GanConfig.builder()
                .optBatchSize(batchSize)
                .optLearningRates(2e-4f, 2e-4f)
                .optBetas(0.5f, 0.999f)
                .optCheckpoints(0, 1)
                .build();
    }

    private static Batch batch(NDManager manager, NDList data, NDList labels, int size) {
        return new Batch(manager, data, labels, size, Batchifier.STACK, Batchifier.STACK, 0, 1);
    }

    private static float[][] randomBits(Random random, int rows, int columns) {
        float[][] bits = new float[rows][columns];
        for (float[] row : bits) {
            for (int j = 0; j < columns; j++) {
                row[j] = random.nextBoolean() ? 1 : 0;
            }
        }
        return bits;
    }

    private static ReferenceWorkload w1(NDManager manager) {
        int k = 80;
        int batchSize = 64;
        int noise = 100;
        float[][] real = randomBits(new Random(0), batchSize, k);
        GanTrainer gan =
                GanTrainer.builder()
                        .setGenerator(
                                LabelSetGenerator.builder()
                                        .setNumLabels(k)
                                        .optNoiseDim(noise)
                                        .build())
                        .setDiscriminator(LabelSetDiscriminator.builder().setNumLabels(k).build())
                        .setObjective(
                                new LabelSetObjective(noise, k, real, 0, FakeSets.PROBABILITIES))
                        .optConfig(config(batchSize))
                        .build();
        gan.initialize(new Shape[] {new Shape(1, noise)}, new Shape[] {new Shape(1, k)});
        Batch batch = batch(manager, new NDList(manager.create(real)), new NDList(), batchSize);
        FlopCount g = new FlopCount().linear(noise, 256).linear(256, 512).linear(512, k);
        FlopCount d = new FlopCount().linear(k, 256).linear(256, 128).linear(128, 1);
        return new ReferenceWorkload("w1", gan, batch, FlopCount.iteration(g, d, batchSize));
    }

    private static ReferenceWorkload w2(NDManager manager) {
        int k = 80;
        int batchSize = 32;
        int noise = 64;
        int size = 64;
        BlockSpec tagger =
                BlockSpec.of("tagger")
                        .with("numLabels", k)
                        .with("inputSize", size)
                        .with("width", 32)
                        .with("depth", 4)
                        .with("batchNorm", true)
                        .with("globalPooling", true)
                        .with("noiseDim", noise);
        GanTrainer gan =
                GanTrainer.builder()
                        .setGenerator(BlockBuilders.build(tagger))
                        .setDiscriminator(
                                PairDiscriminator.builder()
                                        .setNumLabels(k)
                                        .setInputSize(size)
                                        .optWidth(32)
                                        .optDepth(4)
                                        .optBatchNorm(true)
                                        .optGlobalPooling(true)
                                        .optProjection(false)
                                        .build())
                        // W2's G loss is adversarial + 10 BCE, as the PyTorch reference's.
                        .setObjective(
                                new TaggingObjective(
                                        noise,
                                        new LossWeights(10f, 1f),
                                        TeacherTerms.NONE,
                                        ImageAugmentation.NONE))
                        .optConfig(config(batchSize))
                        .build();
        Shape image = new Shape(1, 3, size, size);
        gan.initialize(
                new Shape[] {image, new Shape(1, noise)}, new Shape[] {image, new Shape(1, k)});
        Random random = new Random(0);
        NDArray images = manager.randomNormal(new Shape(batchSize, 3, size, size));
        NDArray labels = manager.create(randomBits(random, batchSize, k));
        NDArray labelled = manager.ones(new Shape(batchSize));
        Batch batch = batch(manager, new NDList(images), new NDList(labels, labelled), batchSize);
        FlopCount encoder = new FlopCount().downConvs(3, 32, 4, size);
        FlopCount g = encoder.copy().linear(256 + noise, 256).linear(256, k);
        FlopCount head = new FlopCount().linear(256 + k, 256).linear(256, 1);
        FlopCount d = encoder.copy().linear(256 + k, 256).linear(256, 1);
        // G's labels enter D at its head; the image encoder before it sees only data.
        return new ReferenceWorkload(
                "w2", gan, batch, FlopCount.iteration(g, d, head.forward(), batchSize));
    }

    private static ReferenceWorkload w3(NDManager manager) {
        int classes = 8;
        int batchSize = 16;
        int size = 64;
        BlockSpec unet =
                BlockSpec.of("pix2pix")
                        .with("numClasses", classes)
                        .with("width", 32)
                        .with("depth", 3);
        SegmentationObjective objective =
                new SegmentationObjective(
                        classes,
                        LossWeights.EQUAL,
                        new SegmentationObjective.Settings(0f, 0.2f, 0));
        GanTrainer gan =
                GanTrainer.builder()
                        .setGenerator(BlockBuilders.build(unet))
                        .setDiscriminator(
                                PatchDiscriminator.builder()
                                        .setNumClasses(classes)
                                        .optWidth(64)
                                        .optDepth(2)
                                        .optBatchNorm(true)
                                        .build())
                        .setObjective(objective)
                        .optConfig(config(batchSize))
                        .build();
        Shape image = new Shape(1, 3, size, size);
        gan.initialize(new Shape[] {image}, new Shape[] {image, new Shape(1, classes, size, size)});
        NDArray images = manager.randomNormal(new Shape(batchSize, 3, size, size));
        NDArray masks =
                manager.randomInteger(0, classes, new Shape(batchSize, size, size), DataType.INT32);
        NDArray labelled = manager.ones(new Shape(batchSize));
        Batch batch = batch(manager, new NDList(images), new NDList(masks, labelled), batchSize);
        FlopCount g =
                new FlopCount()
                        .downConvs(3, 32, 3, size)
                        .transposed(128, 64, 16)
                        .transposed(128, 32, 32)
                        .transposed(64, classes, 64);
        FlopCount d = new FlopCount().downConvs(3 + classes, 64, 2, size).conv(128, 1, 4, 15);
        return new ReferenceWorkload("w3", gan, batch, FlopCount.iteration(g, d, batchSize));
    }
}
