package org.lamina.tensor;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.lamina.backend.Backend;
import org.lamina.testing.TestBackends;

class TensorTest {

    @Test
    void valuesRoundTripOnBothBackends() {
        for (Backend b : new Backend[] {TestBackends.java(), TestBackends.openCl()}) {
            try (Tensor t = b.tensor(new float[] {1, 2, 3, 4, 5, 6}, 2, 3)) {
                assertArrayEquals(new int[] {2, 3}, t.dims());
                assertEquals(6, t.size());
                assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, t.toArray());
                assertSame(b, t.backend());
                assertEquals(b.device(), t.location());
            }
            try (Tensor z = b.zeros(3)) {
                assertArrayEquals(new float[3], z.toArray());
            }
        }
    }

    @Test
    void aReshapeIsAViewThatKeepsTheValuesAlive() {
        var cl = TestBackends.openCl();
        long before = cl.memory().inUse();
        Tensor t = cl.tensor(new float[] {1, 2, 3, 4}, 2, 2);
        Tensor flat = t.reshape(4);
        assertEquals(before + 16, cl.memory().inUse(), "no copy");
        assertTrue(t.sharesStorage() && flat.sharesStorage());
        t.close();
        assertFalse(flat.sharesStorage());
        assertArrayEquals(new float[] {1, 2, 3, 4}, flat.toArray());
        flat.close();
        assertEquals(before, cl.memory().inUse());
        assertThrows(IllegalStateException.class, flat::toArray);
        assertThrows(IllegalArgumentException.class, () -> TestBackends.java().zeros(2, 3).reshape(5));
    }

    @Test
    void freedBuffersAreReusedForTheSameSize() {
        var cl = TestBackends.openCl();
        float[] old = new float[12345], fresh = new float[12345];
        Arrays.fill(old, 7f);
        for (int i = 0; i < fresh.length; i++) {
            fresh[i] = i + 1;
        }
        cl.tensor(old, 12345).close();
        int live = cl.context().liveBuffers();
        try (Tensor b = cl.tensor(fresh, 12345)) {
            assertEquals(live, cl.context().liveBuffers(), "the pooled buffer was reused, nothing allocated");
            assertArrayEquals(fresh, b.toArray(), "the reused buffer holds the new data, not the old");
        }
        cl.tensor(old, 12345).close();
        try (Tensor z = cl.zeros(12345)) {
            assertEquals(live, cl.context().liveBuffers(), "reused again");
            assertArrayEquals(new float[12345], z.toArray(), "zeros in a reused buffer are zeros");
        }
    }

    @Test
    void badShapesAndDataAreRejected() {
        var java = TestBackends.java();
        assertThrows(IllegalArgumentException.class, () -> java.tensor(new float[5], 2, 3));
        assertThrows(IllegalArgumentException.class, () -> java.zeros(2, -1));
        assertThrows(IllegalArgumentException.class, () -> TestBackends.openCl().tensor(new float[5], 2, 3));
    }

    @Test
    void copiesMoveBetweenBackends() {
        var java = TestBackends.java();
        var cl = TestBackends.openCl();
        try (Tensor h = java.tensor(new float[] {3, 1, 4}, 3); Tensor d = cl.to(h)) {
            assertSame(cl, d.backend());
            assertArrayEquals(h.toArray(), d.toArray());
            assertSame(h, java.to(h));
        }
    }
}
