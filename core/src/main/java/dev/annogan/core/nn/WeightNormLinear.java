package dev.annogan.core.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Arrays;

/**
 * A fully connected layer with weight normalisation (Salimans and Kingma, 2016): {@code y = x W^T +
 * b} with row {@code j} of {@code W} equal to {@code g_j * v_j / ||v_j||}, where the direction
 * {@code v} (parameter {@code weight}, shape {@code (units, inputs)}), the length {@code g}
 * (parameter {@code scale}, shape {@code (units)}) and the bias {@code b} (parameter {@code bias})
 * are trained. Decoupling each unit's length from its direction speeds up and steadies gradient
 * descent, and unlike batch normalisation it adds no dependence between the rows of a batch, which
 * matters for a GAN discriminator that sees real and generated batches separately.
 *
 * <p>{@code v} starts as a {@link Linear}'s weight does, {@code g} at 1 and {@code b} at 0. {@link
 * #initializeFromData} sets {@code g} and {@code b} from a batch instead, so that the layer's
 * outputs on that batch have zero mean and unit variance per unit: the data-dependent
 * initialisation of the paper.
 *
 * <pre>{@code
 * WeightNormLinear layer = WeightNormLinear.builder().setUnits(500).build();
 * layer.initialize(manager, DataType.FLOAT32, new Shape(100, 784));
 * layer.initializeFromData(store, batch); // optional
 * NDArray y = layer.forward(store, new NDList(x), true).head(); // (100, 500)
 * }</pre>
 */
public class WeightNormLinear extends AbstractBlock {

    private static final byte VERSION = 1;
    private static final float EPSILON = 1e-12f;
    private static final float VARIANCE_EPSILON = 1e-6f;

    private final long units;
    private final Parameter weight;
    private final Parameter scale;
    private final Parameter bias;

    /**
     * Creates the layer the builder describes.
     *
     * @param builder a validated builder
     */
    protected WeightNormLinear(Builder builder) {
        super(VERSION);
        this.units = builder.units;
        this.weight =
                addParameter(
                        Parameter.builder()
                                .setName("weight")
                                .setType(Parameter.Type.WEIGHT)
                                .build());
        this.scale =
                addParameter(
                        Parameter.builder().setName("scale").setType(Parameter.Type.GAMMA).build());
        this.bias =
                addParameter(
                        Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).build());
    }

    /**
     * Creates a builder for a {@link WeightNormLinear}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the number of output units.
     *
     * @return the units
     */
    public long getUnits() {
        return units;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        checkInputShapes(new Shape[] {x.getShape()});
        Device device = x.getDevice();
        NDArray v = parameterStore.getValue(weight, device, training);
        NDArray g = parameterStore.getValue(scale, device, training);
        NDArray b = parameterStore.getValue(bias, device, training);
        // (x v^T) * (g / ||v||): the same as x W^T, without building W, so that no weight-sized
        // array is allocated per forward beyond what autograd keeps.
        NDArray t = Linear.linear(x, v, null).head();
        // g / ||v|| is made from parameters, in the model's manager: it belongs to the batch.
        NDArray rowScale = ForwardScope.own(x.getManager(), g.div(rowNorms(v, x.getManager())));
        return new NDList(t.mul(rowScale).add(b));
    }

    /** Returns the length of every row of {@code v}, {@code (units)}, owned by {@code scope}. */
    private static NDArray rowNorms(NDArray v, NDManager scope) {
        // add(Number) is safe on a gradient path (its gradient does not read the number).
        return ForwardScope.own(scope, v.norm(new int[] {1})).add(EPSILON);
    }

    /**
     * Sets the scale and the bias so that this layer's outputs on {@code x} have zero mean and unit
     * variance per unit: with {@code t = x (v / ||v||)^T}, {@code g = 1 / std(t)} and {@code b =
     * -mean(t) / std(t)}, statistics over the batch axis. The direction {@code v} is unchanged.
     *
     * <p>It writes the parameters' own arrays, so call it before any trainer copies them (to other
     * devices, or into MXNet's parameter server): a copy made earlier keeps the old values. Its
     * temporaries belong to {@code x}'s manager.
     *
     * @param parameterStore the parameter store
     * @param x a batch of inputs, {@code (N, inputs)} with N at least 2
     * @throws IllegalArgumentException if the batch has fewer than two rows or the wrong width
     */
    public void initializeFromData(ParameterStore parameterStore, NDArray x) {
        checkInputShapes(new Shape[] {x.getShape()});
        if (x.getShape().get(0) < 2) {
            throw new IllegalArgumentException(
                    "WeightNormLinear: data-dependent initialisation needs at least 2 rows, got "
                            + x.getShape().get(0));
        }
        Device device = x.getDevice();
        NDArray v =
                ForwardScope.own(
                        x.getManager(),
                        parameterStore.getValue(weight, device, false).stopGradient());
        NDArray t =
                Linear.linear(x.stopGradient(), v, null).head().div(rowNorms(v, x.getManager()));
        NDArray mean = t.mean(new int[] {0});
        NDArray std = t.sub(mean).square().mean(new int[] {0}).add(VARIANCE_EPSILON).sqrt();
        NDArray newScale = std.onesLike().div(std);
        NDArray newBias = mean.neg().div(std);
        newScale.copyTo(scale.getArray());
        newBias.copyTo(bias.getArray());
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        checkInputShapes(inputShapes);
        return new Shape[] {new Shape(inputShapes[0].get(0), units)};
    }

    /** {@inheritDoc} */
    @Override
    public void prepare(Shape[] inputShapes) {
        checkInputShapes(inputShapes);
        weight.setShape(new Shape(units, inputShapes[0].get(1)));
        scale.setShape(new Shape(units));
        bias.setShape(new Shape(units));
    }

    private void checkInputShapes(Shape[] shapes) {
        long inputs = weight.isInitialized() ? weight.getArray().getShape().get(1) : -1;
        if (shapes.length != 1
                || shapes[0].dimension() != 2
                || (inputs >= 0 && shapes[0].get(1) != inputs)) {
            throw new IllegalArgumentException(
                    "WeightNormLinear expects one input of shape (N, "
                            + (inputs >= 0 ? Long.toString(inputs) : "inputs")
                            + "); got "
                            + Arrays.toString(shapes));
        }
    }

    /** The builder for a {@link WeightNormLinear}. */
    public static final class Builder {

        private long units;

        Builder() {}

        /**
         * Sets the number of output units. Required.
         *
         * @param units the units
         * @return this builder
         */
        public Builder setUnits(long units) {
            this.units = units;
            return this;
        }

        /**
         * Builds the layer.
         *
         * @return a new, uninitialised {@link WeightNormLinear}
         * @throws IllegalArgumentException if the units are not positive
         */
        public WeightNormLinear build() {
            if (units <= 0) {
                throw new IllegalArgumentException(
                        "WeightNormLinear: setUnits is required and must be positive, got "
                                + units);
            }
            return new WeightNormLinear(this);
        }
    }
}
