package org.lamina.opencl;

import java.util.function.Supplier;

/**
 * A value made on its first use, once, whichever thread asks first. Kernel families and paths are
 * built lazily so that a run compiles only the programs it needs.
 */
public final class Lazy<T> {
    private final Supplier<T> make;
    private volatile T value;

    public Lazy(Supplier<T> make) {
        this.make = make;
    }

    public T get() {
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
