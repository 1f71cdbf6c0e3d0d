package dev.annogan.datasets.image;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.util.Progress;
import dev.annogan.datasets.RecordLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The image files of a folder and its subfolders as a dataset of unlabelled records, for learning
 * from images alone (GAN pretraining): each record is one image, resized and normalised by an
 * {@link ImageLoader}, with the {@link RecordLayout} of an unlabelled record (class {@value
 * RecordLayout#UNLABELLED_CLASS}, labelled flag 0).
 *
 * <p>{@link #prepare(Progress)} reads every file's header, so that an unreadable file is named
 * before training starts rather than hours into it. Decoded images are kept in memory up to a
 * budget (512 MiB by default), so later epochs skip decoding.
 *
 * <pre>{@code
 * ImageFilesDataset images = ImageFilesDataset.builder()
 *         .setFolder(Path.of("photos"))
 *         .setImageLoader(ImageLoader.builder().setSize(64, 64).build())
 *         .setSampling(32, true)
 *         .build();
 * images.prepare(null);
 * }</pre>
 */
public final class ImageFilesDataset extends RandomAccessDataset {

    /** The extensions read as images; ImageIO decodes all of them. */
    public static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif");

    private final Path folder;
    private final List<Path> files;
    private final ImageLoader loader;
    private final float[][] cache;
    private final int cachedImages;
    private boolean prepared;

    private ImageFilesDataset(Builder builder, List<Path> files) {
        super(builder);
        this.folder = builder.folder;
        this.files = files;
        this.loader = builder.loader;
        long perImage = 3L * loader.getWidth() * loader.getHeight() * Float.BYTES;
        this.cachedImages = (int) Math.min(files.size(), builder.cacheBytes / perImage);
        this.cache = new float[files.size()][];
    }

    /**
     * Creates a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the image files under a folder and its subfolders, sorted by their path relative to
     * it ({@code /}-separated, as COCO's {@code file_name}), hidden files left out.
     *
     * @param folder the folder
     * @return the image files
     * @throws NoSuchFileException if the folder does not exist
     * @throws IOException if it cannot be listed
     */
    public static List<Path> list(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new NoSuchFileException(folder.toString(), null, "no such folder");
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile)
                    .filter(ImageFilesDataset::isImageName)
                    .sorted((a, b) -> name(folder, a).compareTo(name(folder, b)))
                    .toList();
        }
    }

    /**
     * Returns a file's name relative to a folder, {@code /}-separated.
     *
     * @param folder the folder
     * @param file a file under it
     * @return the relative name
     */
    public static String name(Path folder, Path file) {
        return folder.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    private static boolean isImageName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return !name.startsWith(".")
                && dot > 0
                && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** Returns the folder the images come from. */
    public Path folder() {
        return folder;
    }

    /** Returns the image files, in record order. */
    public List<Path> files() {
        return files;
    }

    /** Returns the loader that resizes and normalises each image. */
    public ImageLoader imageLoader() {
        return loader;
    }

    /**
     * Reads the header of every image file.
     *
     * @param progress told of every file read, or null
     * @throws IOException naming the first file that is not a readable image
     */
    @Override
    public synchronized void prepare(Progress progress) throws IOException {
        if (prepared) {
            return;
        }
        if (progress != null) {
            progress.reset("Checking images", files.size());
        }
        for (Path file : files) {
            ImageLoader.readDimensions(file);
            if (progress != null) {
                progress.increment(1);
            }
        }
        if (progress != null) {
            progress.end();
        }
        prepared = true;
    }

    /** {@inheritDoc} */
    @Override
    public Record get(NDManager manager, long index) throws IOException {
        int i = Math.toIntExact(index);
        float[] pixels = cache[i];
        if (pixels == null) {
            pixels = loader.load(files.get(i));
            if (i < cachedImages) {
                cache[i] = pixels;
            }
        }
        return RecordLayout.record(
                manager,
                manager.create(pixels, new Shape(3, loader.getHeight(), loader.getWidth())),
                new NDList(manager.create(RecordLayout.UNLABELLED_CLASS)),
                false);
    }

    /** {@inheritDoc} */
    @Override
    protected long availableSize() {
        return files.size();
    }

    /** The builder of an {@link ImageFilesDataset}. */
    public static final class Builder extends BaseBuilder<Builder> {

        private Path folder;
        private ImageLoader loader;
        private long cacheBytes = 512L << 20;

        Builder() {}

        /** {@inheritDoc} */
        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Sets the folder whose images (and its subfolders' images) are the records. Required.
         *
         * @param folder the folder
         * @return this builder
         */
        public Builder setFolder(Path folder) {
            this.folder = folder;
            return this;
        }

        /**
         * Sets how images are resized and normalised. Required.
         *
         * @param loader the loader
         * @return this builder
         */
        public Builder setImageLoader(ImageLoader loader) {
            this.loader = loader;
            return this;
        }

        /**
         * Sets how many bytes of decoded images are kept in memory; 512 MiB by default, 0 for none.
         *
         * @param bytes the budget
         * @return this builder
         */
        public Builder optCacheBytes(long bytes) {
            this.cacheBytes = Math.max(0, bytes);
            return this;
        }

        /**
         * Lists the folder's images and builds the dataset.
         *
         * @return the dataset
         * @throws IOException naming the folder if it is missing, cannot be listed, or holds no
         *     image
         */
        public ImageFilesDataset build() throws IOException {
            if (folder == null || loader == null) {
                throw new IllegalArgumentException("setFolder and setImageLoader are required");
            }
            List<Path> files = list(folder);
            if (files.isEmpty()) {
                throw new NoSuchFileException(
                        folder.toString(),
                        null,
                        "holds no image ("
                                + String.join(", ", EXTENSIONS.stream().sorted().toList())
                                + ")");
            }
            return new ImageFilesDataset(this, files);
        }
    }
}
