package org.lamina.opencl;

/**
 * How many random configurations the differential tests draw: all of them normally; in the small mode
 * ({@code LAMINA_TEST_SHAPES=small}, as the Oclgrind run sets it) a subset that still reaches every
 * kernel and algorithm variant, with coverage thresholds lowered to match.
 */
public final class TestShapes {
    /** The environment variable; {@code small} selects the small mode. */
    public static final String VARIABLE = "LAMINA_TEST_SHAPES";

    private TestShapes() {
    }

    public static boolean small() {
        String v = System.getenv(VARIABLE);
        return v != null && v.strip().equalsIgnoreCase("small");
    }

    /** {@code full} normally, {@code small} in the small mode. */
    public static int count(int full, int small) {
        return small() ? small : full;
    }
}
