package org.lamina.backend.java;

import org.lamina.backend.Backend;
import org.lamina.backend.ConvolutionOps;
import org.lamina.backend.Convolution3dOps;
import org.lamina.backend.PoolingOps;
import org.lamina.backend.LocalResponseNormOps;
import org.lamina.backend.BatchNormOps;
import org.lamina.backend.ActivationOps;
import org.lamina.backend.ElementwiseOps;
import org.lamina.backend.DropoutOps;
import org.lamina.backend.DenseOps;
import org.lamina.backend.GramOps;
import org.lamina.backend.LossOps;
import org.lamina.backend.OptimizerOps;
import org.lamina.backend.RegularizationOps;
import org.lamina.backend.Tensors;
import org.lamina.device.DeviceAccess;
import org.lamina.tensor.MemoryMeter;
import org.lamina.tensor.Shape;
import org.lamina.tensor.Tensor;

/**
 * The pure-Java backend, in two kinds. {@code new JavaBackend()} is the reference ({@code java}):
 * plain loops, computed in double precision and stored as float32, spread over the cores with
 * parallel streams; simple enough to trust, it is the oracle the OpenCL backend is compared with.
 * {@link #floatPath()} ({@code java-float}) is the fallback for machines without OpenCL: convolutions
 * and dense layers computed in single precision by a blocked, multi-threaded GEMM ({@link FloatGemm},
 * on the Vector API when the JVM has {@code jdk.incubator.vector}), the other ops as the reference
 * computes them.
 */
public final class JavaBackend implements Backend {
    /** The name of the float kind, as a device description. */
    public static final String FLOAT = "java-float";

    private final boolean floatPath;
    private final MemoryMeter meter = new MemoryMeter();
    private final ConvolutionOps convolution;
    private final JavaConvolution3d convolution3d = new JavaConvolution3d(this);
    private final JavaPooling pooling = new JavaPooling(this);
    private final JavaLocalResponseNorm localResponseNorm = new JavaLocalResponseNorm(this);
    private final JavaBatchNorm batchNorm = new JavaBatchNorm(this);
    private final JavaActivations activations = new JavaActivations(this);
    private final JavaElementwise elementwise = new JavaElementwise(this);
    private final JavaDropout dropout = new JavaDropout(this);
    private final DenseOps dense;
    private final JavaLosses losses = new JavaLosses(this);
    private final JavaGram gram = new JavaGram(this);
    private final OptimizerOps optimizers = OptimizerOps.checked(this, new JavaOptimizers(this));
    private final JavaRegularization regularization = new JavaRegularization(this);
    private final JavaHostAccess hostAccess = new JavaHostAccess(this);

    /** The reference backend, in double precision. */
    public JavaBackend() {
        this(false);
    }

    private JavaBackend(boolean floatPath) {
        this.floatPath = floatPath;
        this.convolution = floatPath ? new FloatConvolution(this) : new JavaConvolution(this);
        this.dense = floatPath ? new FloatDense(this) : new JavaDense(this);
    }

    /** The fast kind for running rather than checking: convolutions and dense layers in single precision. */
    public static JavaBackend floatPath() {
        return new JavaBackend(true);
    }

    @Override
    public String name() {
        return floatPath ? FLOAT : "java";
    }

    @Override
    public String device() {
        int threads = Runtime.getRuntime().availableProcessors();
        return floatPath ? "host (Java float, " + FloatGemm.kernel() + ", " + threads + " threads)"
                : "host (Java, " + threads + " threads)";
    }

    @Override
    public Tensor tensor(float[] data, int... shape) {
        Shape s = Shape.of(shape);
        if (data.length != s.size()) {
            throw new IllegalArgumentException("tensor: " + data.length + " values do not fill shape " + s);
        }
        return new Tensor(s, this, new HostStorage(data.clone(), meter));
    }

    @Override
    public Tensor zeros(int... shape) {
        Shape s = Shape.of(shape);
        return new Tensor(s, this, new HostStorage(new float[s.size()], meter));
    }

    @Override
    public DeviceAccess deviceAccess() {
        return hostAccess;
    }

    @Override
    public MemoryMeter memory() {
        return meter;
    }

    @Override
    public float[] read(Tensor t) {
        Tensors.requireOn(this, "read", "tensor", t);
        return data(t).clone();
    }

    @Override
    public void finish() {
        // every op has finished when it returns
    }

    @Override
    public ConvolutionOps convolution() {
        return convolution;
    }

    @Override
    public Convolution3dOps convolution3d() {
        return convolution3d;
    }

    @Override
    public PoolingOps pooling() {
        return pooling;
    }

    @Override
    public LocalResponseNormOps localResponseNorm() {
        return localResponseNorm;
    }

    @Override
    public BatchNormOps batchNorm() {
        return batchNorm;
    }

    @Override
    public ActivationOps activations() {
        return activations;
    }

    @Override
    public ElementwiseOps elementwise() {
        return elementwise;
    }

    @Override
    public DropoutOps dropout() {
        return dropout;
    }

    @Override
    public DenseOps dense() {
        return dense;
    }

    @Override
    public LossOps losses() {
        return losses;
    }

    @Override
    public GramOps gram() {
        return gram;
    }

    @Override
    public OptimizerOps optimizers() {
        return optimizers;
    }

    @Override
    public RegularizationOps regularization() {
        return regularization;
    }

    @Override
    public void close() {
        // Host memory is the garbage collector's.
    }

    /** The live values of a tensor of this backend (not a copy). */
    float[] data(Tensor t) {
        return HostStorage.data(t);
    }

    /**
     * The live values of an op's argument (not a copy), or null for a null tensor. The op has checked
     * that it lives here and named it if not.
     */
    float[] floats(Tensor t) {
        if (t == null) {
            return null;
        }
        Tensors.requireOn(this, t);
        return data(t);
    }

    /** A new tensor of this backend over {@code values} (not copied). */
    Tensor wrap(float[] values, int... shape) {
        return new Tensor(Shape.of(shape), this, new HostStorage(values, meter));
    }

    /**
     * The values of an op's argument widened to double, or null for a null tensor. The op has checked
     * that it lives here and named it if not.
     */
    double[] doubles(Tensor t) {
        if (t == null) {
            return null;
        }
        Tensors.requireOn(this, t);
        float[] f = data(t);
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /** A new tensor of this backend holding {@code values} rounded to float32. */
    Tensor fromDoubles(double[] values, int... shape) {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return new Tensor(Shape.of(shape), this, new HostStorage(f, meter));
    }
}
