package org.lamina.onnx;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.lamina.onnx.proto.OnnxProto.ModelProto;

/**
 * Reading and writing ONNX files: the protobuf {@code ModelProto} of the ONNX project's
 * {@code onnx.proto}, read by protobuf-java. Everything wrong with a file is an
 * {@link IllegalArgumentException} of one line naming the file and what is wrong.
 */
public final class OnnxFile {
    private OnnxFile() {
    }

    /**
     * Reads an ONNX model.
     *
     * @throws IllegalArgumentException when the file is missing, a folder, or not an ONNX model
     */
    public static ModelProto read(Path file) {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(file + " is a folder, not an ONNX model");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + " does not exist");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " cannot be read: " + e.getMessage());
        } catch (OutOfMemoryError e) {
            throw new IllegalArgumentException(file + " (" + file.toFile().length() / (1 << 20)
                    + " MiB) does not fit in the Java heap; give Java more (-Xmx)");
        }
        return parse(file.toString(), bytes);
    }

    /**
     * Parses the bytes of an ONNX model: the one entry point for untrusted input (and for fuzzing).
     *
     * @param source the name errors give (a file name)
     * @throws IllegalArgumentException when the bytes are not an ONNX model with a graph
     */
    public static ModelProto parse(String source, byte[] bytes) {
        if (bytes.length == 0) {
            throw new IllegalArgumentException(source + " is empty, not an ONNX model");
        }
        ModelProto model;
        try {
            model = ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(source + " is not an ONNX model (truncated or not protobuf: "
                    + e.getMessage() + ")");
        } catch (RuntimeException e) {
            // protobuf-java reports some malformed inputs with unchecked exceptions
            throw new IllegalArgumentException(source + " is not an ONNX model (" + e + ")");
        }
        if (!model.hasGraph() || model.getGraph().getNodeCount() == 0) {
            throw new IllegalArgumentException(source + " is not an ONNX model: it has no graph of nodes");
        }
        if (model.getIrVersion() < 3) {
            throw new IllegalArgumentException(source + ": ONNX IR version " + model.getIrVersion()
                    + " is older than Lamina reads (3, ONNX 1.1, or newer)");
        }
        return model;
    }

    /** Writes {@code model} to {@code file} atomically (a temporary file renamed into place). */
    public static void write(ModelProto model, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                model.writeTo(out);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
