package org.lamina.backend.java;

import java.util.Optional;
import org.lamina.backend.Backend;
import org.lamina.backend.BackendProvider;
import org.lamina.backend.Backends;

/** The Java reference backend (double precision), chosen by its name {@code java}; never the default while {@link FloatBackendProvider} is there. */
public final class JavaBackendProvider implements BackendProvider {
    private static final Choice HOST = new Choice() {
        @Override
        public String key() {
            return Backends.JAVA;
        }

        @Override
        public Backend open(Settings settings) {
            return new JavaBackend();
        }
    };

    @Override
    public String name() {
        return Backends.JAVA;
    }

    @Override
    public String what() {
        return "Java backend";
    }

    @Override
    public int priority() {
        return 0;
    }

    /** Nothing but its name chooses the Java backend. */
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
        return "the Java backend always runs";
    }
}
