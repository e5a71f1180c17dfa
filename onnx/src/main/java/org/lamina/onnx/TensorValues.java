package org.lamina.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.lamina.onnx.proto.OnnxProto.TensorProto;

/** The values and dimensions of ONNX tensors (initializers, constants), checked against their size. */
final class TensorValues {
    private TensorValues() {
    }

    /** The number of values its dimensions give; negative or overflowing dimensions are the file's error. */
    static long count(TensorProto t, Problems p) {
        long n = 1;
        for (long d : t.getDimsList()) {
            if (d < 0) {
                throw p.file("tensor '" + t.getName() + "' has dimension " + d);
            }
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                throw p.file("tensor '" + t.getName() + "' has dimensions " + t.getDimsList() + ", too many values");
            }
        }
        return n;
    }

    /** The dimensions as ints, each 0 or more. */
    static int[] dims(TensorProto t, Problems p) {
        int[] out = new int[t.getDimsCount()];
        for (int i = 0; i < out.length; i++) {
            long d = t.getDims(i);
            if (d < 0 || d > Integer.MAX_VALUE) {
                throw p.file("tensor '" + t.getName() + "' has dimension " + d);
            }
            out[i] = (int) d;
        }
        return out;
    }

    private static void local(TensorProto t, Problems p) {
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            throw p.file("tensor '" + t.getName() + "' keeps its values in an external file, which Lamina does not read"
                    + " (save the model with its weights inside)");
        }
    }

    /** Float values (FLOAT or DOUBLE tensors). */
    static float[] floats(TensorProto t, Problems p) {
        local(t, p);
        long n = count(t, p);
        if (n > Integer.MAX_VALUE - 8) {
            throw p.file("tensor '" + t.getName() + "' has " + n + " values, more than Java arrays hold");
        }
        float[] out = new float[(int) n];
        int type = t.getDataType();
        if (type == TensorProto.DataType.FLOAT_VALUE) {
            if (!t.getRawData().isEmpty()) {
                requireBytes(t, p, n * 4);
                t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
            } else {
                requireCount(t, p, t.getFloatDataCount(), n);
                for (int i = 0; i < out.length; i++) {
                    out[i] = t.getFloatData(i);
                }
            }
        } else if (type == TensorProto.DataType.DOUBLE_VALUE) {
            if (!t.getRawData().isEmpty()) {
                requireBytes(t, p, n * 8);
                ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < out.length; i++) {
                    out[i] = (float) b.getDouble();
                }
            } else {
                requireCount(t, p, t.getDoubleDataCount(), n);
                for (int i = 0; i < out.length; i++) {
                    out[i] = (float) t.getDoubleData(i);
                }
            }
        } else {
            throw p.file("tensor '" + t.getName() + "' holds " + typeName(type) + " values where Lamina needs floats");
        }
        return out;
    }

    /** Integer values (INT64 or INT32 tensors), as for shapes and pads. */
    static long[] integers(TensorProto t, Problems p) {
        local(t, p);
        long n = count(t, p);
        if (n > 1 << 20) {
            throw p.file("tensor '" + t.getName() + "' has " + n + " integers, too many for a shape");
        }
        long[] out = new long[(int) n];
        int type = t.getDataType();
        if (type == TensorProto.DataType.INT64_VALUE) {
            if (!t.getRawData().isEmpty()) {
                requireBytes(t, p, n * 8);
                t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(out);
            } else {
                requireCount(t, p, t.getInt64DataCount(), n);
                for (int i = 0; i < out.length; i++) {
                    out[i] = t.getInt64Data(i);
                }
            }
        } else if (type == TensorProto.DataType.INT32_VALUE) {
            if (!t.getRawData().isEmpty()) {
                requireBytes(t, p, n * 4);
                ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < out.length; i++) {
                    out[i] = b.getInt();
                }
            } else {
                requireCount(t, p, t.getInt32DataCount(), n);
                for (int i = 0; i < out.length; i++) {
                    out[i] = t.getInt32Data(i);
                }
            }
        } else {
            throw p.file("tensor '" + t.getName() + "' holds " + typeName(type) + " values where Lamina needs integers");
        }
        return out;
    }

    private static void requireBytes(TensorProto t, Problems p, long bytes) {
        if (t.getRawData().size() != bytes) {
            throw p.file("tensor '" + t.getName() + "' of shape " + t.getDimsList() + " has " + t.getRawData().size()
                    + " bytes of data, not " + bytes);
        }
    }

    private static void requireCount(TensorProto t, Problems p, int have, long want) {
        if (have != want) {
            throw p.file("tensor '" + t.getName() + "' of shape " + t.getDimsList() + " has " + have + " values, not "
                    + want);
        }
    }

    static String typeName(int type) {
        TensorProto.DataType d = TensorProto.DataType.forNumber(type);
        return d == null ? "type " + type : d.name();
    }
}
