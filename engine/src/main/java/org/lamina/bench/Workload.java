package org.lamina.bench;

import java.util.Objects;
import org.lamina.backend.Backend;

/**
 * One benchmark: an op (or a whole training step) at one shape, with the work it does.
 *
 * @param name the name, equal to the PyTorch peer script's layer name where it has one
 * @param family the kernel family: {@code conv}, {@code conv_transpose}, {@code max_pool}, {@code lrn},
 *     {@code batch_norm}, {@code gemm}, {@code dense} or {@code train}
 * @param shape the input shape and settings in words, e.g. {@code 32x64x32x32 k3 s1 p1}
 * @param forwardFlops floating-point operations of a forward pass (for a training step, of its
 *     convolutions and dense layers)
 * @param trainFlops operations of forward and backward together (the peer script's convention: the
 *     backward of a convolution or GEMM costs twice its forward)
 * @param forwardBytes the least bytes a forward pass must move (each input and output once)
 * @param trainBytes the same for forward and backward
 * @param memoryBound whether bandwidth, not arithmetic, limits the op (rate reported in GB/s)
 * @param images examples per call (the batch), for images per second
 * @param setup prepares the workload's tensors on a backend
 */
public record Workload(String name, String family, String shape, double forwardFlops, double trainFlops,
        double forwardBytes, double trainBytes, boolean memoryBound, int images, Setup setup) {

    /** Prepares the tensors of a workload on a backend. */
    @FunctionalInterface
    public interface Setup {
        /**
         * @param seed for the random inputs and weights
         * @throws IllegalArgumentException when the backend lacks something the workload needs
         */
        Instance prepare(Backend backend, long seed);
    }

    /**
     * A workload ready to run on one backend. Each call returns only when the device has finished
     * (the OpenCL queue is drained), so wall-clock time around a call is the device time.
     */
    public interface Instance extends AutoCloseable {
        /** One forward pass (for a training step: the inference pass). */
        void forward();

        /** One forward and backward pass (for a training step: the whole step with the update). */
        void forwardBackward();

        /** Frees the prepared tensors. */
        @Override
        void close();
    }

    public Workload {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(setup, "setup");
    }

    /** The tensors of this workload on {@code backend}. */
    public Instance prepare(Backend backend, long seed) {
        return setup.prepare(backend, seed);
    }

    /** Work of one call of the pass: FLOPs, or bytes for a memory-bound op. */
    public double work(Pass pass) {
        if (memoryBound) {
            return pass == Pass.FORWARD ? forwardBytes : trainBytes;
        }
        return pass == Pass.FORWARD ? forwardFlops : trainFlops;
    }

    /** Forward only, or forward and backward. */
    public enum Pass {
        FORWARD("fwd"), FORWARD_BACKWARD("fwd+bwd");

        private final String label;

        Pass(String label) {
            this.label = label;
        }

        /** {@code fwd} or {@code fwd+bwd}, as tables and the CSV write it. */
        public String label() {
            return label;
        }
    }
}
