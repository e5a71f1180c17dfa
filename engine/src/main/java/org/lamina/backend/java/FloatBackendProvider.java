package org.lamina.backend.java;

import java.util.Optional;
import org.lamina.backend.Backend;
import org.lamina.backend.BackendProvider;

/**
 * The Java float backend ({@link JavaBackend#floatPath()}), chosen by its name {@code java-float};
 * the default when no OpenCL device can run, ahead of the double-precision reference ({@code java}),
 * which stays what the tests and gradient checks compare with.
 */
public final class FloatBackendProvider implements BackendProvider {
    private static final Choice HOST = new Choice() {
        @Override
        public String key() {
            return JavaBackend.FLOAT;
        }

        @Override
        public Backend open(Settings settings) {
            return JavaBackend.floatPath();
        }
    };

    @Override
    public String name() {
        return JavaBackend.FLOAT;
    }

    @Override
    public String what() {
        return "Java float backend";
    }

    /** Below OpenCL (100), above the reference (0). */
    @Override
    public int priority() {
        return 10;
    }

    /** Nothing but its name chooses it. */
    @Override
    public Optional<Choice> select(String spec) {
        return Optional.empty();
    }

    @Override
    public Optional<Choice> best() {
        return Optional.of(HOST);
    }

    @Override
    public String whyNone() {
        return "the Java float backend always runs";
    }
}
