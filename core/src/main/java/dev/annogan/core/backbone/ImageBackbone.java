package dev.annogan.core.backbone;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.util.Pair;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.annogan.core.model.BlockSpec;
import dev.annogan.core.model.ModelFolder;
import dev.annogan.core.model.ModelSpec;
import dev.annogan.core.nn.BufferedBlock;
import dev.annogan.core.nn.ImageEncoder;
import dev.annogan.core.nn.StridedConvStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A pretrained image encoder, loaded from a model folder through DJL's {@code Criteria}, whose
 * strided convolutions start the encoder of an annotator (and of its discriminator).
 *
 * <p>A backbone folder is a {@link ModelFolder} of application {@value #APPLICATION} holding an
 * {@link ImageEncoder} ({@value #BLOCK_TYPE}) and, in {@code model.json}'s details, the input
 * normalisation its images had ({@code mean}, {@code std}). {@code annogan pretrain} writes one. A
 * network is "built on" a backbone when its first parameters and buffers, in {@link
 * Block#getParameters()} order, are those of a {@link StridedConvStack} of the backbone's width,
 * depth and normalisation: the tagger's encoder, the pix2pix generator's encoder levels, the image
 * encoder of the tagging discriminator. {@link #copyInto(Block)} copies the weights there; since
 * they are then part of the network, an exported annotator carries them and loads without the
 * backbone folder.
 *
 * <pre>{@code
 * try (ImageBackbone backbone = ImageBackbone.load(Path.of("runs/pretrain/backbone"))) {
 *     // build G with backbone.width(), backbone.depth(), backbone.batchNorm(), initialise it, then
 *     List<Parameter> copied = backbone.copyInto(generator);
 * }
 * }</pre>
 */
public final class ImageBackbone implements AutoCloseable {

    /** The application name in a backbone's {@code model.json}. */
    public static final String APPLICATION = "image-backbone";

    /** The block type of a backbone's network. */
    public static final String BLOCK_TYPE = "image-encoder";

    private static final String NO_FOLDER =
            "no such backbone folder (make one with 'annogan pretrain --images DIR --out DIR'; the"
                    + " backbone is DIR/backbone)";

    private final Path folder;
    private final ModelSpec spec;
    private final ZooModel<NDList, NDList> model;
    private final StridedConvStack convolutions;

    private ImageBackbone(
            Path folder, ModelSpec spec, ZooModel<NDList, NDList> model, ImageEncoder encoder) {
        this.folder = folder;
        this.spec = spec;
        this.model = model;
        this.convolutions = strided(encoder);
    }

    /** A backbone carries DCGAN's strided convolutions: what 'annogan pretrain' trains. */
    private static StridedConvStack strided(ImageEncoder encoder) {
        if (!(encoder.getConvolutions() instanceof StridedConvStack convs)) {
            throw new IllegalArgumentException(
                    "a backbone is an encoder of strided convolutions (DCGAN's), not a "
                            + encoder.getConvolutions().getClass().getSimpleName());
        }
        return convs;
    }

    /**
     * Loads a backbone folder through DJL's {@code Criteria} (its {@code serving.properties} names
     * AnnoGAN's block factory), offline.
     *
     * @param folder the backbone's model folder
     * @return the backbone; close it when its weights have been copied
     * @throws IOException naming the folder when it is missing, is no backbone, or does not load
     */
    public static ImageBackbone load(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new NoSuchFileException(folder.toString(), null, NO_FOLDER);
        }
        ModelSpec spec = ModelFolder.readSpec(folder);
        requireBackbone(folder, spec);
        mean(spec, folder);
        std(spec, folder);
        ZooModel<NDList, NDList> model;
        try {
            model =
                    Criteria.builder()
                            .setTypes(NDList.class, NDList.class)
                            .optModelPath(folder)
                            .build()
                            .loadModel();
        } catch (ModelNotFoundException | MalformedModelException | RuntimeException e) {
            throw new IOException(folder + ": cannot load the backbone: " + e.getMessage(), e);
        }
        if (!(model.getBlock() instanceof ImageEncoder encoder)) {
            model.close();
            throw new IOException(
                    folder
                            + ": the backbone's network is a "
                            + spec.block().type()
                            + ", not an "
                            + BLOCK_TYPE);
        }
        try {
            return new ImageBackbone(folder, spec, model, encoder);
        } catch (IllegalArgumentException e) {
            model.close();
            throw new IOException(folder + ": " + e.getMessage(), e);
        }
    }

    /**
     * What a network built on a backbone must match: the backbone's strided convolutions.
     *
     * @param width the channels of the first convolution
     * @param depth the number of stride-2 convolutions
     * @param batchNorm whether the convolutions after the first are batch-normalised
     */
    public record Architecture(int width, int depth, boolean batchNorm) {}

    /**
     * Reads a backbone's architecture from its {@code model.json}, without loading its weights.
     *
     * @param folder the backbone folder
     * @return its width, depth and normalisation
     * @throws IOException naming the folder or file when it is no backbone
     */
    public static Architecture architecture(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new NoSuchFileException(folder.toString(), null, NO_FOLDER);
        }
        ModelSpec spec = ModelFolder.readSpec(folder);
        requireBackbone(folder, spec);
        Map<String, Object> settings = spec.block().settings();
        if (!(settings.get("width") instanceof Number width)
                || !(settings.get("depth") instanceof Number depth)
                || !(settings.get("batchNorm") instanceof Boolean batchNorm)) {
            throw new IOException(
                    folder.resolve(ModelFolder.SPEC_FILE)
                            + ": block.settings needs width, depth (numbers) and batchNorm (true or"
                            + " false)");
        }
        return new Architecture(width.intValue(), depth.intValue(), batchNorm);
    }

    private static void requireBackbone(Path folder, ModelSpec spec) throws IOException {
        if (!APPLICATION.equals(spec.application())) {
            throw new IOException(
                    folder
                            + " holds a "
                            + spec.application()
                            + " model, not a backbone (an "
                            + APPLICATION
                            + " folder, made by 'annogan pretrain')");
        }
    }

    /**
     * Writes a trained encoder as a backbone folder, atomically (an existing folder is replaced
     * only by a complete one).
     *
     * @param folder the folder to write
     * @param encoder the trained encoder
     * @param mean the per-channel mean subtracted from the images it learnt from (0-1 pixels)
     * @param std the per-channel standard deviation they were divided by
     * @param details what else to record, e.g. the images and steps it learnt from; may be empty
     * @throws IOException if writing fails
     */
    public static void save(
            Path folder, ImageEncoder encoder, float[] mean, float[] std, JsonObject details)
            throws IOException {
        StridedConvStack convs = strided(encoder);
        int side = encoder.getInputHeight();
        BlockSpec block =
                BlockSpec.of(BLOCK_TYPE)
                        .with("inputSize", List.of(side, encoder.getInputWidth()))
                        .with("inputChannels", convs.getInputChannels())
                        .with("width", convs.getWidth())
                        .with("depth", convs.getDepth())
                        .with("batchNorm", convs.isBatchNorm())
                        .with("spectralNorm", convs.isSpectralNorm())
                        .with("globalPooling", encoder.isGlobalPooling());
        JsonObject all = details.deepCopy();
        all.add("mean", array(mean));
        all.add("std", array(std));
        ModelSpec spec =
                new ModelSpec(
                        APPLICATION,
                        block,
                        List.of(
                                ModelSpec.Input.floats(
                                        1,
                                        convs.getInputChannels(),
                                        side,
                                        encoder.getInputWidth())),
                        all);
        ModelFolder.save(folder, encoder, spec, null);
    }

    /** Returns the folder the backbone was loaded from. */
    public Path folder() {
        return folder;
    }

    /** Returns the backbone's {@code model.json}. */
    public ModelSpec spec() {
        return spec;
    }

    /** Returns the channels of the first convolution; each later one doubles them. */
    public int width() {
        return convolutions.getWidth();
    }

    /** Returns the number of stride-2 convolutions. */
    public int depth() {
        return convolutions.getDepth();
    }

    /** Returns whether the convolutions after the first are batch-normalised. */
    public boolean batchNorm() {
        return convolutions.isBatchNorm();
    }

    /** Returns the per-channel mean the backbone's images had subtracted (0-1 pixels). */
    public float[] mean() {
        return mean(spec, folder);
    }

    /** Returns the per-channel standard deviation the backbone's images were divided by. */
    public float[] std() {
        return std(spec, folder);
    }

    /**
     * Copies the backbone's weights into the first parameters and buffers of {@code target}, a
     * network built on it (see the class comment).
     *
     * @param target an initialised network whose leading parameters match the backbone's
     * @return the parameters of {@code target} that now hold the backbone's weights, to freeze or
     *     to train at their own learning rate
     * @throws IllegalArgumentException naming the first parameter whose shape differs, or saying
     *     that the network has fewer
     */
    public List<Parameter> copyInto(Block target) {
        List<Pair<String, Parameter>> from = convolutions.getParameters().stream().toList();
        List<Pair<String, Parameter>> to = target.getParameters().stream().toList();
        if (to.size() < from.size()) {
            throw new IllegalArgumentException(notBuiltOn(target, "it has fewer parameters"));
        }
        List<Parameter> copied = new ArrayList<>();
        for (int i = 0; i < from.size(); i++) {
            NDArray source = from.get(i).getValue().getArray();
            NDArray destination = to.get(i).getValue().getArray();
            check(target, to.get(i).getKey(), source.getShape(), destination.getShape());
            source.copyTo(destination);
            copied.add(to.get(i).getValue());
        }
        List<Pair<String, NDArray>> fromBuffers =
                BufferedBlock.buffersOf(convolutions).stream().toList();
        List<Pair<String, NDArray>> toBuffers = BufferedBlock.buffersOf(target).stream().toList();
        if (toBuffers.size() < fromBuffers.size()) {
            throw new IllegalArgumentException(notBuiltOn(target, "it has fewer buffers"));
        }
        for (int i = 0; i < fromBuffers.size(); i++) {
            NDArray source = fromBuffers.get(i).getValue();
            NDArray destination = toBuffers.get(i).getValue();
            check(target, toBuffers.get(i).getKey(), source.getShape(), destination.getShape());
            source.copyTo(destination);
        }
        return copied;
    }

    private void check(Block target, String name, Shape backbone, Shape network) {
        if (!backbone.equals(network)) {
            throw new IllegalArgumentException(
                    notBuiltOn(
                            target,
                            name
                                    + " has shape "
                                    + network
                                    + " where the backbone has "
                                    + backbone));
        }
    }

    private String notBuiltOn(Block target, String why) {
        return "the "
                + target.getClass().getSimpleName()
                + " is not built on the backbone "
                + folder
                + " (width "
                + width()
                + ", depth "
                + depth()
                + (batchNorm() ? ", batch norm" : "")
                + "): "
                + why;
    }

    /** Frees the loaded weights. */
    @Override
    public void close() {
        model.close();
    }

    private static float[] mean(ModelSpec spec, Path folder) {
        return floats(spec, folder, "mean");
    }

    private static float[] std(ModelSpec spec, Path folder) {
        return floats(spec, folder, "std");
    }

    private static float[] floats(ModelSpec spec, Path folder, String field) {
        JsonObject details = spec.details();
        if (details == null
                || !details.has(field)
                || !details.get(field).isJsonArray()
                || details.getAsJsonArray(field).size() != 3) {
            throw new IllegalArgumentException(
                    folder.resolve(ModelFolder.SPEC_FILE)
                            + ": details."
                            + field
                            + " must be an array of 3 numbers (the input normalisation)");
        }
        JsonArray array = details.getAsJsonArray(field);
        float[] values = new float[3];
        for (int i = 0; i < 3; i++) {
            values[i] = array.get(i).getAsFloat();
        }
        return values;
    }

    private static JsonArray array(float[] values) {
        JsonArray array = new JsonArray();
        for (float v : values) {
            array.add(v);
        }
        return array;
    }
}
