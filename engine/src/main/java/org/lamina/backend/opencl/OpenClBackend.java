package org.lamina.backend.opencl;

import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;
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
import org.lamina.limits.AllocationTooLarge;
import org.lamina.opencl.Buffer;
import org.lamina.opencl.ClContext;
import org.lamina.opencl.Device;
import org.lamina.opencl.Lazy;
import org.lamina.opencl.gemm.GemmKernels;
import org.lamina.opencl.tuning.TuningDatabase;
import org.lamina.opencl.tuning.TuningLookup;
import org.lamina.tensor.MemoryMeter;
import org.lamina.tensor.Shape;
import org.lamina.tensor.Tensor;

/**
 * The OpenCL backend: tensors in device buffers, ops as the kernels of kernels-opencl. Kernel
 * families are built on first use, so a run compiles only what it needs.
 */
public final class OpenClBackend implements Backend {
    private final ClContext context;
    private final boolean ownsContext;
    private final String description;
    private final BufferPool pool;
    private final MemoryMeter meter = new MemoryMeter();
    /** The device's tuned file over the tuning database's entries, looked up once. */
    private final Lazy<TuningLookup> tuning = new Lazy<>(() -> TuningDatabase.forDevice(context().device()));
    /** One GEMM for every family that multiplies (convolutions, dense, Gram): one program, one gather panel. */
    private final Lazy<GemmKernels> gemm = new Lazy<>(
            () -> new GemmKernels(context(), tuning().tuning(GemmKernels.Tuning.SPEC)));
    private final Lazy<OpenClConvolution> convolution = new Lazy<>(() -> new OpenClConvolution(this));
    private final Lazy<OpenClConvolution3d> convolution3d = new Lazy<>(() -> new OpenClConvolution3d(this));
    private final Lazy<OpenClPooling> pooling = new Lazy<>(() -> new OpenClPooling(this));
    private final Lazy<OpenClLocalResponseNorm> localResponseNorm = new Lazy<>(() -> new OpenClLocalResponseNorm(this));
    private final Lazy<OpenClBatchNorm> batchNorm = new Lazy<>(() -> new OpenClBatchNorm(this));
    private final Lazy<OpenClActivations> activations = new Lazy<>(() -> new OpenClActivations(this));
    private final Lazy<OpenClElementwise> elementwise = new Lazy<>(() -> new OpenClElementwise(this));
    private final Lazy<OpenClDropout> dropout = new Lazy<>(() -> new OpenClDropout(this));
    private final Lazy<OpenClDense> dense = new Lazy<>(() -> new OpenClDense(this));
    private final Lazy<OpenClLosses> losses = new Lazy<>(() -> new OpenClLosses(this));
    private final Lazy<OpenClGram> gram = new Lazy<>(() -> new OpenClGram(this));
    private final Lazy<OptimizerOps> optimizers = new Lazy<>(() -> OptimizerOps.checked(this,
            new OpenClOptimizers(this)));
    private final Lazy<OpenClRegularization> regularization = new Lazy<>(() -> new OpenClRegularization(this));
    private final OpenClDeviceAccess access = new OpenClDeviceAccess(this);

    /** A backend with a context of its own on {@code device}. */
    public OpenClBackend(Device device) {
        this(ClContext.create(device), true);
    }

    /** A backend over an existing context, which the caller keeps and closes. */
    public OpenClBackend(ClContext context) {
        this(context, false);
    }

    OpenClBackend(ClContext context, boolean ownsContext) {
        this.context = context;
        this.ownsContext = ownsContext;
        Device d = context.device();
        this.pool = new BufferPool(context);
        this.description = "opencl #" + d.index() + " " + d.type().name().toLowerCase(Locale.ROOT) + " " + d.name();
    }

    @Override
    public String name() {
        return "opencl";
    }

    @Override
    public String device() {
        return description;
    }

    /** Runs the uses on {@link ClContext#prepare}'s threads: each builds its families' programs. */
    @Override
    public void prepare(List<Consumer<Backend>> uses) {
        context.prepare(uses.stream().<Runnable>map(u -> () -> u.accept(this)).toList());
    }

    public ClContext context() {
        return context;
    }

    /** The device's tuning, for the families this backend builds. */
    TuningLookup tuning() {
        return tuning.get();
    }

    /** The GEMM the families that multiply share. */
    GemmKernels gemm() {
        return gemm.get();
    }

    @Override
    public Tensor tensor(float[] data, int... shape) {
        Shape s = Shape.of(shape);
        if (data.length != s.size()) {
            throw new IllegalArgumentException("tensor: " + data.length + " values do not fill shape " + s);
        }
        Buffer b = take(s);
        try {
            context.writeLater(b, data); // copied on the host, so the queue need not drain
        } catch (RuntimeException e) {
            pool.give(b);
            throw e;
        }
        return wrap(b, s);
    }

    @Override
    public Tensor zeros(int... shape) {
        Shape s = Shape.of(shape);
        Buffer b = take(s);
        context.fill(b, 0, s.size(), 0f);
        return wrap(b, s);
    }

    @Override
    public float[] read(Tensor t) {
        Tensors.requireOn(this, "read", "tensor", t);
        float[] out = new float[t.size()];
        context.read(buffer(t), 0, out);
        return out;
    }

    @Override
    public Supplier<float[]> readLater(Tensor t) {
        Tensors.requireOn(this, "read", "tensor", t);
        return context.readLater(buffer(t), 0, t.size())::await;
    }

    @Override
    public void finish() {
        context.finish();
    }

    @Override
    public ConvolutionOps convolution() {
        return convolution.get();
    }

    @Override
    public Convolution3dOps convolution3d() {
        return convolution3d.get();
    }

    @Override
    public PoolingOps pooling() {
        return pooling.get();
    }

    @Override
    public LocalResponseNormOps localResponseNorm() {
        return localResponseNorm.get();
    }

    @Override
    public BatchNormOps batchNorm() {
        return batchNorm.get();
    }

    @Override
    public ActivationOps activations() {
        return activations.get();
    }

    @Override
    public ElementwiseOps elementwise() {
        return elementwise.get();
    }

    @Override
    public DropoutOps dropout() {
        return dropout.get();
    }

    @Override
    public DenseOps dense() {
        return dense.get();
    }

    @Override
    public LossOps losses() {
        return losses.get();
    }

    @Override
    public GramOps gram() {
        return gram.get();
    }

    @Override
    public OptimizerOps optimizers() {
        return optimizers.get();
    }

    @Override
    public RegularizationOps regularization() {
        return regularization.get();
    }

    @Override
    public DeviceAccess deviceAccess() {
        return access;
    }

    @Override
    public MemoryMeter memory() {
        return meter;
    }

    @Override
    public long scratchBytes() {
        // every buffer of the context, less the tensors' (live or pooled)
        return Math.max(0, context.liveBytes() - meter.inUse() - pool.pooledBytes());
    }

    @Override
    public int deviceBuffers() {
        return context.liveBuffers();
    }

    /** Bytes of freed buffers kept for reuse (device memory held beyond {@link #memory()}'s use). */
    public long pooledBytes() {
        return pool.pooledBytes();
    }

    @Override
    public void close() {
        pool.clear();
        if (ownsContext) {
            context.close();
        }
    }

    /** A new, uninitialised tensor of {@code shape} on this device. */
    Tensor allocate(int... shape) {
        Shape s = Shape.of(shape);
        return wrap(take(s), s);
    }

    /** A buffer for a tensor of shape {@code s}; one too large for the device is refused naming the shape. */
    private Buffer take(Shape s) {
        try {
            return pool.take(s.size());
        } catch (AllocationTooLarge e) {
            throw e.of("a tensor of shape " + s);
        }
    }

    /**
     * The buffer of an op's argument (null for a null tensor). The op has checked that it lives here
     * and named it if not; this only keeps a caller of the backend interface that skipped the op from
     * handing a host tensor to a kernel.
     */
    Buffer arg(Tensor t) {
        if (t == null) {
            return null;
        }
        Tensors.requireOn(this, t);
        return buffer(t);
    }

    static Buffer buffer(Tensor t) {
        return BufferStorage.buffer(t);
    }

    /** Runs {@code fill} on a fresh tensor and returns it, releasing it if the launch fails. */
    Tensor produce(int[] shape, Consumer<Buffer> fill) {
        return access.produce(shape, fill);
    }

    private Tensor wrap(Buffer b, Shape s) {
        return new Tensor(s, this, new BufferStorage(b, pool, meter));
    }

}
