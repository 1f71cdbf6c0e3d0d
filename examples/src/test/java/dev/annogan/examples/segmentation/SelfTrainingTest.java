package dev.annogan.examples.segmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    void aTeacherIsDoneWithItsModelAndItsLastEpochsRow() throws IOException {
        assertFalse(SelfTraining.finished(dir, 2), "nothing there");
        Files.writeString(dir.resolve("metrics.csv"), HEADER + "1,10,0,0.5,NaN,3.0,0.2\n");
        Files.createDirectories(dir.resolve("model"));
        // Stopped (Ctrl-C) inside epoch 2: exported, but epoch 2 has no row.
        assertFalse(SelfTraining.finished(dir, 2));
        Files.writeString(
                dir.resolve("metrics.csv"),
                HEADER + "1,10,0,0.5,NaN,3.0,0.2\n2,20,0,0.4,NaN,3.0,0.3\n");
        assertTrue(SelfTraining.finished(dir, 2));
        assertTrue(SelfTraining.finished(dir, 1), "trained longer than asked is done");
        assertFalse(SelfTraining.finished(dir, 3));
        Files.delete(dir.resolve("model"));
        assertFalse(SelfTraining.finished(dir, 2), "rows without the exported model");
    }

    @Test
    void theTeacherTrainsHalfAgainTheStudentsEpochs() {
        assertEquals(24, SelfTraining.defaultTeacherEpochs(16));
        assertEquals(2, SelfTraining.defaultTeacherEpochs(1));
        assertEquals(15, SelfTraining.defaultTeacherEpochs(10));
    }
}
