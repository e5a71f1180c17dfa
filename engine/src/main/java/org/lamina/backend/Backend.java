package org.lamina.backend;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.lamina.device.DeviceAccess;
import org.lamina.tensor.MemoryMeter;
import org.lamina.tensor.Tensor;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Runs tensor operations on one device. Two implementations: the OpenCL backend over
 * kernels-opencl, and the pure-Java reference backend that is the oracle in tests and the fallback
 * without OpenCL. Backends know nothing of graphs; ops and the engine call them.
 *
 * <p>Each family of ops is an interface of its own, reached through an accessor
 * ({@link #convolution()}, ...), so each family's two implementations sit side by side.
 */
@ProviderType
public interface Backend extends AutoCloseable {

    /** {@code java} or {@code opencl}. */
    String name();

    /**
     * Builds ahead what {@code uses} reach (each a call such as {@code b -> b.pooling()} or
     * {@code b -> b.convolution().prepare(g)}): the kernels a training's first step will need,
     * compiled at once and, where the backend can, on several threads, instead of one after another
     * as the step reaches them. Returns when all are built. The default does nothing: a backend
     * that compiles nothing has nothing to prepare.
     */
    default void prepare(List<Consumer<Backend>> uses) {
    }

    /** The device in words, e.g. {@code host (Java, 2 threads)} or {@code opencl #0 cpu pthread-...}. */
    String device();

    /** A tensor on this backend holding a copy of {@code data}. */
    Tensor tensor(float[] data, int... shape);

    /** A tensor of zeros. */
    Tensor zeros(int... shape);

    /** Copies a tensor of this backend to the host, once the work queued before has finished. */
    float[] read(Tensor t);

    /**
     * Queues a copy of a tensor to the host and returns without waiting for it: the host goes on
     * queueing work, and {@link Supplier#get()} waits only for what was queued before the copy. The
     * tensor may be closed, and its memory reused, as soon as this returns. A training loop reads a
     * step's loss this way after it has queued the next step, so the device never waits for the host.
     * Backends that run synchronously copy at once.
     */
    default Supplier<float[]> readLater(Tensor t) {
        float[] values = read(t);
        return () -> values;
    }

    /**
     * Waits until every operation queued on this backend so far has finished. Backends that run
     * synchronously return at once. Whoever times a device, or hands its results to another device,
     * waits here rather than asking which backend it holds.
     */
    void finish();

    /** Tensor memory in use on this backend's device, and its peak. */
    MemoryMeter memory();

    /**
     * Device memory the kernels hold as scratch between calls, beyond the tensors and their pool:
     * im2col's columns, Winograd's transformed tiles, GEMM's gathered panels. It grows to the largest
     * layer's need and stays. The Java backend allocates per call and reports 0.
     */
    default long scratchBytes() {
        return 0;
    }

    /**
     * Device buffers this backend's context holds (tensors live and pooled, and scratch), or -1 for a
     * backend without device buffers. Flat from one epoch to the next when nothing leaks.
     */
    default int deviceBuffers() {
        return -1;
    }

    /** {@code t} itself when it lives here, else a copy of it on this backend. */
    default Tensor to(Tensor t) {
        return t.backend() == this ? t : tensor(t.toArray(), t.dims());
    }

    /** Convolutions: forward, input and weight gradients, bias gradient. */
    ConvolutionOps convolution();

    /** Max, average, global and adaptive average pooling. */
    PoolingOps pooling();

    /** 3-D convolution ({@code conv3d}). */
    Convolution3dOps convolution3d();

    /** Local response normalization across channels. */
    LocalResponseNormOps localResponseNorm();

    /** 2-D batch normalization per channel. */
    BatchNormOps batchNorm();

    /** ReLU, leaky ReLU, ELU, sigmoid, tanh, softmax and log-softmax. */
    ActivationOps activations();

    /** Add, accumulate, scale, channel concatenation and split. */
    ElementwiseOps elementwise();

    /** Inverted dropout with a reproducible, backend-independent mask. */
    DropoutOps dropout();

    /** Fully connected layers and their gradients. */
    DenseOps dense();

    /** Losses with the gradient of their input. */
    LossOps losses();

    /** Gram matrices of feature maps (style transfer). */
    GramOps gram();

    /** In-place optimizer updates of parameters. */
    OptimizerOps optimizers();

    /** L1 gradient terms and max-norm clipping of weights. */
    RegularizationOps regularization();

    /**
     * The device, opened to a plugin's own code: an {@link org.lamina.device.OpenClAccess} (context,
     * buffers, programs from the plugin's {@code .cl} files) on the OpenCL backend, a
     * {@link org.lamina.device.HostAccess} (float arrays) on the Java backend.
     */
    DeviceAccess deviceAccess();

    /** Releases the device resources of this backend. */
    @Override
    void close();
}
