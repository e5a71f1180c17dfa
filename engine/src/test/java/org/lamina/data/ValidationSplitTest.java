package org.lamina.data;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The held-out validation images: sizes, determinism by seed, disjointness. */
class ValidationSplitTest {

    /** {@code n} 1x1x1 images whose pixel is their index (mod 256) and label index mod 3. */
    static ImageDataset numbered(int n) {
        byte[] px = new byte[n], lab = new byte[n];
        for (int i = 0; i < n; i++) {
            px[i] = (byte) i;
            lab[i] = (byte) (i % 3);
        }
        return new ImageDataset("numbers/train", n, 1, 1, 1, px, lab, List.of("a", "b", "c"));
    }

    @Test
    void sizes() {
        assertEquals(10, ValidationSplit.count("0.1", 100));
        assertEquals(25, ValidationSplit.count("25%", 100));
        assertEquals(7, ValidationSplit.count("7", 100));
        assertEquals(1, ValidationSplit.count("1", 100), "an integer is a count");
        for (String bad : new String[] {"0", "100", "1.0", "0.0", "-3", "ten", "", "150%"}) {
            var e = assertThrows(IllegalArgumentException.class, () -> ValidationSplit.count(bad, 100), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> ValidationSplit.count("0.001", 100), "rounds to none");
    }

    @Test
    void theSameSeedGivesTheSameDisjointSplit() {
        ImageDataset d = numbered(200);
        ValidationSplit a = ValidationSplit.of(d, "0.25", 7), b = ValidationSplit.of(d, "0.25", 7);
        assertEquals(50, a.validation().count());
        assertEquals(150, a.train().count());
        assertArrayEquals(a.indices(), b.indices());
        assertEquals(a.fingerprint(), b.fingerprint());
        assertEquals("numbers/validation", a.validation().name());
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < a.validation().count(); i++) {
            seen.add(a.validation().pixels()[i] & 0xff);
            assertEquals((a.validation().pixels()[i] & 0xff) % 3, a.validation().label(i), "labels follow their images");
        }
        for (int i = 0; i < a.train().count(); i++) {
            assertTrue(seen.add(a.train().pixels()[i] & 0xff), "image " + i + " is on both sides");
        }
        assertEquals(200, seen.size(), "every image on one side");
        ValidationSplit other = ValidationSplit.of(d, "0.25", 8);
        assertNotEquals(a.fingerprint(), other.fingerprint());
        // not just the first or last images
        assertTrue(a.indices()[0] < 50 && a.indices()[49] > 150, Arrays.toString(a.indices()));
    }
}
