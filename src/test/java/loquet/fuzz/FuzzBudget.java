package loquet.fuzz;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * How long the fuzz runs: a fixed seed and a bounded count in CI, so a failure comes back
 * the same on every machine, and whatever {@code bench/fuzz.sh} asks for otherwise, through
 * {@code -Dloquet.fuzz.tries=N} (tries of each property) and {@code -Dloquet.fuzz.seed=S}.
 */
public final class FuzzBudget implements AroundPropertyHook {

    /** The CI seed: change it only on purpose (a failure found with another seed becomes an example test instead). */
    public static final String CI_SEED = "20261202";

    public static String seed() {
        return System.getProperty("loquet.fuzz.seed", CI_SEED);
    }

    /** The tries of one property: its own CI count unless the run asks for more. */
    public static int tries(int ciTries) {
        String asked = System.getProperty("loquet.fuzz.tries");
        return asked == null || asked.isBlank() ? ciTries : Integer.parseInt(asked.strip());
    }

    @Override
    public net.jqwik.api.lifecycle.PropagationMode propagateTo() {
        return net.jqwik.api.lifecycle.PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        var attributes = context.attributes();
        int declared = attributes.tries().orElse(1000);
        if (declared <= 1) {
            return property.execute(); // an @Example: once
        }
        attributes.setTries(tries(declared));
        attributes.setSeed(seed());
        attributes.setWhenFixedSeed(net.jqwik.api.FixedSeedMode.ALLOW);
        // The same tries every run, not the last failure's sample first: CI must see what a clean machine sees.
        attributes.setAfterFailure(net.jqwik.api.AfterFailureMode.RANDOM_SEED);
        System.out.println("fuzz: " + context.label() + ", " + attributes.tries().orElseThrow() + " tries, seed " + attributes.seed().orElseThrow());
        return property.execute();
    }
}
