package dev.annogan.core.labelgan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.annogan.core.NDManagerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The generator maps (batch, noiseDim) noise to (batch, K) label probabilities. */
@ExtendWith(NDManagerExtension.class)
class LabelSetGeneratorTest {

    private static final int BATCH = 64;
    private static final int LABELS = 80;

    @Test
    void outputIsOneProbabilityPerLabelStrictlyBetweenZeroAndOne(NDManager manager) {
        LabelSetGenerator generator = LabelSetGenerator.builder().setNumLabels(LABELS).build();
        generator.initialize(manager, DataType.FLOAT32, new Shape(BATCH, 100));
        NDArray noise = generator.sampleNoise(manager, BATCH);
        assertEquals(new Shape(BATCH, 100), noise.getShape());

        NDArray output = forward(generator, noise);

        assertEquals(new Shape(BATCH, LABELS), output.getShape());
        assertTrue(output.min().getFloat() > 0f, "min " + output.min().getFloat());
        assertTrue(output.max().getFloat() < 1f, "max " + output.max().getFloat());
    }

    @Test
    void outputFrequenciesSetTheLastBiasToTheirLogOdds(NDManager manager) {
        // Zero weights everywhere: the output is sigmoid(bias), so exactly the frequencies, with
        // 0 and 1 clamped to 0.001 and 0.999.
        LabelSetGenerator generator =
                LabelSetGenerator.builder().setNumLabels(4).optNoiseDim(3).build();
        generator.setInitializer((arrays, shape, type) -> arrays.zeros(shape, type), p -> true);
        generator.initialize(manager, DataType.FLOAT32, new Shape(2, 3));
        generator.setOutputFrequencies(new float[] {0.25f, 0.5f, 0f, 1f});
        NDArray output = forward(generator, generator.sampleNoise(manager, 2));
        float[] expected = {0.25f, 0.5f, 0.001f, 0.999f, 0.25f, 0.5f, 0.001f, 0.999f};
        assertArrayEquals(expected, output.toFloatArray(), 1e-6f);
        assertThrows(
                IllegalArgumentException.class,
                () -> generator.setOutputFrequencies(new float[] {0.5f}));
        LabelSetGenerator fresh = LabelSetGenerator.builder().setNumLabels(4).build();
        assertThrows(
                IllegalStateException.class,
                () -> fresh.setOutputFrequencies(new float[] {0.1f, 0.1f, 0.1f, 0.1f}));
    }

    @Test
    void outputShapesAreDeclaredWithoutRunning() {
        LabelSetGenerator generator = LabelSetGenerator.builder().setNumLabels(LABELS).build();
        assertArrayEquals(
                new Shape[] {new Shape(BATCH, LABELS)},
                generator.getOutputShapes(new Shape[] {new Shape(BATCH, 100)}));
    }

    @Test
    void parameterCountMatchesTheLayerSizes(NDManager manager) {
        LabelSetGenerator generator = LabelSetGenerator.builder().setNumLabels(LABELS).build();
        generator.initialize(manager, DataType.FLOAT32, new Shape(BATCH, 100));
        // weights + biases: 100*256 + 256 = 25856, 256*512 + 512 = 131584, 512*80 + 80 = 41040
        assertEquals(25856 + 131584 + 41040, parameterCount(generator));
        assertEquals(198480, parameterCount(generator));
    }

    @Test
    void builderOptionsSetNoiseAndHiddenWidths(NDManager manager) {
        LabelSetGenerator generator =
                LabelSetGenerator.builder()
                        .setNumLabels(5)
                        .optNoiseDim(8)
                        .optHiddenSizes(16)
                        .build();
        generator.initialize(manager, DataType.FLOAT32, new Shape(2, 8));
        // 8*16 + 16 = 144, 16*5 + 5 = 85
        assertEquals(144 + 85, parameterCount(generator));
        assertEquals(8, generator.getNoiseDim());
        assertEquals(5, generator.getNumLabels());
    }

    @Test
    void logitsOptionLeavesOutOnlyTheSigmoid(NDManager manager) {
        long seed = 7;
        Engine.getInstance().setRandomSeed((int) seed);
        LabelSetGenerator probabilities = LabelSetGenerator.builder().setNumLabels(LABELS).build();
        probabilities.initialize(manager, DataType.FLOAT32, new Shape(BATCH, 100));
        Engine.getInstance().setRandomSeed((int) seed);
        LabelSetGenerator logits =
                LabelSetGenerator.builder().setNumLabels(LABELS).optOutputLogits(true).build();
        logits.initialize(manager, DataType.FLOAT32, new Shape(BATCH, 100));
        NDArray noise = logits.sampleNoise(manager, BATCH);

        NDArray fromLogits = Activation.sigmoid(forward(logits, noise));
        NDArray fromProbabilities = forward(probabilities, noise);

        assertTrue(logits.isOutputLogits());
        assertEquals(parameterCount(probabilities), parameterCount(logits));
        assertArrayEquals(fromProbabilities.toFloatArray(), fromLogits.toFloatArray(), 1e-6f);
    }

    @Test
    void noiseOfTheWrongWidthIsRejectedWithTheExpectedWidth(NDManager manager) {
        LabelSetGenerator generator = LabelSetGenerator.builder().setNumLabels(LABELS).build();
        IllegalArgumentException error =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> forward(generator, manager.zeros(new Shape(BATCH, LABELS))));
        assertTrue(error.getMessage().contains("LabelSetGenerator"), error.getMessage());
        assertTrue(error.getMessage().contains("100"), error.getMessage());
    }

    @Test
    void builderRequiresPositiveSizes() {
        assertThrows(IllegalArgumentException.class, () -> LabelSetGenerator.builder().build());
        assertThrows(
                IllegalArgumentException.class,
                () -> LabelSetGenerator.builder().setNumLabels(80).optNoiseDim(0).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> LabelSetGenerator.builder().setNumLabels(80).optHiddenSizes(256, -1).build());
    }

    static NDArray forward(Block block, NDArray input) {
        ParameterStore parameters = new ParameterStore(input.getManager(), false);
        return block.forward(parameters, new NDList(input), false).singletonOrThrow();
    }

    static long parameterCount(Block block) {
        long count = 0;
        for (Parameter parameter : block.getParameters().values()) {
            count += parameter.getArray().size();
        }
        return count;
    }
}
