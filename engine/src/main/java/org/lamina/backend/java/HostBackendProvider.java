package org.lamina.backend.java;

import java.util.Optional;
import java.util.function.Supplier;
import org.lamina.backend.Backend;
import org.lamina.backend.BackendProvider;

/**
 * A backend that runs on the host, always there: chosen by its name only, and its one device is the
 * host. The Java backends' providers differ in name, description, priority and what they open.
 */
abstract class HostBackendProvider implements BackendProvider {
    private final String name;
    private final String what;
    private final int priority;
    private final Choice host;

    HostBackendProvider(String name, String what, int priority, Supplier<Backend> open) {
        this.name = name;
        this.what = what;
        this.priority = priority;
        this.host = new Choice() {
            @Override
            public String key() {
                return name;
            }

            @Override
            public Backend open(Settings settings) {
                return open.get();
            }
        };
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String what() {
        return what;
    }

    @Override
    public final int priority() {
        return priority;
    }

    /** Nothing but its name chooses it. */
    @Override
    public final Optional<Choice> select(String spec) {
        return Optional.empty();
    }

    @Override
    public final Optional<Choice> best() {
        return Optional.of(host);
    }

    @Override
    public final String whyNone() {
        return "the " + what + " always runs";
    }
}
