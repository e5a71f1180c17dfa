package org.lamina.backend;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Device lists ({@code --device 0,1}) as far as they need no OpenCL device; the lists of OpenCL
 * devices are checked by the command line's TwoDevicesTrainingTest on two pocl devices.
 */
class BackendsListTest {

    @Test
    void aListIsRecognisedByItsComma() {
        assertTrue(Backends.isList("0,1"));
        assertTrue(Backends.isList("0,"));
        assertFalse(Backends.isList("0"));
        assertFalse(Backends.isList(null));
    }

    @Test
    void javaInAListOpensTheJavaBackendOnTheCallersThread() {
        List<Supplier<Backend>> one = Backends.list(" java ");
        assertEquals(1, one.size());
        try (Backend b = one.get(0).get()) {
            assertEquals("java", b.name());
            b.finish(); // nothing queued: returns at once
        }
    }

    @Test
    void emptyEntriesAndRepeatsAreRefusedNamingTheList() {
        var e = assertThrows(IllegalArgumentException.class, () -> Backends.list("java,"));
        assertEquals("device list 'java,': entry 2 is empty; give device indices, types or names separated by"
                + " commas, e.g. 0,1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Backends.list(",java"));
        assertTrue(e.getMessage().contains("entry 1 is empty"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Backends.list("java,Java"));
        assertEquals("device list 'java,Java': 'Java' names the Java backend, which 'java' named already; each"
                + " device can be used once", e.getMessage());
    }

    @Test
    void aCommandOnOneDeviceRefusesAList() {
        var e = assertThrows(IllegalArgumentException.class, () -> Backends.open("0,1"));
        assertTrue(e.getMessage().startsWith("device '0,1' names several devices"), e.getMessage());
    }
}
