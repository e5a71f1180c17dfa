package org.lamina.opencl;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A program binary as Lamina writes it to disk (the kernel cache and exported prebuilt binaries):
 * a 48-byte header, then the driver's bytes. The header is the magic {@code LMNCLB01} (8 bytes), the
 * length of the binary (8 bytes, big-endian) and its SHA-256 (32 bytes).
 *
 * <p>Why: a driver trusts the bytes it is handed; pocl asserts, taking the JVM down, on a truncated
 * binary. Nothing read from disk reaches {@code clCreateProgramWithBinary} before its length and
 * checksum match what was recorded when it was written.
 */
final class CheckedBinary {
    static final byte[] MAGIC = "LMNCLB01".getBytes(StandardCharsets.US_ASCII);
    static final int HEADER_BYTES = MAGIC.length + Long.BYTES + 32;

    private CheckedBinary() {
    }

    /** Why a file's bytes are not a binary to hand to a driver. */
    static final class DamagedException extends Exception {
        DamagedException(String reason) {
            super(reason, null, false, false);
        }
    }

    /** The header followed by {@code binary}. */
    static byte[] encode(byte[] binary) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + binary.length);
        b.put(MAGIC).putLong(binary.length).put(sha256(binary)).put(binary);
        return b.array();
    }

    /** Whether {@code bytes} start with the header's magic (a Lamina file, damaged or not). */
    static boolean hasHeader(byte[] bytes) {
        return bytes.length >= MAGIC.length && Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /**
     * The binary in {@code bytes}, once its length and checksum match the header.
     *
     * @throws DamagedException saying what is wrong: empty, no header, truncated, too long, or garbled
     */
    static byte[] decode(byte[] bytes) throws DamagedException {
        if (bytes.length == 0) {
            throw new DamagedException("empty (0 bytes)");
        }
        if (!hasHeader(bytes)) {
            throw new DamagedException("no Lamina header (an older cache format, or not written by Lamina)");
        }
        if (bytes.length < HEADER_BYTES) {
            throw new DamagedException("truncated inside its header (" + bytes.length + " of " + HEADER_BYTES
                    + " header bytes)");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        b.position(MAGIC.length);
        long length = b.getLong();
        byte[] recorded = new byte[32];
        b.get(recorded);
        long actual = bytes.length - HEADER_BYTES;
        if (length <= 0 || actual < length) {
            throw new DamagedException("truncated (" + actual + " of " + length + " bytes)");
        }
        if (actual > length) {
            throw new DamagedException("longer than recorded (" + actual + " bytes, " + length + " recorded)");
        }
        byte[] binary = Arrays.copyOfRange(bytes, HEADER_BYTES, bytes.length);
        if (!MessageDigest.isEqual(recorded, sha256(binary))) {
            throw new DamagedException("checksum mismatch (SHA-256 of the " + length + " bytes differs from the recorded one)");
        }
        return binary;
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256(bytes));
    }
}
