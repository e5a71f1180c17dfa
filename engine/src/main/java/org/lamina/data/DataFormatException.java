package org.lamina.data;

import java.nio.file.Path;

/** A dataset file that is not what it claims to be: wrong magic number, sizes, or truncated. */
public final class DataFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long offset;

    public DataFormatException(Path file, long offset, String problem) {
        super(file + " at byte " + offset + ": " + problem);
        this.file = file;
        this.offset = offset;
    }

    public Path file() {
        return file;
    }

    /** Where in the (uncompressed) file the problem is. */
    public long offset() {
        return offset;
    }
}
