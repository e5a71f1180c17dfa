package org.lamina.geometry;

import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Pooling shape rules against PyTorch's own output sizes, ceil_mode included. */
class PoolGeometryTest {

    /**
     * Every line of {@code pool_output_heights.txt} (PyTorch 1.13's output heights for H = 1..12):
     * where PyTorch gives a size Lamina gives the same, where PyTorch refuses Lamina refuses, except
     * for the one deliberate difference: a window larger than the padded input, which PyTorch turns
     * into a single clipped window in ceil mode and Lamina rejects.
     */
    @Test
    void outputSizesMatchPyTorch() throws IOException {
        int compared = 0, ceilClippedWindows = 0;
        try (var in = PoolGeometryTest.class.getResourceAsStream("pool_output_heights.txt");
                var lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] f = line.split(" ");
                boolean ceil = f[0].equals("1");
                int k = Integer.parseInt(f[1]), s = Integer.parseInt(f[2]), p = Integer.parseInt(f[3]);
                for (int row = 1; row <= f[4].length(); row++) {
                    int h = row;
                    char expected = f[4].charAt(h - 1);
                    PoolParams params = PoolParams.kernel(k, 1).stride(s, 1).padding(p, 0).ceilMode(ceil);
                    String what = line + " H=" + h;
                    if (expected == '-' || k > h + 2 * p) {
                        assertThrows(IllegalArgumentException.class,
                                () -> PoolGeometry.of("max_pool2d", new int[] {1, 1, h, 1}, params), what);
                        if (expected != '-') {
                            assertTrue(ceil, what);
                            assertEquals('1', expected, what);
                            ceilClippedWindows++;
                        }
                    } else {
                        PoolGeometry g = PoolGeometry.of("max_pool2d", new int[] {1, 1, h, 1}, params);
                        assertEquals(Character.digit(expected, 36), g.ho(), what);
                        assertEquals(1, g.wo(), what);
                    }
                    compared++;
                }
            }
        }
        assertTrue(compared > 1000, "compared " + compared);
        assertTrue(ceilClippedWindows > 0, "the table has the ceil-mode cases Lamina rejects");
    }

    /** The ceil-mode rule: the last window must start inside the input or its left padding. */
    @Test
    void ceilModeDropsAWindowThatWouldStartInTheRightPadding() {
        // H=5, k=2, s=2, p=1: ceil gives floor((5+2-2+1)/2)+1 = 4, but window 3 would start at 3*2-1 = 5 = H.
        assertEquals(3, PoolGeometry.outSize(5, 2, 2, 1, true));
        assertEquals(3, PoolGeometry.outSize(5, 2, 2, 1, false));
        assertEquals(4, PoolGeometry.outSize(6, 2, 2, 1, true));
    }

    /** Average pooling's divisor: padding counts with count_include_pad, the part past H + p never does. */
    @Test
    void averageDivisorsClipAtThePaddedEnd() {
        // H=8, k=3, s=2, p=1, ceil: windows start at -1, 1, 3, 5, 7; the last covers rows 7..9, but
        // 9 is past H + p = 9 - 1, so it counts rows 7..8 with padding and row 7 alone without.
        PoolGeometry g = PoolGeometry.of("avg_pool2d", new int[] {1, 1, 8, 6},
                PoolParams.kernel(3).stride(2).padding(1).ceilMode(true));
        assertEquals(5, g.ho());
        assertEquals(3, g.avgRows(0, true));
        assertEquals(2, g.avgRows(0, false));
        assertEquals(3, g.avgRows(2, true));
        assertEquals(2, g.avgRows(4, true));
        assertEquals(1, g.avgRows(4, false));
    }

    @Test
    void adaptiveCellsCoverTheInput() {
        // 7 rows into 3 cells: [0, 3), [2, 5), [4, 7), overlapping where 7/3 is not whole.
        assertArrayEquals(new int[] {0, 2, 4}, new int[] {AdaptivePoolGeometry.start(0, 7, 3),
            AdaptivePoolGeometry.start(1, 7, 3), AdaptivePoolGeometry.start(2, 7, 3)});
        assertArrayEquals(new int[] {3, 5, 7}, new int[] {AdaptivePoolGeometry.end(0, 7, 3),
            AdaptivePoolGeometry.end(1, 7, 3), AdaptivePoolGeometry.end(2, 7, 3)});
        assertTrue(AdaptivePoolGeometry.of("adaptive_avg_pool2d", new int[] {2, 3, 7, 9}, 1, 1).isGlobal());
    }
}
