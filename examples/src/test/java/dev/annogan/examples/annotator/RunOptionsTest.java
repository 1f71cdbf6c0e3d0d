package dev.annogan.examples.annotator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.annogan.training.BatchAugmentation;
import dev.annogan.training.GanConfig;
import dev.annogan.training.teacher.TeacherTerms;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The schedule an annotator run derives from its options: learning-rate decay and the teacher. */
class RunOptionsTest {

    private static RunOptions options(double decayFrom, double rampUp, double teacherStart) {
        return new RunOptions(
                AnnotationData.Source.shapes(Path.of("data")),
                null,
                AnnotationData.Labels.all(),
                true,
                Path.of("run"),
                10,
                16,
                64,
                1,
                false,
                0.2,
                1e-3f,
                decayFrom,
                "bce",
                0.99f,
                BatchAugmentation.NONE,
                0,
                new TeacherTerms(1, 1, 0.9f, 0),
                rampUp,
                teacherStart,
                0,
                BackboneStart.NONE);
    }

    @Test
    void theLearningRateFallsFromTheGivenFractionOfTheSteps() {
        GanConfig config = options(0.5, 0.2, 0).config(false, 1000);
        assertEquals(500, config.learningRateDecayStart());
        assertEquals(1000, config.learningRateDecayEnd());
        assertEquals(16, config.batchSize());
        assertEquals(32, options(0.5, 0.2, 0).config(true, 1000).batchSize());
    }

    @Test
    void aDecayFromOneKeepsTheRateConstant() {
        GanConfig config = options(1, 0.2, 0).config(false, 1000);
        GanConfig constant = GanConfig.builder().build();
        assertEquals(constant.learningRateDecayStart(), config.learningRateDecayStart());
        assertEquals(constant.learningRateDecayEnd(), config.learningRateDecayEnd());
    }

    @Test
    void theTeacherStartsAndRampsUpAtFractionsOfTheRun() {
        TeacherTerms terms = options(1, 0.1, 0.5).teacherTerms(1000);
        assertEquals(500, terms.startStep());
        assertEquals(100, terms.rampUpSteps());
        assertEquals(0f, terms.ramp(499));
        assertEquals(1f, terms.ramp(600));
        assertEquals(0, options(1, 0.1, 0).teacherTerms(1000).startStep());
    }
}
