package org.lamina.opencl.gemm;

import org.lamina.opencl.Buffer;
import org.lamina.opencl.gemm.GemmKernels.BiasAxis;

/**
 * One product for {@link GemmKernels#multiply(GemmCall)}, named part by part instead of 15 positional
 * arguments: {@code GemmCall.of(m, n, k).a(a).b(b).c(c)} is {@code C = A B} for {@code m x k} times
 * {@code k x n}; the rest defaults to one batch, one reduction, {@code alpha = 1}, {@code beta = 0},
 * no bias, and B readable to {@code n} columns. The product is computed for
 * {@code C[b1,b2] = alpha * sum_r opA(A[b1,b2,r]) opB(B[b1,b2,r]) + beta * C[b1,b2] + bias}.
 */
public final class GemmCall {
    final int m;
    final int n;
    final int k;
    MatrixView a;
    MatrixView b;
    MatrixView c;
    Buffer bias;
    BiasAxis biasAxis = BiasAxis.ROWS;
    long biasStride2;
    int batch1 = 1;
    int batch2 = 1;
    int reductions = 1;
    float alpha = 1f;
    float beta = 0f;
    int bReadable;

    private GemmCall(int m, int n, int k) {
        this.m = m;
        this.n = n;
        this.k = k;
        this.bReadable = n;
    }

    /** A product of {@code m x k} times {@code k x n} matrices. */
    public static GemmCall of(int m, int n, int k) {
        return new GemmCall(m, n, k);
    }

    /** The left operand; any transposition is in its strides ({@link MatrixView#transposed()}). */
    public GemmCall a(MatrixView a) {
        this.a = a;
        return this;
    }

    /** The right operand. */
    public GemmCall b(MatrixView b) {
        this.b = b;
        return this;
    }

    /** The result, row-major (column stride 1). */
    public GemmCall c(MatrixView c) {
        this.c = c;
        return this;
    }

    /**
     * A bias (or null) along {@code axis}: {@code bias[b2*stride2 + i]} added to row i, or
     * {@code bias[b2*stride2 + j]} to column j, once (not scaled by alpha).
     */
    public GemmCall bias(Buffer bias, BiasAxis axis, long stride2) {
        this.bias = bias;
        this.biasAxis = axis;
        this.biasStride2 = stride2;
        return this;
    }

    /** {@code batch1 x batch2} products, each operand advancing by its view's batch strides. */
    public GemmCall batches(int batch1, int batch2) {
        this.batch1 = batch1;
        this.batch2 = batch2;
        return this;
    }

    /** Products summed into each C: the operands advance by their reduction strides. */
    public GemmCall reductions(int reductions) {
        this.reductions = reductions;
        return this;
    }

    /** The product's scale. */
    public GemmCall alpha(float alpha) {
        this.alpha = alpha;
        return this;
    }

    /** C's scale before the product is added: 1 accumulates into C. */
    public GemmCall beta(float beta) {
        this.beta = beta;
        return this;
    }

    /**
     * B's rows (column stride 1) can be read up to {@code columns} columns: when that reaches the next
     * multiple of {@link GemmKernels.Tuning#tn()}, edge tiles load whole vectors too (the padding's
     * products are computed and dropped), so a product with few columns, such as a weight gradient with
     * 27 columns, runs at full speed.
     */
    public GemmCall bReadable(int columns) {
        this.bReadable = columns;
        return this;
    }

    /** This product over {@code k} inner values of other operands (a slice of the inner dimension). */
    GemmCall slice(int k, MatrixView a, MatrixView b) {
        return of(m, n, k).a(a).b(b).c(c).bias(bias, biasAxis, biasStride2).batches(batch1, batch2)
                .reductions(reductions).alpha(alpha).beta(beta);
    }

    @Override
    public String toString() {
        return "gemm m=" + m + " n=" + n + " k=" + k + " batches=" + batch1 + "x" + batch2 + " reductions="
                + reductions;
    }
}
