package org.lamina.backend.opencl;

import java.util.function.Supplier;

/**
 * A value made on first use, once. Kernel families are built lazily so that a run compiles only the
 * programs it needs.
 */
final class Lazy<T> {
    private final Supplier<T> make;
    private volatile T value;

    Lazy(Supplier<T> make) {
        this.make = make;
    }

    T get() {
        T v = value;
        if (v == null) {
            synchronized (this) {
                v = value;
                if (v == null) {
                    v = make.get();
                    value = v;
                }
            }
        }
        return v;
    }
}
