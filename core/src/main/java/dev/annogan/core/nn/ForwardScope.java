package dev.annogan.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Keeps a forward pass's arrays out of the model's manager.
 *
 * <p>A DJL operation puts its result in its first operand's manager. A block that computes
 * something from its own parameters (a normalised weight, a reshaped bias) therefore makes arrays
 * in the model's manager, which lives as long as the model: one or more arrays per forward pass
 * that nothing frees, a native leak that grows with every training step. Such a block hands each
 * parameter-derived array to {@link #own} with the manager of the forward's input, so it dies with
 * the batch like every other activation. Autograd keeps what it needs on its own.
 */
public final class ForwardScope {

    private ForwardScope() {}

    /**
     * Moves a freshly made array into {@code scope} and returns it.
     *
     * @param scope the manager of the forward's input
     * @param fresh an array the forward just made
     * @return {@code fresh}, now owned by {@code scope}
     */
    public static NDArray own(NDManager scope, NDArray fresh) {
        fresh.attach(scope);
        return fresh;
    }
}
