package dev.annogan.examples.annotator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When a self-training's teacher counts as done, and how long it trains by default. */
class SelfTrainingTest {

    @TempDir Path dir;

    private static final String HEADER = "epoch,step,d_loss,g_loss,d_accuracy,seconds,mIoU\n";

    @Test
    void aTeachersEpochsAreItsLastRowWithItsModelExported() throws IOException {
        assertEquals(0, SelfTraining.trainedEpochs(dir), "nothing there");
        Files.writeString(dir.resolve("metrics.csv"), HEADER + "1,10,0,0.5,NaN,3.0,0.2\n");
        assertEquals(0, SelfTraining.trainedEpochs(dir), "a row without the exported model");
        Files.createDirectories(dir.resolve("model"));
        // Stopped (Ctrl-C) inside epoch 2: exported, but epoch 2 has no row.
        assertEquals(1, SelfTraining.trainedEpochs(dir));
        Files.writeString(
                dir.resolve("metrics.csv"),
                HEADER + "1,10,0,0.5,NaN,3.0,0.2\n2,20,0,0.4,NaN,3.0,0.3\n");
        assertEquals(2, SelfTraining.trainedEpochs(dir));
        Files.writeString(dir.resolve("metrics.csv"), HEADER);
        assertEquals(0, SelfTraining.trainedEpochs(dir), "no epoch finished");
    }

    @Test
    void theTeacherTrainsHalfAgainTheStudentsEpochs() {
        assertEquals(24, SelfTraining.defaultTeacherEpochs(16));
        assertEquals(2, SelfTraining.defaultTeacherEpochs(1));
        assertEquals(15, SelfTraining.defaultTeacherEpochs(10));
    }
}
