package dev.annogan.training.teacher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

/** The ramp, the pseudo-label thresholds and the losses of the teacher terms, by hand. */
class TeacherTermsTest {

    @Test
    void rampRisesAlongTheSigmoidShapeToOne() {
        TeacherTerms terms = new TeacherTerms(1, 1, 0.9f, 100);
        assertEquals(Math.exp(-5), terms.ramp(0), 1e-7);
        assertEquals(Math.exp(-5 * 0.25), terms.ramp(50), 1e-7);
        assertEquals(Math.exp(-5 * 0.01), terms.ramp(90), 1e-7);
        assertEquals(1f, terms.ramp(100));
        assertEquals(1f, terms.ramp(5000));
        assertEquals(1f, terms.withRampUp(0).ramp(0), "no ramp: full weight at once");
        assertTrue(terms.enabled());
        assertFalse(TeacherTerms.NONE.enabled());
        assertThrows(IllegalArgumentException.class, () -> new TeacherTerms(-1, 0, 0.5f, 0));
        assertThrows(IllegalArgumentException.class, () -> new TeacherTerms(0, 0, 1f, 0));
    }

    @Test
    void aLateStartKeepsTheTermsOffThenRampsFromThere() {
        TeacherTerms terms = new TeacherTerms(1, 1, 0.9f, 100).withStart(300);
        assertEquals(300, terms.startStep());
        assertEquals(0f, terms.ramp(0));
        assertEquals(0f, terms.ramp(299));
        assertFalse(terms.activeAt(299), "before the start the terms are not even computed");
        assertTrue(terms.activeAt(300));
        assertEquals(Math.exp(-5), terms.ramp(300), 1e-7);
        assertEquals(Math.exp(-5 * 0.25), terms.ramp(350), 1e-7);
        assertEquals(1f, terms.ramp(400));
        assertEquals(1f, terms.withRampUp(0).ramp(300), "no ramp: full weight from the start");
        assertEquals(300, terms.withRampUp(7).startStep(), "a new ramp keeps the start");
        assertFalse(TeacherTerms.NONE.withStart(0).activeAt(10), "no weight: never active");
        assertThrows(IllegalArgumentException.class, () -> terms.withStart(-1));
        assertEquals(
                "{\"consistencyWeight\": 1.0, \"pseudoLabelWeight\": 1.0, \"threshold\": 0.9,"
                        + " \"rampUpSteps\": 100, \"startStep\": 300}",
                terms.toJson());
        assertFalse(
                terms.withStart(0).toJson().contains("startStep"),
                "run folders from before the start existed still match on resume");
    }

    @Test
    void classPseudoLabelsNeedTheThreshold() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray p =
                    manager.create(
                            new float[][] {{0.95f, 0.05f, 0}, {0.2f, 0.3f, 0.5f}, {0, 0.1f, 0.9f}});
            assertArrayEquals(new int[] {0, -1, 2}, PseudoLabels.classes(p, 0.9f).toIntArray());
            assertArrayEquals(new int[] {0, -1, -1}, PseudoLabels.classes(p, 0.91f).toIntArray());
            assertArrayEquals(new int[] {0, 2, 2}, PseudoLabels.classes(p, 0f).toIntArray());
        }
    }

    @Test
    void classCrossEntropyAveragesOverAllRows() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = manager.create(new float[][] {{2, 0}, {0, 1}, {5, 5}});
            NDArray classes = manager.create(new int[] {0, 1, -1});
            double row0 = -Math.log(Math.exp(2) / (Math.exp(2) + 1));
            double row1 = -Math.log(Math.E / (1 + Math.E));
            assertEquals(
                    (row0 + row1) / 3,
                    PseudoLabels.classCrossEntropy(logits, classes).getFloat(),
                    1e-6);
            assertEquals(
                    0f,
                    PseudoLabels.classCrossEntropy(logits, manager.create(new int[] {-1, -1, -1}))
                            .getFloat());
        }
    }

    @Test
    void tagPseudoLabelsKeepConfidentPresenceAndAbsence() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray p = manager.create(new float[][] {{0.95f, 0.5f, 0.02f}, {0.85f, 0.1f, 0.9f}});
            NDList tags = PseudoLabels.tags(p, 0.9f);
            assertArrayEquals(new float[] {1, 0, 0, 0, 0, 1}, tags.get(0).toFloatArray());
            assertArrayEquals(new float[] {1, 0, 1, 0, 1, 1}, tags.get(1).toFloatArray());
            NDArray logits = manager.create(new float[][] {{1, 7, -2}, {3, 0, 0.5f}});
            // Masked BCE over all six entries: -log sigmoid(1), -log(1 - sigmoid(-2)), -log(1 -
            // sigmoid(0)), -log sigmoid(0.5).
            double expected = (softplus(-1) + softplus(-2) + softplus(0) + softplus(-0.5)) / 6;
            assertEquals(
                    expected,
                    PseudoLabels.tagCrossEntropy(logits, tags.get(0), tags.get(1)).getFloat(),
                    1e-6);
        }
    }

    @Test
    void classBalancedPixelsKeepTheTopOfEveryClass() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // One image of 1x8 pixels, two classes. Background (class 0) wins six pixels, all
            // confident; class 1 wins two, neither above the global threshold of 0.9.
            float[] background = {0.99f, 0.98f, 0.97f, 0.96f, 0.95f, 0.92f, 0.3f, 0.4f};
            float[] object = new float[8];
            for (int q = 0; q < 8; q++) {
                object[q] = 1 - background[q];
            }
            float[] both = new float[16];
            System.arraycopy(background, 0, both, 0, 8);
            System.arraycopy(object, 0, both, 8, 8);
            NDArray p = manager.create(both, new Shape(1, 2, 1, 8));
            // No balancing: only pixels above 0.9.
            assertArrayEquals(
                    new int[] {0, 0, 0, 0, 0, 0, -1, -1},
                    PseudoLabels.pixels(p, 0.9f, 0f).toIntArray());
            // Half of each class's pixels at least: class 1 keeps its better pixel (0.7), the
            // background keeps its six (all above 0.9 anyway).
            assertArrayEquals(
                    new int[] {0, 0, 0, 0, 0, 0, 1, -1},
                    PseudoLabels.pixels(p, 0.9f, 0.5f).toIntArray());
            // A stricter global threshold lowers to each class's top half: the background keeps
            // its best three.
            assertArrayEquals(
                    new int[] {0, 0, 0, -1, -1, -1, 1, -1},
                    PseudoLabels.pixels(p, 0.999f, 0.5f).toIntArray());
        }
    }

    @Test
    void consistencyIsTheSquaredDifferenceOfProbabilities() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = manager.create(new float[][] {{0, 0}, {2f, 0}});
            NDArray teacher = manager.create(new float[][] {{1, 0}, {0.5f, 0.5f}});
            double s = 1 / (1 + Math.exp(-2));
            double row0 = 0.25 + 0.25;
            double row1 = 2 * (s - 0.5) * (s - 0.5);
            assertEquals((row0 + row1) / 2, Consistency.softmax(logits, teacher).getFloat(), 1e-6);
            NDArray tagTeacher = manager.create(new float[][] {{1, 0}, {0, 1}});
            double tags = (0.25 + 0.25 + s * s + 0.25) / 2;
            assertEquals(tags, Consistency.sigmoid(logits, tagTeacher).getFloat(), 1e-6);
        }
    }

    private static double softplus(double x) {
        return Math.log1p(Math.exp(x));
    }

    @Test
    void classLossAddsWeightedConsistencyAndPseudoLabelsThenRamps() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // Teacher probabilities (0.9, 0.1) and (0.5, 0.5); student (0.5, 0.5) and (0.75, 0.25).
            NDArray teacher = manager.create(new float[][] {{(float) Math.log(9), 0}, {0, 0}});
            NDArray student = manager.create(new float[][] {{0, 0}, {(float) Math.log(3), 0}});
            // Consistency: rows 0.16 + 0.16 and 0.0625 + 0.0625, mean 0.2225. Only row 0 reaches
            // 0.85: cross-entropy -log 0.5 over both rows, 0.34657.
            double expected = 2 * 0.2225 + 3 * Math.log(2) / 2;
            TeacherTerms terms = new TeacherTerms(2, 3, 0.85f, 100);
            assertEquals(expected, terms.classLoss(student, teacher, 100).getFloat(), 1e-5);
            assertEquals(
                    expected * Math.exp(-5), terms.classLoss(student, teacher, 0).getFloat(), 1e-6);
            assertEquals(
                    2 * 0.2225,
                    new TeacherTerms(2, 0, 0.85f, 0).classLoss(student, teacher, 0).getFloat(),
                    1e-5);
            assertEquals(
                    0f,
                    TeacherTerms.NONE.classLoss(student, teacher, 0).getFloat(),
                    "no weight, no loss");
        }
    }

    @Test
    void theRunFolderRecordIsTheOptionsAsTypedAndReadsBackEqual() {
        TeacherTerms terms = new TeacherTerms(0.3f, 1f, 0.95f, 700, 100);
        JsonObject identity = terms.identity(0.2, 0.1, "mean teacher");
        assertEquals(
                "{\"consistencyWeight\":0.3,\"pseudoLabelWeight\":1.0,\"threshold\":0.95,"
                        + "\"rampUp\":0.2,\"start\":0.1,\"teacher\":\"mean teacher\"}",
                identity.toString());
        // What a resume compares: the record written to run.json and parsed back.
        assertEquals(identity, JsonParser.parseString(identity.toString()));
        assertFalse(
                identity.equals(
                        JsonParser.parseString(
                                terms.identity(0.2, 0.1, "fixed teacher /t").toString())));
    }

    @Test
    void tagLossAddsSigmoidConsistencyAndConfidentTags() {
        try (NDManager manager = NDManager.newBaseManager()) {
            float logit = (float) Math.log(19); // probability 0.95
            NDArray teacher = manager.create(new float[][] {{logit, -logit}});
            NDArray student = manager.create(new float[][] {{0, 0}});
            // Consistency: 0.45^2 twice. Tags: present (0.95) and absent (0.05) both confident,
            // each -log 0.5 against the student's 0.5, over 2 entries.
            double expected = 2 * 0.2025 + Math.log(2);
            TeacherTerms terms = new TeacherTerms(1, 1, 0.9f, 0);
            assertEquals(expected, terms.tagLoss(student, teacher, 0).getFloat(), 1e-5);
            TeacherTerms strict = new TeacherTerms(0, 1, 0.96f, 0);
            assertEquals(0f, strict.tagLoss(student, teacher, 0).getFloat(), 1e-7);
        }
    }
}
