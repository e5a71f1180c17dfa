package org.lamina.testing;

import java.net.URISyntaxException;
import java.nio.file.Path;
import org.lamina.backend.java.JavaBackend;
import org.lamina.backend.opencl.OpenClBackend;
import org.lamina.golden.GoldenSet;
import org.lamina.opencl.OpenClTests;

/** The backends and the golden set the engine's tests share. */
public final class TestBackends {
    private static final JavaBackend JAVA = new JavaBackend();
    private static final JavaBackend JAVA_FLOAT = JavaBackend.floatPath();
    private static OpenClBackend openCl;

    private TestBackends() {
    }

    public static JavaBackend java() {
        return JAVA;
    }

    /** The Java float backend ({@code java-float}), compared with the reference as OpenCL is. */
    public static JavaBackend javaFloat() {
        return JAVA_FLOAT;
    }

    /** The OpenCL backend; skips (or, with CI=true, fails) when there is no device. */
    public static synchronized OpenClBackend openCl() {
        if (openCl == null) {
            openCl = new OpenClBackend(OpenClTests.context());
        }
        return openCl;
    }

    /** The copy of the PyTorch reference vectors in the test resources. */
    public static GoldenSet golden() {
        try {
            return GoldenSet.open(Path.of(TestBackends.class.getResource("/golden/index.json").toURI()).getParent());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
