package dev.annogan.core.annotate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The translators turn network outputs into tags and class maps, checked on hand-made numbers. */
class TranslatorOutputTest {

    @Test
    void theSigmoidIsExactAtBothEndsAndInTheMiddle() {
        assertEquals(0.5, TaggerTranslator.sigmoid(0), 0);
        assertEquals(1 / (1 + Math.exp(-2)), TaggerTranslator.sigmoid(2), 1e-15);
        assertEquals(Math.exp(-800) / (1 + Math.exp(-800)), TaggerTranslator.sigmoid(-800), 0);
        assertEquals(1.0, TaggerTranslator.sigmoid(800), 0);
    }

    @Test
    void eachPixelTakesItsMostProbableClassAndEachClassItsMeanProbability() {
        // Three classes on a 1 x 3 output: pixel 0 background (0.6), pixels 1 and 2 class 2
        // (0.7 and 0.5).
        float[] probabilities = {
            0.6f, 0.2f, 0.3f, // class 0
            0.3f, 0.1f, 0.2f, // class 1
            0.1f, 0.7f, 0.5f // class 2
        };
        ScoredCategoryMask mask =
                SegmenterTranslator.classMap(probabilities, List.of("bg", "a", "b"), 1, 3, 3, 1);
        assertArrayEquals(new int[] {0, 2, 2}, mask.getMask()[0]);
        assertEquals(0.6, mask.getScore(0), 1e-6);
        assertEquals(0, mask.getScore(1), 0);
        assertEquals(0.6, mask.getScore(2), 1e-6);
    }

    @Test
    void theClassMapIsScaledToTheOriginalSizeFollowingTheSourcePixels() {
        // A 2 x 2 map of classes 0 1 / 1 0 enlarged to 4 wide and 6 high: each source pixel
        // covers a 2 x 3 block.
        float[] probabilities = {
            0.9f, 0.1f, 0.1f, 0.9f, // class 0
            0.1f, 0.9f, 0.9f, 0.1f // class 1
        };
        int[][] mask =
                SegmenterTranslator.classMap(probabilities, List.of("bg", "a"), 2, 2, 4, 6)
                        .getMask();
        assertEquals(6, mask.length);
        for (int y = 0; y < 6; y++) {
            int[] expected = y < 3 ? new int[] {0, 0, 1, 1} : new int[] {1, 1, 0, 0};
            assertArrayEquals(expected, mask[y], "row " + y);
        }
    }

    @Test
    void probabilitiesAreInterpolatedBeforeTheMostProbableClassIsTaken() {
        // Two pixels, A (0.6, 0, 0.4) and B (0, 0.6, 0.4), enlarged to 3: the middle pixel's
        // centre lies half way between theirs, where class 2 (0.4) beats 0.3 and 0.3, though
        // neither A nor B has it as its class; nearest neighbour would have given it B's class.
        float[] probabilities = {
            0.6f, 0.0f, // class 0
            0.0f, 0.6f, // class 1
            0.4f, 0.4f // class 2
        };
        ScoredCategoryMask mask =
                SegmenterTranslator.classMap(probabilities, List.of("bg", "a", "b"), 1, 2, 3, 1);
        assertArrayEquals(new int[] {0, 2, 1}, mask.getMask()[0]);
        assertEquals(0.4f, mask.getConfidence(0, 1), 1e-6f);
        assertEquals(0.6f, mask.getConfidence(0, 0), 1e-6f);
    }
}
