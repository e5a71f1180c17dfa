package org.lamina.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.lamina.backend.Backend;
import org.lamina.backend.PoolingOps.MaxPoolResult;
import org.lamina.exec.Executor;
import org.lamina.exec.Model;
import org.lamina.exec.Pass;
import org.lamina.geometry.ConvParams;
import org.lamina.geometry.LocalResponseNormParams;
import org.lamina.geometry.PoolParams;
import org.lamina.graph.Layer;
import org.lamina.graph.Network;
import org.lamina.layers.Conv2dLayer;
import org.lamina.layers.DenseLayer;
import org.lamina.layers.Fused;
import org.lamina.ops.BatchNorm2d;
import org.lamina.ops.ClassLabels;
import org.lamina.ops.Conv2d;
import org.lamina.ops.ConvTranspose2d;
import org.lamina.ops.Gradients;
import org.lamina.ops.Linear;
import org.lamina.ops.LocalResponseNorm;
import org.lamina.ops.MaxPool2d;
import org.lamina.registry.Registry;
import org.lamina.spi.Architecture;
import org.lamina.spi.Loss;
import org.lamina.spi.Options;
import org.lamina.spi.Updater;
import org.lamina.tensor.Tensor;

/**
 * The workloads Lamina is benchmarked on. The layer shapes and names are those of the PyTorch peer
 * script ({@code pytorch_bench.py}, {@code LAYERS}, batch 32), so results line up by name; batch norm,
 * GEMM and a dense layer complete the kernel families; LeNet-5 (Fashion-MNIST size, batch 64) and
 * ResNet-18 (CIFAR size) are whole training steps.
 */
public final class Catalog {
    /** The peer script's batch for single layers. */
    public static final int LAYER_BATCH = 32;
    /** The peer script's LeNet-5 training batch. */
    public static final int LENET_BATCH = 64;
    /** The batch of the quick run: small enough for the Java backend to finish in seconds. */
    public static final int QUICK_BATCH = 2;
    /** The ResNet-18 training batch (CIFAR-10 size). */
    public static final int RESNET_BATCH = 32;

    private Catalog() {
    }

    /**
     * Every layer workload at {@code batch}: the peer script's convolutions, max pooling and LRN,
     * then batch norm, a GEMM and LeNet-5's first dense layer.
     */
    public static List<Workload> layers(int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("benchmark catalog: batch " + batch + " is below 1");
        }
        int n = batch;
        List<Workload> w = new ArrayList<>();
        w.add(conv("conv3x3_3to64_32x32", n, 3, 64, 32, 3, 1, 1, 1, 1));
        w.add(conv("conv3x3_64to64_32x32", n, 64, 64, 32, 3, 1, 1, 1, 1));
        w.add(conv("conv3x3_128to128_16x16", n, 128, 128, 16, 3, 1, 1, 1, 1));
        w.add(conv("conv3x3_256to256_8x8", n, 256, 256, 8, 3, 1, 1, 1, 1));
        w.add(conv("conv3x3_s2_64to128_32x32", n, 64, 128, 32, 3, 2, 1, 1, 1));
        w.add(conv("conv1x1_256to64_16x16", n, 256, 64, 16, 1, 1, 0, 1, 1));
        w.add(conv("dwconv3x3_128ch_32x32", n, 128, 128, 32, 3, 1, 1, 1, 128));
        w.add(conv("conv3x3_d2_64to64_32x32", n, 64, 64, 32, 3, 1, 2, 2, 1));
        w.add(convTranspose("convT4x4_s2_64to32_16to32", n, 64, 32, 16, 4, 2, 1));
        w.add(maxPool("maxpool3x3_s2_64x32x32", n, 64, 32, 3, 2, 0));
        w.add(lrn("lrn5_64x32x32", n, 64, 32, 5, 1e-4, 0.75, 2.0));
        w.add(batchNorm("batchnorm_64x32x32", n, 64, 32));
        w.add(gemm("gemm_" + 8 * n + "x1024x1024", 8 * n, 1024, 1024));
        w.add(dense("dense_400to120", 2 * n, 400, 120));
        return w;
    }

    /**
     * Whole training steps: LeNet-5 (1x28x28, 10 classes, batch {@code lenetBatch}) and, when the
     * registry has it, ResNet-18 (3x32x32, 10 classes, batch {@code resnetBatch}; 0 leaves it out).
     * Both use cross-entropy and SGD with momentum 0.9, learning rate 0.01, as the peer script.
     */
    public static List<Workload> training(Registry registry, int lenetBatch, int resnetBatch) {
        List<Workload> w = new ArrayList<>();
        if (has(registry, "lenet5")) {
            w.add(trainingStep(registry, "train_lenet5_fmnist", "lenet5", lenetBatch, new int[] {1, 28, 28}, 10));
        }
        if (resnetBatch > 0 && has(registry, "resnet18")) {
            w.add(trainingStep(registry, "train_resnet18_cifar", "resnet18", resnetBatch, new int[] {3, 32, 32}, 10));
        }
        return w;
    }

    /** The full catalog: every layer at batch 32, LeNet-5 at batch 64, ResNet-18 at batch 32. */
    public static List<Workload> standard(Registry registry) {
        List<Workload> w = new ArrayList<>(layers(LAYER_BATCH));
        w.addAll(training(registry, LENET_BATCH, RESNET_BATCH));
        return w;
    }

    /** A quick catalog for smoke runs: every layer at batch 2 and LeNet-5 at batch 8. */
    public static List<Workload> quick(Registry registry) {
        List<Workload> w = new ArrayList<>(layers(QUICK_BATCH));
        w.addAll(training(registry, 8, 0));
        return w;
    }

    /**
     * The workload named {@code name} in {@code workloads}.
     *
     * @throws IllegalArgumentException naming the known ones when there is none
     */
    public static Workload find(List<Workload> workloads, String name) {
        return workloads.stream().filter(w -> w.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown workload '" + name + "'; known: "
                        + String.join(", ", workloads.stream().map(Workload::name).toList())));
    }

    private static boolean has(Registry registry, String architecture) {
        return registry.list(Architecture.class).stream().anyMatch(e -> e.name().equals(architecture));
    }

    // ------------------------------------------------------------------ layers

    static double convFlops(int n, int cin, int cout, int ho, int wo, int k, int groups) {
        return 2.0 * n * cout * ho * wo * (cin / groups) * k * k;
    }

    private static int outSize(int size, int k, int s, int p, int d) {
        return (size + 2 * p - d * (k - 1) - 1) / s + 1;
    }

    private static Workload conv(String name, int n, int cin, int cout, int hw, int k, int s, int p, int d,
            int groups) {
        int o = outSize(hw, k, s, p, d);
        double flops = convFlops(n, cin, cout, o, o, k, groups);
        double x = (double) n * cin * hw * hw, y = (double) n * cout * o * o, wt = (double) cout * (cin / groups) * k * k;
        ConvParams params = ConvParams.defaults().stride(s).padding(p).dilation(d).groups(groups);
        String shape = n + "x" + cin + "x" + hw + "x" + hw + " -> " + cout + " k" + k + " s" + s + " p" + p
                + (d > 1 ? " d" + d : "") + (groups > 1 ? " g" + groups : "");
        return new Workload(name, "conv", shape, flops, 3 * flops, 4 * (x + wt + y), 4 * (2 * x + 3 * wt + 3 * y),
                false, n, (b, seed) -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    Conv2d op = new Conv2d(params);
                    Tensor xt = random(b, r, n, cin, hw, hw);
                    Tensor wtt = random(b, r, cout, cin / groups, k, k);
                    Tensor bias = random(b, r, cout);
                    Tensor dy = random(b, r, n, cout, o, o);
                    return weighted(b, op::forward, op::backward, xt, wtt, bias, dy);
                });
    }

    private static Workload convTranspose(String name, int n, int cin, int cout, int hw, int k, int s, int p) {
        int o = (hw - 1) * s - 2 * p + k;
        // The adjoint of a convolution from [cout, o, o] to [cin, hw, hw]: the peer script's count.
        double flops = convFlops(n, cout, cin, hw, hw, k, 1);
        double x = (double) n * cin * hw * hw, y = (double) n * cout * o * o, wt = (double) cin * cout * k * k;
        ConvParams params = ConvParams.defaults().stride(s).padding(p);
        String shape = n + "x" + cin + "x" + hw + "x" + hw + " -> " + cout + "x" + o + "x" + o + " k" + k + " s" + s
                + " p" + p;
        return new Workload(name, "conv_transpose", shape, flops, 3 * flops, 4 * (x + wt + y),
                4 * (2 * x + 3 * wt + 3 * y), false, n, (b, seed) -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    ConvTranspose2d op = new ConvTranspose2d(params);
                    Tensor xt = random(b, r, n, cin, hw, hw);
                    Tensor wtt = random(b, r, cin, cout, k, k);
                    Tensor bias = random(b, r, cout);
                    Tensor dy = random(b, r, n, cout, o, o);
                    return weighted(b, op::forward, op::backward, xt, wtt, bias, dy);
                });
    }

    private static Workload maxPool(String name, int n, int c, int hw, int k, int s, int p) {
        int o = outSize(hw, k, s, p, 1);
        double x = (double) n * c * hw * hw, y = (double) n * c * o * o;
        MaxPool2d op = new MaxPool2d(PoolParams.kernel(k).stride(s).padding(p));
        String shape = n + "x" + c + "x" + hw + "x" + hw + " k" + k + " s" + s + " p" + p;
        // forward reads x and writes the maxima and their indices; backward reads dy and the indices, writes dx
        return new Workload(name, "max_pool", shape, y * k * k, y * k * k, 4 * (x + 2 * y), 4 * (2 * x + 4 * y), true, n,
                (b, seed) -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    Tensor xt = random(b, r, n, c, hw, hw);
                    Tensor dy = random(b, r, n, c, o, o);
                    return new LayerInstance(xt, dy) {
                        @Override
                        public void forward() {
                            op.forward(xt).close();
                            b.finish();
                        }

                        @Override
                        public void forwardBackward() {
                            try (MaxPoolResult res = op.forward(xt);
                                    Tensor dx = op.backward(xt, res.indices(), dy)) {
                                b.finish();
                            }
                        }
                    };
                });
    }

    private static Workload lrn(String name, int n, int c, int hw, int size, double alpha, double beta, double k) {
        double x = (double) n * c * hw * hw;
        LocalResponseNorm op = new LocalResponseNorm(new LocalResponseNormParams(size, alpha, beta, k));
        String shape = n + "x" + c + "x" + hw + "x" + hw + " size " + size;
        // per value: a window of `size` squares and adds, then a power (counted as one)
        double flops = x * (2.0 * size + 2);
        return new Workload(name, "lrn", shape, flops, 3 * flops, 4 * 2 * x, 4 * 5 * x, true, n, (b, seed) -> {
            SplittableRandom r = new SplittableRandom(seed);
            Tensor xt = random(b, r, n, c, hw, hw);
            Tensor dy = random(b, r, n, c, hw, hw);
            return new LayerInstance(xt, dy) {
                @Override
                public void forward() {
                    op.forward(xt).close();
                    b.finish();
                }

                @Override
                public void forwardBackward() {
                    try (Tensor y = op.forward(xt); Tensor dx = op.backward(xt, dy)) {
                        b.finish();
                    }
                }
            };
        });
    }

    private static Workload batchNorm(String name, int n, int c, int hw) {
        double x = (double) n * c * hw * hw;
        BatchNorm2d op = new BatchNorm2d();
        String shape = n + "x" + c + "x" + hw + "x" + hw + " training";
        return new Workload(name, "batch_norm", shape, 5 * x, 13 * x, 4 * 2 * x, 4 * 5 * x, true, n, (b, seed) -> {
            SplittableRandom r = new SplittableRandom(seed);
            Tensor xt = random(b, r, n, c, hw, hw);
            Tensor dy = random(b, r, n, c, hw, hw);
            Tensor gamma = random(b, r, c);
            Tensor beta = random(b, r, c);
            Tensor mean = b.zeros(c);
            Tensor var = b.tensor(ones(c), c);
            return new LayerInstance(xt, dy, gamma, beta, mean, var) {
                @Override
                public void forward() {
                    op.forward(xt, gamma, beta, mean, var, true).close();
                    b.finish();
                }

                @Override
                public void forwardBackward() {
                    try (BatchNorm2d.Result res = op.forward(xt, gamma, beta, mean, var, true);
                            Gradients g = op.backward(xt, gamma, beta, res, dy, true)) {
                        b.finish();
                    }
                }
            };
        });
    }

    /** {@code [m, k] x [k, n]^T} through the dense layer without bias: the GEMM every backend has. */
    private static Workload gemm(String name, int m, int k, int n) {
        return linear(name, "gemm", m, k, n, false);
    }

    private static Workload dense(String name, int batch, int in, int out) {
        return linear(name, "dense", batch, in, out, true);
    }

    private static Workload linear(String name, String family, int m, int k, int n, boolean withBias) {
        double flops = 2.0 * m * k * n;
        double bytes = 4.0 * ((double) m * k + (double) k * n + (double) m * n);
        Linear op = new Linear(k, n);
        String shape = m + "x" + k + " -> " + n + (withBias ? " +bias" : "");
        return new Workload(name, family, shape, flops, 3 * flops, bytes, 3 * bytes, false, m, (b, seed) -> {
            SplittableRandom r = new SplittableRandom(seed);
            Tensor x = random(b, r, m, k);
            Tensor w = random(b, r, n, k);
            Tensor bias = withBias ? random(b, r, n) : null;
            Tensor dy = random(b, r, m, n);
            return weighted(b, op::forward, op::backward, x, w, bias, dy);
        });
    }

    // ------------------------------------------------------------------ training steps

    private static Workload trainingStep(Registry registry, String name, String arch, int batch, int[] example,
            int classes) {
        if (batch < 1) {
            throw new IllegalArgumentException("benchmark " + name + ": batch " + batch + " is below 1");
        }
        Network net = registry.architecture(arch).build(example, classes, Options.empty());
        Loss loss = registry.loss("cross-entropy");
        var optimizer = registry.optimizer("sgd");
        String shape = batch + "x" + example[0] + "x" + example[1] + "x" + example[2] + " " + classes + " classes";
        double flops = batch * networkFlops(net);
        return new Workload(name, "train", shape, flops, 3 * flops, 0, 0, false, batch, (b, seed) -> {
            SplittableRandom r = new SplittableRandom(seed);
            Model model = new Model(net, b, seed);
            Executor ex = new Executor(model);
            Updater updater = optimizer.create(Options.parse("momentum=0.9"));
            int[] shapeN = {batch, example[0], example[1], example[2]};
            Tensor x = random(b, r, shapeN);
            int[] labels = new int[batch];
            for (int i = 0; i < batch; i++) {
                labels[i] = r.nextInt(classes);
            }
            Tensor y = ClassLabels.tensor(b, labels, classes);
            String input = net.inputs().get(0), output = net.outputs().get(0);
            return new Workload.Instance() {
                private int step;

                @Override
                public void forward() {
                    Map<String, Tensor> out = ex.infer(Map.of(input, x));
                    b.finish();
                    out.values().forEach(Tensor::close);
                }

                @Override
                public void forwardBackward() {
                    step++;
                    try (Pass pass = ex.forward(Map.of(input, x), seed + step, Set.of());
                            Loss.Result res = loss.evaluate(pass.output(output), y)) {
                        ex.backward(pass, Map.of(output, res.gradient()), Set.of());
                    }
                    List<Updater.Param> params = new ArrayList<>();
                    for (Network.Param p : net.parameters()) {
                        Tensor g = model.grad(p.name());
                        if (p.spec().trainable() && g != null) {
                            params.add(new Updater.Param(p.name(), model.param(p.name()), g, p.spec().regularized()));
                        }
                    }
                    updater.step(params, 0.01, step);
                    model.clearGradients();
                    b.finish();
                }

                @Override
                public void close() {
                    x.close();
                    y.close();
                    updater.close();
                    model.close();
                }
            };
        });
    }

    /**
     * Forward FLOPs per example of the convolutions and dense layers (2 per multiply-add; the other
     * layers are a few percent and left out): the weight's size times the positions it is applied at,
     * the smaller of the input's and the output's planes (the output's for a convolution, the input's
     * for a transposed one).
     */
    static double networkFlops(Network net) {
        double flops = 0;
        for (Network.NodeInfo node : net.nodes()) {
            // a convolution or dense layer with its activation fused in counts as the layer
            Layer layer = node.layer() instanceof Fused f ? f.base() : node.layer();
            if (!(layer instanceof Conv2dLayer) && !(layer instanceof DenseLayer)) {
                continue;
            }
            for (var p : node.params()) {
                if (!p.name().equals("weight")) {
                    continue;
                }
                double weights = 1;
                for (int d : p.shape()) {
                    weights *= d;
                }
                flops += 2 * weights * Math.min(plane(node.shape()), plane(net.node(node.inputs().get(0)).shape()));
            }
        }
        return flops;
    }

    private static double plane(int[] shape) {
        return shape.length == 3 ? (double) shape[1] * shape[2] : 1;
    }

    // ------------------------------------------------------------------ helpers

    /** Uniform values in [-1, 1): the speed of these ops does not depend on the values. */
    static Tensor random(Backend b, SplittableRandom r, int... shape) {
        long size = 1;
        for (int d : shape) {
            size *= d;
        }
        float[] v = new float[Math.toIntExact(size)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (2 * r.nextDouble() - 1);
        }
        return b.tensor(v, shape);
    }

    private static float[] ones(int n) {
        float[] v = new float[n];
        Arrays.fill(v, 1f);
        return v;
    }

    /** The forward and backward of an op with a weight and a bias: convolutions and dense layers. */
    private interface WeightedForward {
        Tensor apply(Tensor x, Tensor w, Tensor bias);
    }

    private interface WeightedBackward {
        Gradients apply(Tensor x, Tensor w, Tensor bias, Tensor dy, boolean inputGrad);
    }

    private static LayerInstance weighted(Backend b, WeightedForward forward, WeightedBackward backward, Tensor x,
            Tensor w, Tensor bias, Tensor dy) {
        return new LayerInstance(x, w, bias, dy) {
            @Override
            public void forward() {
                forward.apply(x, w, bias).close();
                b.finish();
            }

            @Override
            public void forwardBackward() {
                try (Tensor y = forward.apply(x, w, bias); Gradients g = backward.apply(x, w, bias, dy, true)) {
                    b.finish();
                }
            }
        };
    }

    /** A layer's prepared tensors, closed together. */
    private abstract static class LayerInstance implements Workload.Instance {
        private final Tensor[] tensors;

        LayerInstance(Tensor... tensors) {
            this.tensors = tensors;
        }

        @Override
        public void close() {
            for (Tensor t : tensors) {
                if (t != null) {
                    t.close();
                }
            }
        }
    }
}
