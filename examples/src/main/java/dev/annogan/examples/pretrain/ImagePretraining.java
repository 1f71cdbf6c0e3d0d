package dev.annogan.examples.pretrain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.annogan.core.backbone.ImageCritic;
import dev.annogan.core.classifier.DcganGenerator;
import dev.annogan.datasets.image.Normalization;
import dev.annogan.training.GanApplication;
import dev.annogan.training.GanObjective;
import dev.annogan.training.GanTrainer;
import dev.annogan.training.objective.ImageGanObjective;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

/**
 * GAN pretraining (Radford et al. 2015), the whole application: G ({@link DcganGenerator}) turns
 * noise into images of the run's size, D ({@link ImageCritic}: a DCGAN encoder and one logit) tells
 * the user's images from G's, {@link ImageGanObjective} is the game, and the picture is a grid of
 * G's images. What the run keeps is D's encoder: a backbone for the annotators.
 */
final class ImagePretraining implements GanApplication {

    /** The rows and columns of generated images in the picture. */
    private static final int GRID = 6;

    private final PretrainRunner.Settings settings;
    private final Normalization normalization;
    private final ImageGanObjective objective;

    /**
     * Describes a run.
     *
     * @param settings the networks' sizes
     * @param normalization how the images were normalised, to show G's images as pixels
     */
    ImagePretraining(PretrainRunner.Settings settings, Normalization normalization) {
        this.settings = settings;
        this.normalization = normalization;
        this.objective = new ImageGanObjective(settings.noiseDim());
    }

    @Override
    public String name() {
        return "pretrain";
    }

    @Override
    public Block newGenerator() {
        return DcganGenerator.builder()
                .setOutputShape(3, settings.size(), settings.size())
                .optNoiseDim(settings.noiseDim())
                .optWidth(settings.generatorWidth())
                .build();
    }

    @Override
    public Shape[] generatorInputs() {
        return new Shape[] {new Shape(1, settings.noiseDim())};
    }

    @Override
    public Block newDiscriminator() {
        return ImageCritic.builder()
                .setInputSize(settings.size())
                .optWidth(settings.width())
                .optDepth(settings.depth())
                .build();
    }

    @Override
    public Shape[] discriminatorInputs() {
        return new Shape[] {new Shape(1, 3, settings.size(), settings.size())};
    }

    @Override
    public GanObjective objective() {
        return objective;
    }

    /** Pretraining keeps the last weights: no validation metric says which features are best. */
    @Override
    public String metric() {
        return null;
    }

    @Override
    public BufferedImage picture(GanTrainer gan) {
        int side = settings.size();
        int count = GRID * GRID;
        float[] pixels;
        try (NDManager manager = gan.generatorModel().getNDManager().newSubManager()) {
            pixels =
                    gan.generate(
                            manager,
                            context -> {
                                NDArray z = context.noise(new Shape(count, settings.noiseDim()));
                                return context.generator(new NDList(z)).head().toFloatArray();
                            });
        }
        int scale = Math.max(1, 96 / side);
        int tile = side * scale + 4;
        BufferedImage image =
                new BufferedImage(GRID * tile + 4, 24 + GRID * tile, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        g.drawString("generated after " + gan.step() + " steps", 6, 16);
        g.dispose();
        int plane = side * side;
        BufferedImage one = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < count; i++) {
            int offset = i * 3 * plane;
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    int rgb = 0;
                    for (int c = 0; c < 3; c++) {
                        float value = pixels[offset + c * plane + y * side + x];
                        int level = Math.round(255f * normalization.denormalize(c, value));
                        rgb = (rgb << 8) | Math.max(0, Math.min(255, level));
                    }
                    one.setRGB(x, y, rgb);
                }
            }
            Graphics2D tileGraphics = image.createGraphics();
            tileGraphics.drawImage(
                    one,
                    4 + (i % GRID) * tile,
                    24 + (i / GRID) * tile,
                    side * scale,
                    side * scale,
                    null);
            tileGraphics.dispose();
        }
        return image;
    }
}
