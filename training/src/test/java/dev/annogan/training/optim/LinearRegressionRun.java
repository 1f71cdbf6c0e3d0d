package dev.annogan.training.optim;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A two-layer regression model trained through a real DJL {@link Trainer}, so optimizers are
 * exercised the way the training loop drives them (parameter server, duplicated gradients).
 */
final class LinearRegressionRun implements AutoCloseable {

    static final int INPUTS = 5;
    static final int OUTPUTS = 3;
    static final int BATCH = 8;

    private final Model model;
    private final Trainer trainer;

    /**
     * Creates a run with {@code optimizer}, starting from {@code parameters} (bytes of {@link
     * #parameters()}) or from a seeded random initialisation when null.
     */
    LinearRegressionRun(Optimizer optimizer, byte[] parameters) {
        // Seeded: from some initialisations a tanh unit saturates and its weights barely move in
        // the few steps a test runs, which the tests would read as an optimiser that does not.
        Engine.getInstance().setRandomSeed(7);
        model = Model.newInstance("linear-regression");
        SequentialBlock block =
                new SequentialBlock()
                        .add(Linear.builder().setUnits(6).build())
                        .add(Activation::tanh)
                        .add(Linear.builder().setUnits(OUTPUTS).build());
        model.setBlock(block);
        if (parameters != null) {
            // Before the trainer exists: Trainer.initialize hands the current arrays to its
            // parameter store, which would keep training them after a later load.
            block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(BATCH, INPUTS));
            try {
                block.loadParameters(
                        model.getNDManager(),
                        new DataInputStream(new ByteArrayInputStream(parameters)));
            } catch (IOException | MalformedModelException e) {
                throw new IllegalStateException(e);
            }
        }
        trainer =
                model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(optimizer));
        trainer.initialize(new Shape(BATCH, INPUTS));
    }

    /** Trains one step on batch number {@code batch} of a fixed, seeded data stream. */
    void step(int batch) {
        Random random = new Random(1000L + batch);
        float[] x = new float[BATCH * INPUTS];
        float[] y = new float[BATCH * OUTPUTS];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) random.nextGaussian();
        }
        try (NDManager batchManager = trainer.getManager().newSubManager()) {
            NDArray input = batchManager.create(x, new Shape(BATCH, INPUTS));
            NDArray label = batchManager.create(y, new Shape(BATCH, OUTPUTS));
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDList prediction = trainer.forward(new NDList(input));
                NDArray loss = trainer.getLoss().evaluate(new NDList(label), prediction);
                collector.backward(loss);
            }
            trainer.step();
        }
    }

    /** Returns the model's parameters as {@code Block.saveParameters} writes them. */
    byte[] parameters() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            model.getBlock().saveParameters(out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    /** Returns every parameter's values, in the block's order. */
    List<float[]> weights() {
        List<float[]> weights = new ArrayList<>();
        for (Pair<String, Parameter> parameter : model.getBlock().getParameters()) {
            weights.add(parameter.getValue().getArray().toFloatArray());
        }
        return weights;
    }

    /** Returns the trained block. */
    Block block() {
        return model.getBlock();
    }

    /** Returns the manager of the model, which outlives every batch. */
    NDManager manager() {
        return model.getNDManager();
    }

    @Override
    public void close() {
        trainer.close();
        model.close();
    }
}
