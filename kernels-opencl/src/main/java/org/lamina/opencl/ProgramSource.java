package org.lamina.opencl;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The OpenCL C text of one kernel family, read from a {@code .cl} resource that lives next to the
 * Java class launching it.
 *
 * @param name the resource path, used in messages and in prebuilt-binary file names
 * @param text the OpenCL C source
 * @param hash the SHA-256 of the text, hex; part of every cache key
 */
public record ProgramSource(String name, String text, String hash) {

    /** Reads {@code fileName} from the package of {@code owner}. */
    public static ProgramSource resource(Class<?> owner, String fileName) {
        String path = owner.getPackageName().replace('.', '/') + "/" + fileName;
        try (InputStream in = owner.getResourceAsStream(fileName)) {
            if (in == null) {
                throw new IllegalStateException("kernel source " + path + " is missing from the class path");
            }
            return of(path, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("reading kernel source " + path, e);
        }
    }

    /**
     * This source with the common header ({@code common.cl}: shared macros and helpers such as
     * {@code group_sum}) in front, then a {@code #line 1} so that build logs number this file's lines
     * as its file does. The hash covers header and body, so a change of either rebuilds the program.
     * Every kernel family's source is built this way ({@link KernelFamily#source}); a plugin's own
     * kernels can use it too.
     */
    public ProgramSource withCommonHeader() {
        return of(name, CommonHeader.TEXT + "\n#line 1\n" + text);
    }

    /** The text of {@code common.cl}, read once. */
    private static final class CommonHeader {
        static final String TEXT = resource(ProgramSource.class, "common.cl").text();
    }

    /** Wraps source text given directly (tests, user kernels). */
    public static ProgramSource of(String name, String text) {
        return new ProgramSource(name, text, sha256(text));
    }

    /** The file name without folders or the {@code .cl} ending. */
    public String stem() {
        String base = name.substring(name.lastIndexOf('/') + 1);
        return base.endsWith(".cl") ? base.substring(0, base.length() - 3) : base;
    }

    static String sha256(String text) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
