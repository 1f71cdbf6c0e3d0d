package dev.annogan.examples.classifier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Record;
import dev.annogan.datasets.SharedData;
import dev.annogan.datasets.mnist.FashionMnist;
import dev.annogan.datasets.sampling.LabelledUnlabelledPairs;
import dev.annogan.datasets.sampling.SyntheticImages;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The splits of a semi-supervised run, the labelled images alone, and synthetic labelled ones. */
class ClassifierDataTest {

    private static Path data() {
        return SharedData.root().resolve("data").resolve("fashion-mnist");
    }

    @Test
    void theLabelledImagesAloneAreTheLabelledImagesOfTheSameSeed() throws IOException {
        for (long seed : new long[] {1, 2}) {
            int[] ssl = ClassifierData.load(data(), 10, 100, 0, seed).labelledFileRows();
            FashionMnist alone = ClassifierData.labelledOnly(data(), 10, 100, seed, 64);
            int[] rows = new int[Math.toIntExact(alone.size())];
            int[] perClass = new int[FashionMnist.CLASS_NAMES.size()];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = alone.getFileIndex(i);
                perClass[alone.getLabel(i)]++;
            }
            assertEquals(100, rows.length);
            assertArrayEquals(ssl, rows, "seed " + seed + ": the same rows of the training file");
            int[] ten = new int[perClass.length];
            Arrays.fill(ten, 10);
            assertArrayEquals(ten, perClass);
        }
        assertNotEquals(
                Arrays.toString(ClassifierData.load(data(), 10, 100, 0, 1).labelledFileRows()),
                Arrays.toString(ClassifierData.load(data(), 10, 100, 0, 2).labelledFileRows()),
                "another seed, other labelled images");
    }

    @Test
    void syntheticImagesJoinTheLabelledPoolWithTheirClasses() throws IOException {
        // 2 real labelled images per class (20) and two synthetic ones: a grey 0.25 "Dress" (3)
        // and a -0.5 "Sneaker" (7). The pool is the 20 real then the 2 synthetic, and unlabelled
        // record i is paired with pool entry i mod 22, so records 20 and 21 carry the synthetic
        // images and record 22 the first real one again.
        int pixels = FashionMnist.IMAGE_SIZE * FashionMnist.IMAGE_SIZE;
        float[] images = new float[2 * pixels];
        Arrays.fill(images, 0, pixels, 0.25f);
        Arrays.fill(images, pixels, 2 * pixels, -0.5f);
        SyntheticImages synthetic =
                new SyntheticImages(
                        images, new int[] {3, 7}, FashionMnist.IMAGE_SIZE, 1, "{\"test\": 1}");
        ClassifierData real = ClassifierData.load(data(), 2, 2, 40, 1);
        ClassifierData data = real.withSynthetic(synthetic);
        assertEquals(
                "Fashion-MNIST "
                        + data()
                        + ": 20 labelled (2 per class) + 2 synthetic labelled (1 per class), 40"
                        + " unlabelled, 20 validation images",
                data.describe());
        LabelledUnlabelledPairs pairs = data.pairs(10);
        assertEquals(40, pairs.size(), "an epoch is still one pass over the unlabelled images");
        try (NDManager manager = NDManager.newBaseManager()) {
            assertEquals(
                    new Shape(20, 1, 28, 28),
                    data.labelledImages(manager).getShape(),
                    "the data-dependent start sees the real images only");
            float[][] expected = {
                filled(pixels, 0.25f), filled(pixels, -0.5f),
            };
            int[] classes = {3, 7};
            for (int j = 0; j < 2; j++) {
                Record record = pairs.get(manager, 20 + j);
                assertArrayEquals(expected[j], record.getData().get(0).toFloatArray());
                assertEquals(classes[j], record.getLabels().get(0).getFloat());
            }
            Record again = pairs.get(manager, 22);
            Record first = real.pairs(10).get(manager, 0);
            assertArrayEquals(
                    first.getData().get(0).toFloatArray(), again.getData().get(0).toFloatArray());
            // Real pixels are v / 127.5 - 1 for whole v, never 0.25 or -0.5.
            int syntheticRows = 0;
            for (long i = 0; i < pairs.size(); i++) {
                float value = pairs.get(manager, i).getData().get(0).getFloat(0, 0, 0);
                syntheticRows += value == 0.25f || value == -0.5f ? 1 : 0;
            }
            assertEquals(2, syntheticRows, "records 20 and 21 of the 40");
        }
    }

    private static float[] filled(int n, float value) {
        float[] a = new float[n];
        Arrays.fill(a, value);
        return a;
    }
}
