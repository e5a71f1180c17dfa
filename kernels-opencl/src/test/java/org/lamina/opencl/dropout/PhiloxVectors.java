package org.lamina.opencl.dropout;

/**
 * The published Random123 known-answer vectors of philox4x32-10 (kat_vectors), shared by the device's
 * test ({@code PhiloxKernelTest}) and the Java generator's (engine's {@code PhiloxTest}).
 */
public final class PhiloxVectors {
    /** Each row: counter words 0..3, key words 0..1, expected output words 0..3. */
    public static final int[][] RANDOM123 = {
        {0, 0, 0, 0, 0, 0, 0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8},
        {-1, -1, -1, -1, -1, -1, 0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd},
        {0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0,
            0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1},
    };

    private PhiloxVectors() {
    }
}
