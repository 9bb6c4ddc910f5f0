package dev.ember.ml.testkit;

/** Fixed seeds for tests, printed so a failure can be replayed. */
public final class Seeds {
    private Seeds() {
    }

    /**
     * @param test the test's name
     * @param seed the seed it uses
     * @return the seed, after logging it to standard error
     */
    public static long announce(String test, long seed) {
        System.err.println("[seed] " + test + " uses seed " + seed);
        return seed;
    }
}
