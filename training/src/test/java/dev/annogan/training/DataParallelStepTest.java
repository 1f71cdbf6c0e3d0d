package dev.annogan.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.ParameterList;
import ai.djl.training.GradientCollector;
import ai.djl.training.dataset.Batch;
import ai.djl.translate.Batchifier;
import dev.annogan.core.nn.Scalars;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * A step split into shards of rows, one per device, is the step on the whole batch: same losses,
 * same D accuracy, same weights afterwards.
 *
 * <p>DJL 0.36 names one CPU device ({@code Device.of("cpu", 1)} is {@code Device.cpu()}) and its
 * parameter store refuses a repeated device, so two devices need an accelerator: {@link
 * #splitAcrossTwoDevicesIsTheWholeBatchStep} runs only where the engine sees a GPU, on {@code
 * gpu(0)} and {@code gpu(1)} (or {@code gpu(0)} and the CPU with one GPU), and there exercises
 * DJL's reduction of the copies' gradients. On a CPU, {@link
 * #shardsOfOneDeviceAddUpToTheWholeBatch} runs the same shard loop with both shards on the CPU,
 * where their gradients add up in the one copy of the weights instead of being summed across
 * copies.
 */
class DataParallelStepTest {

    private static final int ROWS = 7;
    private static final int STEPS = 3;

    private static GanConfig config() {
        return GanConfig.builder().optSeed(11).optEmaDecay(0).optBatchSize(ROWS).build();
    }

    @Test
    void shardsOfOneDeviceAddUpToTheWholeBatch() {
        try (NDManager manager = NDManager.newBaseManager()) {
            assumeTrue(
                    gradientsAddUpOverBackwardPasses(manager),
                    manager.getEngine().getEngineName()
                            + " overwrites gradients at each backward pass, so shards on one"
                            + " device cannot stand in for devices here; see"
                            + " splitAcrossTwoDevicesIsTheWholeBatchStep");
            try (GanTrainer whole = TinyGan.trainer(config());
                    GanTrainer sharded = TinyGan.trainer(config())) {
                for (int s = 0; s < STEPS; s++) {
                    float[][] sets = TinyGan.labelSets(ROWS, 100 + s);
                    StepResult expected;
                    try (Batch batch = batch(manager, sets)) {
                        expected = whole.trainBatch(batch);
                    }
                    StepResult actual;
                    try (Batch batch = batch(manager, sets)) {
                        // Uneven shards: the weights of their losses must follow their rows.
                        Batch[] shards = {rows(batch, 0, 4), rows(batch, 4, ROWS)};
                        actual = sharded.trainShards(batch, shards, ROWS);
                    }
                    assertSameStep(expected, actual);
                }
                assertSameWeights(whole, sharded);
            }
        }
    }

    @Test
    @EnabledIf("acceleratorPresent")
    void splitAcrossTwoDevicesIsTheWholeBatchStep() {
        Device[] two =
                Engine.getInstance().getGpuCount() >= 2
                        ? new Device[] {Device.gpu(0), Device.gpu(1)}
                        : new Device[] {Device.gpu(0), Device.cpu()};
        try (GanTrainer whole =
                        TinyGan.initialized(
                                TinyGan.builder(config()).optDevices(Device.gpu(0)).build());
                GanTrainer split =
                        TinyGan.initialized(TinyGan.builder(config()).optDevices(two).build());
                NDManager manager = NDManager.newBaseManager(Device.gpu(0))) {
            for (int s = 0; s < STEPS; s++) {
                float[][] sets = TinyGan.labelSets(ROWS, 100 + s);
                StepResult expected;
                try (Batch batch = batch(manager, sets)) {
                    expected = whole.trainBatch(batch);
                }
                StepResult actual;
                try (Batch batch = batch(manager, sets)) {
                    actual = split.trainBatch(batch);
                }
                assertSameStep(expected, actual);
            }
            assertSameWeights(whole, split);
        }
    }

    @Test
    void oneListedDeviceIsTheOrdinaryStep() {
        try (NDManager manager = NDManager.newBaseManager();
                GanTrainer plain = TinyGan.trainer(config());
                GanTrainer listed =
                        TinyGan.initialized(
                                TinyGan.builder(config()).optDevices(Device.cpu()).build())) {
            float[][] sets = TinyGan.labelSets(ROWS, 5);
            try (Batch a = batch(manager, sets);
                    Batch b = batch(manager, sets)) {
                assertSameStep(plain.trainBatch(a), listed.trainBatch(b));
            }
            assertSameWeights(plain, listed);
        }
    }

    @Test
    void devicesMustBeDistinct() {
        GanTrainer.Builder builder = TinyGan.builder(config());
        // DJL maps every CPU index to the one CPU device.
        assertThrows(
                IllegalArgumentException.class,
                () -> builder.optDevices(Device.cpu(), Device.of("cpu", 1)));
        assertThrows(IllegalArgumentException.class, builder::optDevices);
    }

    static boolean acceleratorPresent() {
        return Engine.getInstance().getGpuCount() > 0;
    }

    private static boolean gradientsAddUpOverBackwardPasses(NDManager manager) {
        NDArray x = manager.ones(new Shape(1));
        x.setRequiresGradient(true);
        try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
            collector.backward(Scalars.mul(x, 2f));
            collector.backward(Scalars.mul(x, 3f));
        }
        return x.getGradient().getFloat() == 5f;
    }

    private static Batch batch(NDManager manager, float[][] sets) {
        NDManager owner = manager.newSubManager();
        return new Batch(
                owner,
                new NDList(owner.create(sets)),
                new NDList(),
                sets.length,
                Batchifier.STACK,
                Batchifier.STACK,
                0,
                0);
    }

    /** Rows {@code from} to {@code to} of the batch, as a shard of its own. */
    private static Batch rows(Batch batch, int from, int to) {
        NDManager owner = batch.getManager().newSubManager();
        NDArray part = batch.getData().head().get("{}:{}", from, to);
        part.attach(owner);
        return new Batch(
                owner,
                new NDList(part),
                new NDList(),
                to - from,
                Batchifier.STACK,
                Batchifier.STACK,
                0,
                0);
    }

    private static void assertSameStep(StepResult expected, StepResult actual) {
        assertEquals(expected.step(), actual.step());
        assertEquals(expected.discriminatorLoss(), actual.discriminatorLoss(), 1e-5, "D loss");
        assertEquals(expected.generatorLoss(), actual.generatorLoss(), 1e-5, "G loss");
        assertEquals(
                expected.discriminatorAccuracy(), actual.discriminatorAccuracy(), 1e-9, "D acc");
    }

    private static void assertSameWeights(GanTrainer expected, GanTrainer actual) {
        assertSameWeights(expected.generatorModel().getBlock(), actual.generatorModel().getBlock());
        assertSameWeights(
                expected.discriminatorModel().getBlock(), actual.discriminatorModel().getBlock());
    }

    private static void assertSameWeights(Block expected, Block actual) {
        ParameterList a = expected.getParameters();
        ParameterList b = actual.getParameters();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            names.add(a.get(i).getKey());
            float[] x = a.get(i).getValue().getArray().toFloatArray();
            float[] y = b.get(i).getValue().getArray().toFloatArray();
            assertArrayEquals(x, y, 1e-5f, a.get(i).getKey());
        }
        assertEquals(a.size(), b.size(), names.toString());
    }
}
