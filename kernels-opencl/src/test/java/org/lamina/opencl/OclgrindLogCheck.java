package org.lamina.opencl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import org.junit.jupiter.api.extension.DynamicTestInvocationContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * In the Oclgrind run (registered by extension auto-detection), fails each test, and each dynamic
 * test such as a reference case, after which Oclgrind's log has grown: an out-of-bounds access, a
 * data race, an API misuse or a barrier divergence is a failure of the test that caused it, with
 * Oclgrind's message. Strict mode finishes each launch, so the messages are written by then.
 * Elsewhere it does nothing.
 */
public final class OclgrindLogCheck implements InvocationInterceptor {
    /** Log bytes already accounted for (by a test that expects a report, see {@link #take()}). */
    private static long seen;

    static {
        // Before any OpenCL context: a log left by an earlier run is not this run's (Oclgrind
        // creates the file anew when it starts).
        if (Oclgrind.run() && Oclgrind.log() != null) {
            try {
                Files.deleteIfExists(Oclgrind.log());
            } catch (IOException e) {
                throw new UncheckedIOException("removing the old Oclgrind log " + Oclgrind.log(), e);
            }
        }
    }

    /** What Oclgrind logged since the last check, marking it as seen: for a test that expects a report. */
    public static synchronized String take() {
        if (Oclgrind.logSize() < seen) {
            seen = 0; // Oclgrind truncates the log for each new context: all of it is new
        }
        String s = Oclgrind.logFrom(seen);
        seen = Oclgrind.logSize();
        return s;
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
            ExtensionContext extensionContext) throws Throwable {
        checked(invocation, extensionContext.getDisplayName());
    }

    @Override
    public void interceptDynamicTest(Invocation<Void> invocation, DynamicTestInvocationContext invocationContext,
            ExtensionContext extensionContext) throws Throwable {
        checked(invocation, extensionContext.getDisplayName());
    }

    private static void checked(Invocation<Void> invocation, String name) throws Throwable {
        if (!Oclgrind.run() || Oclgrind.log() == null) {
            invocation.proceed();
            return;
        }
        invocation.proceed();
        String added = take(); // all since the last check: a class's setup is reported by its first test
        if (!added.isBlank()) {
            throw new AssertionError("Oclgrind reported problems during " + name + " (" + Oclgrind.log() + "):\n"
                    + (added.length() > 20_000 ? added.substring(0, 20_000) + "\n[... cut]" : added));
        }
    }
}
