package dev.annogan.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The arithmetic of the reference workloads, counted by hand. */
class FlopCountTest {

    @Test
    void layersCountTheirMultiplyAdds() {
        assertEquals(3 * 4, new FlopCount().linear(3, 4).forward());
        // 2 -> 5 channels, 3x3 kernel, 4x4 output
        assertEquals(2 * 5 * 9 * 16, new FlopCount().conv(2, 5, 3, 4).forward());
        // 3 -> 8 -> 16 channels at 8x8 then 4x4 outputs of a 16x16 input, 4x4 kernels
        assertEquals(
                3 * 8 * 16 * 64 + 8 * 16 * 16 * 16,
                new FlopCount().downConvs(3, 8, 2, 16).forward());
        // transposed 4 -> 2 channels to 8x8: 16 input pixels times 16 taps
        assertEquals(4 * 2 * 16 * 16, new FlopCount().transposed(4, 2, 8).forward());
    }

    @Test
    void anIterationCountsEveryPassTheReferenceRuns() {
        FlopCount g = new FlopCount().linear(10, 20).linear(20, 5); // 200 + 100
        FlopCount d = new FlopCount().linear(5, 4).linear(4, 1); // 20 + 4
        // G: forward 300, weight gradients 300, input gradients after the first layer 100.
        // D: 3 forwards 72; its update: 2 x (weights 24 + inputs after the first 4); G's update
        // through D: inputs of every layer 24.
        double perSample = (300 + 300 + 100) + (72 + 2 * (24 + 4) + 24);
        assertEquals(2 * 8 * perSample, FlopCount.iteration(g, d, 8));
    }

    @Test
    void gsUpdateCrossesOnlyThePartOfDBetweenGsOutputAndTheJudgement() {
        FlopCount g = new FlopCount().linear(10, 20).linear(20, 5); // 200 + 100
        FlopCount d = new FlopCount().linear(5, 4).linear(4, 1); // 20 + 4
        // As above, but G's update crosses only D's last layer (4) instead of all of it (24).
        double perSample = (300 + 300 + 100) + (72 + 2 * (24 + 4) + 4);
        assertEquals(2 * 8 * perSample, FlopCount.iteration(g, d, 4, 8));
    }

    @Test
    void theTaggerIsTheReadmesFigure() {
        // shared/bench/README.md gives 16.9 GFLOP per W2 iteration: two encoders of four 4x4
        // stride-2 convolutions (3 -> 32 -> 64 -> 128 -> 256 on 64x64), batch 32.
        FlopCount encoder = new FlopCount().downConvs(3, 32, 4, 64);
        FlopCount g = encoder.copy().linear(256 + 64, 256).linear(256, 80);
        FlopCount head = new FlopCount().linear(256 + 80, 256).linear(256, 1);
        FlopCount d = encoder.copy().linear(256 + 80, 256).linear(256, 1);
        assertEquals(16.9, FlopCount.iteration(g, d, head.forward(), 32) / 1e9, 0.05);
    }

    @Test
    void theLabelSetGanIsTheReadmesFigure() {
        // shared/bench/README.md gives 0.122 GFLOP per W1 iteration.
        FlopCount g = new FlopCount().linear(100, 256).linear(256, 512).linear(512, 80);
        FlopCount d = new FlopCount().linear(80, 256).linear(256, 128).linear(128, 1);
        assertEquals(0.122, FlopCount.iteration(g, d, 64) / 1e9, 0.0005);
    }
}
