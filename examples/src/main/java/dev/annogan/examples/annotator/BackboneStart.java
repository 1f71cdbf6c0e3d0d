package dev.annogan.examples.annotator;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import com.google.gson.JsonObject;
import dev.annogan.core.backbone.ImageBackbone;
import dev.annogan.datasets.image.Normalization;
import dev.annogan.training.GanTrainer;
import dev.annogan.training.run.RunSetupException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * How an annotator starts from a pretrained backbone ({@code --backbone}): which folder, and
 * whether its weights stay fixed ({@code --freeze-backbone}) or fine-tune at their own fraction of
 * G's learning rate ({@code --backbone-lr}).
 *
 * @param folder the backbone folder ({@link ImageBackbone}), or null to start from scratch
 * @param freeze whether the backbone's weights in G stay as they are
 * @param learningRateFactor the backbone's learning rate as a fraction of G's, when not frozen
 */
public record BackboneStart(Path folder, boolean freeze, float learningRateFactor) {

    /** From scratch: no backbone. */
    public static final BackboneStart NONE = new BackboneStart(null, false, 1f);

    /** Returns whether the run starts from a backbone. */
    public boolean enabled() {
        return folder != null;
    }

    /**
     * Reads the backbone's architecture without loading its weights, so that the command can build
     * G on it.
     *
     * @return the backbone's width, depth and normalisation
     * @throws RunSetupException naming the folder when it is no backbone
     */
    public ImageBackbone.Architecture architecture() {
        try {
            return ImageBackbone.architecture(folder);
        } catch (IOException | IllegalArgumentException e) {
            throw new RunSetupException("--backbone " + message(e));
        }
    }

    /**
     * Checks, before training, that the backbone loads and learnt from images normalised as the
     * run's are.
     *
     * @param normalization the run's image normalisation
     * @throws RunSetupException naming the folder and what does not fit
     */
    void check(Normalization normalization) {
        float[] mean = {normalization.mean(0), normalization.mean(1), normalization.mean(2)};
        float[] std = {normalization.std(0), normalization.std(1), normalization.std(2)};
        try (ImageBackbone backbone = ImageBackbone.load(folder)) {
            if (!Arrays.equals(mean, backbone.mean()) || !Arrays.equals(std, backbone.std())) {
                throw new RunSetupException(
                        "--backbone "
                                + folder
                                + " learnt from images normalised with mean "
                                + Arrays.toString(backbone.mean())
                                + " and std "
                                + Arrays.toString(backbone.std())
                                + ", this run's have "
                                + Arrays.toString(mean)
                                + " and "
                                + Arrays.toString(std));
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new RunSetupException("--backbone " + message(e));
        }
    }

    /**
     * Copies the backbone into G (and into D's image encoder, where D has one), then freezes G's
     * copy or sets its learning rate. Runs in the application's {@code afterInitialize}, before a
     * resumed run restores its checkpoint (which then overwrites the weights but not the freezing
     * or the learning rate, neither of which checkpoints record).
     *
     * @param gan the initialised trainer
     * @param discriminatorEncoder D's part built on the backbone, or null
     */
    public void apply(GanTrainer gan, Block discriminatorEncoder) {
        try (ImageBackbone backbone = ImageBackbone.load(folder)) {
            List<Parameter> copied = backbone.copyInto(gan.generatorModel().getBlock());
            if (discriminatorEncoder != null) {
                backbone.copyInto(discriminatorEncoder);
            }
            if (freeze) {
                copied.forEach(p -> p.freeze(true));
            } else if (learningRateFactor != 1f) {
                gan.scaleGeneratorLearningRate(copied, learningRateFactor);
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new RunSetupException("--backbone " + message(e));
        }
    }

    /** Returns the run identity's record of the backbone. */
    JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("folder", folder.toAbsolutePath().normalize().toString());
        json.addProperty("freeze", freeze);
        json.addProperty("learningRateFactor", learningRateFactor);
        return json;
    }

    /** Returns what the run prints about its start. */
    String describe() {
        return "backbone "
                + folder
                + (freeze
                        ? " (frozen)"
                        : " (fine-tuned at " + learningRateFactor + " x G's learning rate)");
    }

    private String message(Exception e) {
        String text = e.getMessage();
        return text != null && text.contains(folder.toString()) ? text : folder + ": " + text;
    }
}
