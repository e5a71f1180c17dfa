package org.lamina.backend.java;

/**
 * The innermost block of {@link FloatGemm}: an {@code mr x nr} block of C from a micro-panel of A
 * ({@code ap[aOff + p*mr + i]}) and one of B ({@code bp[bOff + p*nr + j]}), {@code kc} deep, kept in
 * registers, then written to (or, when {@code add}, added to) the live {@code rows x cols} corner of
 * {@code c[cOff + i*ldc + j]}. An instance belongs to one thread at a time (it may hold scratch space).
 */
interface MicroKernel {
    void run(int kc, float[] ap, int aOff, float[] bp, int bOff, float[] c, int cOff, int ldc, int rows, int cols,
            boolean add);

    /** Makes kernels of one shape. */
    interface Factory {
        int mr();

        int nr();

        MicroKernel create();

        String describe();
    }

    /** Name of the system property that, set to {@code false}, keeps the Vector API kernel out. */
    String VECTOR_PROPERTY = "lamina.java.vector";

    /**
     * The Vector API kernel when {@code jdk.incubator.vector} is in the boot layer (the JVM was started
     * with {@code --add-modules jdk.incubator.vector}) and computes a small product right; else the
     * scalar kernel. The vector kernel's class is only loaded once the module is known to be there.
     */
    static Factory best() {
        if (!"false".equalsIgnoreCase(System.getProperty(VECTOR_PROPERTY))
                && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            try {
                Factory f = (Factory) Class.forName("org.lamina.backend.java.VectorMicroKernel")
                        .getDeclaredMethod("factory").invoke(null);
                if (ScalarMicroKernel.agrees(f)) {
                    return f;
                }
                System.getLogger(MicroKernel.class.getName()).log(System.Logger.Level.WARNING,
                        "the Vector API kernel disagrees with the scalar one; the Java float backend uses the scalar kernel");
            } catch (ReflectiveOperationException | LinkageError e) {
                // an OSGi framework that does not export the module's package to the engine: the scalar kernel serves
                System.getLogger(MicroKernel.class.getName()).log(System.Logger.Level.DEBUG,
                        "Vector API kernel not available: " + e);
            }
        }
        return ScalarMicroKernel.FACTORY;
    }
}
