package dev.annogan.core.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Losses are chosen by name, aliases included, and a wrong name lists the right ones. */
class AdversarialLossesTest {

    @Test
    void everyNameAndAliasGivesItsLoss() {
        assertInstanceOf(NonSaturatingLoss.class, AdversarialLosses.byName("bce"));
        assertInstanceOf(NonSaturatingLoss.class, AdversarialLosses.byName("non-saturating"));
        assertInstanceOf(HingeLoss.class, AdversarialLosses.byName("hinge"));
        assertInstanceOf(LeastSquaresLoss.class, AdversarialLosses.byName("lsgan"));
        assertInstanceOf(LeastSquaresLoss.class, AdversarialLosses.byName("least-squares"));
        assertInstanceOf(WassersteinLoss.class, AdversarialLosses.byName("wgan"));
        assertInstanceOf(WassersteinLoss.class, AdversarialLosses.byName("wasserstein"));
    }

    @Test
    void namesIgnoreCaseAndSurroundingSpaces() {
        assertInstanceOf(HingeLoss.class, AdversarialLosses.byName(" Hinge "));
        assertInstanceOf(NonSaturatingLoss.class, AdversarialLosses.byName("BCE"));
    }

    @Test
    void canonicalNameRoundTrips() {
        for (String name : AdversarialLosses.names()) {
            AdversarialLoss loss = AdversarialLosses.byName(name);
            assertEquals(loss.getClass(), AdversarialLosses.byName(loss.name()).getClass(), name);
        }
    }

    @Test
    void labelSmoothingReachesTheNonSaturatingLoss() {
        AdversarialLoss loss = AdversarialLosses.byName("bce", 0.1f);
        assertEquals(0.1f, ((NonSaturatingLoss) loss).getLabelSmoothing());
    }

    @Test
    void labelSmoothingOnALossWithoutTargetsIsRejected() {
        IllegalArgumentException error =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> AdversarialLosses.byName("hinge", 0.1f));
        assertTrue(error.getMessage().contains("hinge"), error.getMessage());
        assertInstanceOf(HingeLoss.class, AdversarialLosses.byName("hinge", 0f));
    }

    @Test
    void unknownNameListsTheValidNames() {
        IllegalArgumentException error =
                assertThrows(
                        IllegalArgumentException.class, () -> AdversarialLosses.byName("wgan-gp"));
        for (String name :
                List.of(
                        "bce",
                        "non-saturating",
                        "hinge",
                        "lsgan",
                        "least-squares",
                        "wgan",
                        "wasserstein")) {
            assertTrue(error.getMessage().contains(name), error.getMessage());
        }
        assertTrue(error.getMessage().contains("'wgan-gp'"), error.getMessage());
    }
}
