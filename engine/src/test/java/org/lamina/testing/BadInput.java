package org.lamina.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.function.Executable;

/** The bad-input tests' check: a call is refused with a message that names what is wrong. */
public final class BadInput {
    private BadInput() {
    }

    /** {@code call} throws an IllegalArgumentException whose message contains each of {@code words}. */
    public static void rejects(Executable call, String... words) {
        var e = assertThrows(IllegalArgumentException.class, call);
        for (String w : words) {
            assertTrue(e.getMessage().contains(w), "'" + w + "' missing from: " + e.getMessage());
        }
    }
}
