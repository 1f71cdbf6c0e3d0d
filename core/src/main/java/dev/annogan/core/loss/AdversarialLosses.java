package dev.annogan.core.loss;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Picks an {@link AdversarialLoss} by the name a configuration file or command line gives.
 *
 * <p>Known names, with their aliases: {@code non-saturating} ({@code bce}), {@code hinge}, {@code
 * least-squares} ({@code lsgan}), {@code wasserstein} ({@code wgan}). Names are matched without
 * regard to case or surrounding spaces.
 */
public final class AdversarialLosses {

    /** Makes a loss from a label smoothing; losses without smoothing reject a non-zero one. */
    private interface Factory {
        AdversarialLoss create(String name, float labelSmoothing);
    }

    private static final Map<String, Factory> FACTORIES = factories();

    private AdversarialLosses() {}

    /**
     * Returns the loss with the given name and hard targets.
     *
     * @param name a loss name or alias, see {@link #names()}
     * @return a new loss
     * @throws IllegalArgumentException if the name is unknown; the message lists the valid names
     */
    public static AdversarialLoss byName(String name) {
        return byName(name, 0f);
    }

    /**
     * Returns the loss with the given name, with the real target smoothed by {@code
     * labelSmoothing}.
     *
     * @param name a loss name or alias, see {@link #names()}
     * @param labelSmoothing the amount taken off the real target; only the non-saturating loss
     *     accepts a value other than 0
     * @return a new loss
     * @throws IllegalArgumentException if the name is unknown (the message lists the valid names),
     *     or the smoothing is out of range or given to a loss that has no targets to smooth
     */
    public static AdversarialLoss byName(String name, float labelSmoothing) {
        Objects.requireNonNull(name, "adversarial loss name");
        Factory factory = FACTORIES.get(name.trim().toLowerCase(Locale.ROOT));
        if (factory == null) {
            throw new IllegalArgumentException(
                    "unknown adversarial loss '"
                            + name
                            + "'; valid names: "
                            + String.join(", ", FACTORIES.keySet()));
        }
        return factory.create(name, labelSmoothing);
    }

    /**
     * Returns every name and alias {@link #byName(String)} accepts, in a stable order.
     *
     * @return the accepted names, unmodifiable
     */
    public static Set<String> names() {
        return Collections.unmodifiableSet(FACTORIES.keySet());
    }

    private static Map<String, Factory> factories() {
        Factory nonSaturating = (name, smoothing) -> new NonSaturatingLoss(smoothing);
        Factory hinge = withoutSmoothing(HingeLoss::new);
        Factory leastSquares = withoutSmoothing(LeastSquaresLoss::new);
        Factory wasserstein = withoutSmoothing(WassersteinLoss::new);

        Map<String, Factory> map = new LinkedHashMap<>();
        map.put("bce", nonSaturating);
        map.put(NonSaturatingLoss.NAME, nonSaturating);
        map.put(HingeLoss.NAME, hinge);
        map.put("lsgan", leastSquares);
        map.put(LeastSquaresLoss.NAME, leastSquares);
        map.put("wgan", wasserstein);
        map.put(WassersteinLoss.NAME, wasserstein);
        return map;
    }

    private static Factory withoutSmoothing(Supplier<AdversarialLoss> constructor) {
        return (name, smoothing) -> {
            // Silently dropping a configured value would hide a mistake in the experiment.
            if (smoothing != 0f) {
                throw new IllegalArgumentException(
                        "adversarial loss '"
                                + name
                                + "' has no real target to smooth; label smoothing must be 0,"
                                + " got "
                                + smoothing
                                + " (only "
                                + NonSaturatingLoss.NAME
                                + " / bce takes label smoothing)");
            }
            return constructor.get();
        };
    }
}
