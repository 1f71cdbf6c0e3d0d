package dev.annogan.examples.cgan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.annogan.core.cgan.ConditionalDiscriminator;
import dev.annogan.core.model.BlockBuilders;
import dev.annogan.datasets.mnist.FashionMnist;
import dev.annogan.training.GanApplication;
import dev.annogan.training.GanObjective;
import dev.annogan.training.GanTrainer;
import dev.annogan.training.objective.ConditionalGanObjective;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.function.Function;

/**
 * Class-conditional image generation on Fashion-MNIST, the whole application in one place: G
 * ({@code ConditionalGenerator}, described by {@link CganRunner#generatorSpec()}) draws an image of
 * a given class from noise, D ({@link ConditionalDiscriminator}, spectrally normalised) judges
 * (image, class) by projection or as an auxiliary classifier, {@link ConditionalGanObjective} is
 * the game and its validation (the Fréchet distance of generated images in a fixed classifier's
 * features, and how often that classifier recognises their class), the picture is a row of samples
 * per class, and the Fréchet distance picks the best checkpoint. {@link CganRunner} runs it.
 */
final class ConditionalGan implements GanApplication {

    private static final int SAMPLES_PER_CLASS = 8;

    private final ConditionalGanObjective.Mode mode;
    private final ConditionalGanObjective objective;

    /**
     * Describes a run.
     *
     * @param mode how D is conditioned
     * @param validationClassifier the fixed classifier validation measures generated images with
     *     (images to {@code NDList(classLogits, features)}), or null to train without validation
     */
    ConditionalGan(
            ConditionalGanObjective.Mode mode, Function<NDArray, NDList> validationClassifier) {
        this.mode = mode;
        this.objective =
                new ConditionalGanObjective(
                        CganRunner.NOISE_DIM,
                        FashionMnist.CLASS_NAMES.size(),
                        mode,
                        1f,
                        validationClassifier);
    }

    @Override
    public String name() {
        return "cgan";
    }

    @Override
    public Block newGenerator() {
        return BlockBuilders.build(CganRunner.generatorSpec());
    }

    @Override
    public Shape[] generatorInputs() {
        return new Shape[] {new Shape(1, CganRunner.NOISE_DIM), new Shape(1)};
    }

    @Override
    public Block newDiscriminator() {
        int side = FashionMnist.IMAGE_SIZE;
        return ConditionalDiscriminator.builder()
                .setNumClasses(FashionMnist.CLASS_NAMES.size())
                .setInputShape(1, side, side)
                .optMode(
                        mode == ConditionalGanObjective.Mode.PROJECTION
                                ? ConditionalDiscriminator.Mode.PROJECTION
                                : ConditionalDiscriminator.Mode.ACGAN)
                .optWidth(CganRunner.WIDTH)
                .optSpectralNorm(true)
                .build();
    }

    @Override
    public Shape[] discriminatorInputs() {
        int side = FashionMnist.IMAGE_SIZE;
        Shape images = new Shape(1, 1, side, side);
        return mode == ConditionalGanObjective.Mode.PROJECTION
                ? new Shape[] {images, new Shape(1)}
                : new Shape[] {images};
    }

    @Override
    public GanObjective objective() {
        return objective;
    }

    @Override
    public String metric() {
        return "fid";
    }

    @Override
    public boolean higherIsBetter() {
        return false;
    }

    /** Draws a row of generated images per class, class names on the left (inference weights). */
    @Override
    public BufferedImage picture(GanTrainer gan) {
        int k = FashionMnist.CLASS_NAMES.size();
        int side = FashionMnist.IMAGE_SIZE;
        int scale = 2;
        int tile = side * scale + 4;
        int left = 110;
        float[] pixels;
        try (NDManager manager = gan.generatorModel().getNDManager().newSubManager()) {
            int[] classes = new int[k * SAMPLES_PER_CLASS];
            for (int i = 0; i < classes.length; i++) {
                classes[i] = i / SAMPLES_PER_CLASS;
            }
            NDArray ids = manager.create(classes);
            pixels =
                    gan.generate(
                            manager,
                            context -> {
                                NDArray z =
                                        context.noise(
                                                new Shape(classes.length, CganRunner.NOISE_DIM));
                                return context.generator(new NDList(z, ids)).head().toFloatArray();
                            });
        }
        BufferedImage image =
                new BufferedImage(
                        left + SAMPLES_PER_CLASS * tile, 24 + k * tile, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        g.drawString("generated after " + gan.step() + " steps", 6, 16);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int c = 0; c < k; c++) {
            int y0 = 24 + c * tile;
            g.drawString(FashionMnist.CLASS_NAMES.get(c), 6, y0 + tile / 2 + 4);
            for (int s = 0; s < SAMPLES_PER_CLASS; s++) {
                int offset = (c * SAMPLES_PER_CLASS + s) * side * side;
                int x0 = left + s * tile;
                for (int y = 0; y < side * scale; y++) {
                    for (int x = 0; x < side * scale; x++) {
                        float v = pixels[offset + (y / scale) * side + x / scale];
                        int grey = Math.max(0, Math.min(255, Math.round((v + 1) * 127.5f)));
                        image.setRGB(x0 + x, y0 + y, grey * 0x010101);
                    }
                }
            }
        }
        g.dispose();
        return image;
    }
}
