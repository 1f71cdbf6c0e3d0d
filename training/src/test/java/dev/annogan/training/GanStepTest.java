package dev.annogan.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import dev.annogan.core.loss.AdversarialLoss;
import dev.annogan.training.optim.StatefulAdam;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One GAN step is exactly "D learns from its own loss on detached fakes, then G learns through a
 * frozen D": compared against a hand-written reference step in plain DJL.
 */
class GanStepTest {

    private static final GanConfig CONFIG =
            GanConfig.builder().optSeed(11).optBatchSize(8).optLearningRates(1e-2f, 2e-2f).build();

    @Test
    void twoStepsMatchAHandWrittenReferenceThatZeroesDsGradientsAfterGsStep() throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
                GanTrainer gan = TinyGan.trainer(CONFIG);
                GanTrainer reference = TinyGan.trainer(CONFIG)) {
            assertSameWeights(
                    gan.discriminatorModel().getBlock(),
                    reference.discriminatorModel().getBlock(),
                    0);
            ArrayDataset data = TinyGan.dataset(manager, TinyGan.labelSets(16, 3), 8);
            List<NDArray> realBatches = new ArrayList<>();
            for (Batch batch : data.getData(manager)) {
                NDArray copy = batch.getData().head().duplicate();
                copy.attach(manager);
                realBatches.add(copy);
                gan.trainBatch(batch);
                batch.close();
            }
            ReferenceStep ref = new ReferenceStep(reference, manager);
            for (int s = 0; s < realBatches.size(); s++) {
                ref.step(realBatches.get(s), s);
            }
            assertSameWeights(
                    reference.discriminatorModel().getBlock(),
                    gan.discriminatorModel().getBlock(),
                    1e-6);
            assertSameWeights(
                    reference.generatorModel().getBlock(), gan.generatorModel().getBlock(), 1e-6);
        }
    }

    @Test
    void gsStepLeavesNoGradientInD() throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
                GanTrainer gan = TinyGan.trainer(CONFIG)) {
            ArrayDataset data = TinyGan.dataset(manager, TinyGan.labelSets(8, 3), 8);
            for (Batch batch : data.getData(manager)) {
                gan.trainBatch(batch);
                batch.close();
            }
            for (Pair<String, Parameter> p : gan.discriminatorModel().getBlock().getParameters()) {
                NDArray gradient = p.getValue().getArray().getGradient();
                assertEquals(0f, gradient.abs().sum().getFloat(), p.getKey());
            }
        }
    }

    @Test
    void memoryStaysFlatOverALongRun() throws Exception {
        try (NDManager manager = NDManager.newBaseManager();
                GanTrainer gan = TinyGan.trainer(CONFIG)) {
            ArrayDataset data = TinyGan.dataset(manager, TinyGan.labelSets(64, 3), 8);
            int warm = arrays(gan, manager);
            for (int epoch = 0; epoch < 3; epoch++) {
                run(gan, data, manager);
            }
            int afterWarmUp = arrays(gan, manager);
            for (int epoch = 0; epoch < 30; epoch++) {
                run(gan, data, manager);
            }
            assertEquals(afterWarmUp, arrays(gan, manager), "arrays alive after 240 more steps");
            assertTrue(afterWarmUp >= warm);
        }
    }

    @Test
    void aBatchTrainedOnManyTimesKeepsItsArraysAndGainsNone() throws Exception {
        // As the benchmarks do: one batch, kept open, many steps. The step's arrays descend from
        // the batch's; they must not pile up in the batch's manager.
        try (NDManager manager = NDManager.newBaseManager();
                GanTrainer gan = TinyGan.trainer(CONFIG)) {
            ArrayDataset data = TinyGan.dataset(manager, TinyGan.labelSets(8, 3), 8);
            Batch batch = data.getData(manager).iterator().next();
            float[] real = batch.getData().head().toFloatArray();
            gan.trainBatch(batch);
            int before = batch.getManager().getManagedArrays().size();
            for (int i = 0; i < 20; i++) {
                gan.trainBatch(batch);
            }
            assertEquals(before, batch.getManager().getManagedArrays().size());
            assertArrayEquals(real, batch.getData().head().toFloatArray());
            batch.close();
        }
    }

    /** Counts G's forward passes and checks that G's loss gets the fakes D's first update saw. */
    private static final class CountingObjective implements GanObjective {
        private final GanObjective inner =
                new dev.annogan.training.objective.LabelSetObjective(
                        TinyGan.NOISE,
                        TinyGan.LABELS,
                        TinyGan.labelSets(64, 1),
                        5,
                        dev.annogan.training.objective.LabelSetObjective.FakeSets.PROBABILITIES);
        int generated;
        NDList first;
        boolean generatorLossGotTheFirstFakes = true;

        @Override
        public NDList generate(GanContext context, Batch batch) {
            generated++;
            NDList fakes = inner.generate(context, batch);
            if (generated == 1) {
                first = fakes;
            }
            return fakes;
        }

        @Override
        public DiscriminatorResult discriminatorLoss(GanContext c, Batch batch, NDList fakes) {
            return inner.discriminatorLoss(c, batch, fakes);
        }

        @Override
        public NDArray generatorLoss(GanContext context, Batch batch, NDList fakes) {
            generatorLossGotTheFirstFakes &= fakes == first;
            return inner.generatorLoss(context, batch, fakes);
        }

        @Override
        public Validation newValidation(GanContext context) {
            return inner.newValidation(context);
        }
    }

    @Test
    void gRunsOncePerStepAndEachExtraDUpdateOnceMore() throws Exception {
        for (int discriminatorSteps : new int[] {1, 3}) {
            CountingObjective objective = new CountingObjective();
            GanConfig config = CONFIG.toBuilder().optDiscriminatorSteps(discriminatorSteps).build();
            try (NDManager manager = NDManager.newBaseManager();
                    GanTrainer gan =
                            TinyGan.initialized(
                                    TinyGan.builder(config).setObjective(objective).build())) {
                for (Batch batch :
                        TinyGan.dataset(manager, TinyGan.labelSets(8, 3), 8).getData(manager)) {
                    gan.trainBatch(batch);
                    batch.close();
                }
            }
            // One recorded forward that D's first update and G's update share; each extra D
            // update draws fresh fakes without a graph.
            assertEquals(discriminatorSteps, objective.generated, "G forwards in one step");
            assertTrue(objective.generatorLossGotTheFirstFakes, "G's loss reuses the forward");
        }
    }

    private static void run(GanTrainer gan, ArrayDataset data, NDManager manager) throws Exception {
        for (Batch batch : data.getData(manager)) {
            gan.trainBatch(batch);
            batch.close();
        }
    }

    private static int arrays(GanTrainer gan, NDManager manager) {
        return manager.getManagedArrays().size()
                + gan.generatorModel().getNDManager().getManagedArrays().size()
                + gan.discriminatorModel().getNDManager().getManagedArrays().size();
    }

    private static void assertSameWeights(Block expected, Block actual, double tolerance) {
        ParameterList a = expected.getParameters();
        ParameterList b = actual.getParameters();
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            float[] x = a.get(i).getValue().getArray().toFloatArray();
            float[] y = b.get(i).getValue().getArray().toFloatArray();
            assertArrayEquals(x, y, (float) tolerance, a.get(i).getKey());
        }
    }

    /** The GAN step written out by hand, without GanTrainer, freezing or trainers. */
    private static final class ReferenceStep {
        private final Block generator;
        private final Block discriminator;
        private final StatefulAdam gOpt;
        private final StatefulAdam dOpt;
        private final AdversarialLoss loss = CONFIG.adversarialLoss();
        private final SeededNoise noise = new SeededNoise(CONFIG.seed());
        private final NDManager manager;

        ReferenceStep(GanTrainer weights, NDManager manager) {
            this.generator = weights.generatorModel().getBlock();
            this.discriminator = weights.discriminatorModel().getBlock();
            this.manager = manager;
            gOpt = adam(CONFIG.generatorLearningRate());
            dOpt = adam(CONFIG.discriminatorLearningRate());
        }

        private static StatefulAdam adam(float lr) {
            return StatefulAdam.builder()
                    .optLearningRateTracker(Tracker.fixed(lr))
                    .optBeta1(CONFIG.beta1())
                    .optBeta2(CONFIG.beta2())
                    .build();
        }

        void step(NDArray real, long step) {
            ParameterStore store = new ParameterStore(manager, false);
            long n = real.getShape().get(0);
            NDArray z = noise.sample(manager, new Shape(n, TinyGan.NOISE), step, 0);
            // G runs once; D learns from its detached output, G from the same output through D.
            NDArray generated;
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                generated = generator.forward(store, new NDList(z), true).head();
            }
            NDArray fakes = generated.stopGradient();
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray realLogits = discriminator.forward(store, new NDList(real), true).head();
                NDArray fakeLogits = discriminator.forward(store, new NDList(fakes), true).head();
                c.backward(loss.discriminatorLoss(realLogits, fakeLogits));
            }
            update(discriminator, dOpt);
            try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
                NDArray fakeLogits =
                        discriminator.forward(store, new NDList(generated), true).head();
                c.backward(loss.generatorLoss(fakeLogits));
            }
            update(generator, gOpt);
            zero(discriminator); // what G's step deposited in D is thrown away
        }

        private static void update(Block block, StatefulAdam optimizer) {
            for (Pair<String, Parameter> p : block.getParameters()) {
                NDArray weight = p.getValue().getArray();
                optimizer.update(p.getValue().getId(), weight, weight.getGradient());
            }
            zero(block);
        }

        private static void zero(Block block) {
            for (Pair<String, Parameter> p : block.getParameters()) {
                NDArray gradient = p.getValue().getArray().getGradient();
                gradient.subi(gradient);
            }
        }
    }
}
