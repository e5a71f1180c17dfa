package org.lamina.opencl.gemm;

import org.lamina.opencl.Buffer;

/**
 * How {@link GemmKernels} reads a matrix operand out of a buffer: element (i, j) of batch
 * (b1, b2) and reduction batch r sits at
 * {@code offset + b1*batchStride1 + b2*batchStride2 + r*reductionStride + i*rowStride + j*colStride}.
 * Transposing a view swaps its row and column strides; no data moves.
 */
public record MatrixView(Buffer buffer, long offset, int rowStride, int colStride, long batchStride1,
        long batchStride2, long reductionStride) {

    /** A row-major matrix with leading dimension {@code ld}, starting at {@code offset}. */
    public static MatrixView rowMajor(Buffer buffer, long offset, int ld) {
        return new MatrixView(buffer, offset, ld, 1, 0, 0, 0);
    }

    /** The transposed view of the same data. */
    public MatrixView transposed() {
        return new MatrixView(buffer, offset, colStride, rowStride, batchStride1, batchStride2, reductionStride);
    }

    /** The same view with batch strides for the two batch levels. */
    public MatrixView batched(long stride1, long stride2) {
        return new MatrixView(buffer, offset, rowStride, colStride, stride1, stride2, reductionStride);
    }

    /** The same view with a stride between reduction batches. */
    public MatrixView reducing(long stride) {
        return new MatrixView(buffer, offset, rowStride, colStride, batchStride1, batchStride2, stride);
    }

    /** One past the largest index read for a {@code rows x cols} matrix over the given batch counts. */
    long extent(int rows, int cols, int batch1, int batch2, int reductions) {
        return offset + (batch1 - 1L) * batchStride1 + (batch2 - 1L) * batchStride2
                + (reductions - 1L) * reductionStride + (rows - 1L) * rowStride + (cols - 1L) * colStride + 1;
    }
}
