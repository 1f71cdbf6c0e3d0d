package dev.annogan.datasets.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.dataset.Record;
import dev.annogan.datasets.SharedData;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link FashionMnist} and {@link IdxReader} on the real files in {@code ../shared/data}. */
class FashionMnistTest {

    private static Path root() {
        return SharedData.root().resolve("data/fashion-mnist");
    }

    private static FashionMnist prepared(FashionMnist.Builder builder) throws Exception {
        FashionMnist dataset = builder.optRoot(root()).setSampling(32, false).build();
        dataset.prepare();
        return dataset;
    }

    @Test
    void realFilesHaveTheirPublishedSizesLabelsAndPixelSum() throws Exception {
        IdxImages train = IdxReader.readImages(root().resolve("train-images-idx3-ubyte.gz"));
        int[] trainLabels = IdxReader.readLabels(root().resolve("train-labels-idx1-ubyte.gz"));
        IdxImages test = IdxReader.readImages(root().resolve("t10k-images-idx3-ubyte.gz"));
        int[] testLabels = IdxReader.readLabels(root().resolve("t10k-labels-idx1-ubyte.gz"));
        assertEquals(60000, train.count());
        assertEquals(10000, test.count());
        assertEquals(28, train.rows());
        assertEquals(28, train.columns());
        int[] perClass = new int[10];
        for (int label : trainLabels) {
            assertTrue(label >= 0 && label <= 9);
            perClass[label]++;
        }
        assertArrayEquals(
                new int[] {6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000}, perClass);
        assertEquals(10000, testLabels.length);
        long sum = 0;
        for (byte b : train.pixels()) {
            sum += b & 0xFF;
        }
        // Mean pixel 0.2860 of full scale, the figure commonly used to normalise Fashion-MNIST.
        assertEquals(3_431_114_169L, sum);
        assertEquals(9, trainLabels[0]);
    }

    @Test
    void testRecordsAreScaledImagesWithLabelAndFlag() throws Exception {
        FashionMnist test = prepared(FashionMnist.builder().optUsage(Dataset.Usage.TEST));
        assertEquals(10000, test.size());
        try (NDManager manager = NDManager.newBaseManager()) {
            Record record = test.get(manager, 0);
            float[] pixels = record.getData().singletonOrThrow().toFloatArray();
            assertEquals(new Shape(1, 28, 28), record.getData().singletonOrThrow().getShape());
            double sum = 0;
            for (float v : pixels) {
                assertTrue(v >= -1 && v <= 1);
                sum += v;
            }
            // The first test image's raw pixels sum to 33456.
            assertEquals(33456 / 127.5 - 784, sum, 1e-3);
            assertEquals(new Shape(), record.getLabels().get(0).getShape());
            assertEquals(9f, record.getLabels().get(0).getFloat());
            assertEquals(1f, record.getLabels().get(1).getFloat());
        }
    }

    @Test
    void tenLabelsPerClassLeaveTheRestUnlabelledWithLabelMinusOne() throws Exception {
        FashionMnist train = prepared(FashionMnist.builder().optLabelsPerClass(10, 42));
        assertEquals(60000, train.size());
        int[] perClass = new int[10];
        int labelled = 0;
        for (long i = 0; i < train.size(); i++) {
            if (train.isLabelled(i)) {
                labelled++;
                perClass[train.getLabel(i)]++;
            } else {
                assertEquals(FashionMnist.UNLABELLED, train.getLabel(i));
            }
        }
        assertEquals(100, labelled);
        assertArrayEquals(new int[] {10, 10, 10, 10, 10, 10, 10, 10, 10, 10}, perClass);
        try (NDManager manager = NDManager.newBaseManager()) {
            long unlabelled = 0;
            while (train.isLabelled(unlabelled)) {
                unlabelled++;
            }
            Record record = train.get(manager, unlabelled);
            assertEquals(-1f, record.getLabels().get(0).getFloat());
            assertEquals(0f, record.getLabels().get(1).getFloat());
        }
    }

    @Test
    void labelChoiceDependsOnTheSeedOnly() throws Exception {
        Set<Integer> a = labelledRows(prepared(FashionMnist.builder().optLabelsPerClass(10, 42)));
        Set<Integer> b = labelledRows(prepared(FashionMnist.builder().optLabelsPerClass(10, 42)));
        Set<Integer> c = labelledRows(prepared(FashionMnist.builder().optLabelsPerClass(10, 43)));
        assertEquals(a, b);
        assertFalse(a.equals(c));
    }

    @Test
    void validationIsDisjointFromTrainingAndOnlyLabelledRecordsCanBeKept() throws Exception {
        FashionMnist validation =
                prepared(
                        FashionMnist.builder()
                                .optUsage(Dataset.Usage.VALIDATION)
                                .optValidationPerClass(500, 7));
        FashionMnist train =
                prepared(
                        FashionMnist.builder()
                                .optValidationPerClass(500, 7)
                                .optLabelsPerClass(10, 42)
                                .optIncludeUnlabelled(false));
        assertEquals(5000, validation.size());
        assertEquals(100, train.size());
        Set<Integer> held = new HashSet<>();
        for (long i = 0; i < validation.size(); i++) {
            assertTrue(validation.isLabelled(i));
            held.add(validation.getFileIndex(i));
        }
        for (long i = 0; i < train.size(); i++) {
            assertTrue(train.isLabelled(i));
            assertFalse(held.contains(train.getFileIndex(i)));
        }
    }

    @Test
    void batchesStackImagesLabelsAndFlags() throws Exception {
        FashionMnist test = prepared(FashionMnist.builder().optUsage(Dataset.Usage.TEST));
        try (NDManager manager = NDManager.newBaseManager()) {
            Batch batch = test.getData(manager).iterator().next();
            assertEquals(new Shape(32, 1, 28, 28), batch.getData().singletonOrThrow().getShape());
            assertEquals(new Shape(32), batch.getLabels().get(0).getShape());
            assertEquals(new Shape(32), batch.getLabels().get(1).getShape());
            batch.close();
        }
    }

    @Test
    void readingBeforePrepareIsAnError() {
        FashionMnist dataset =
                FashionMnist.builder().optRoot(Path.of("nowhere")).setSampling(1, false).build();
        assertThrows(IllegalStateException.class, dataset::size);
    }

    private static Set<Integer> labelledRows(FashionMnist dataset) {
        Set<Integer> rows = new HashSet<>();
        for (long i = 0; i < dataset.size(); i++) {
            if (dataset.isLabelled(i)) {
                rows.add(dataset.getFileIndex(i));
            }
        }
        return rows;
    }
}
