package org.lamina.spark;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.lamina.backend.Backend;
import org.lamina.backend.Backends;
import org.lamina.data.Batch;
import org.lamina.exec.Executor;
import org.lamina.exec.Model;
import org.lamina.graph.Network;
import org.lamina.registry.Registry;
import org.lamina.spi.Loss;
import org.lamina.spi.Options;
import org.lamina.train.DistributedTraining;
import org.lamina.train.GradientExchange;
import org.lamina.train.Replicas;
import org.lamina.train.ShardGradients;

/**
 * What a distributed step costs (benchmarks/spark-steps.sh, docs/distributed.md): a few steps of
 * {@code ARCH} on a seeded random batch, on Spark with W tasks, against the same batch's step in
 * this process on one device; one CSV row.
 *
 * <pre>SparkStepTiming MASTER WORKERS ARCH C,H,W CLASSES BATCH STEPS [DEVICE]</pre>
 */
public final class SparkStepTiming {
    private SparkStepTiming() {
    }

    public static void main(String[] args) {
        String master = args[0];
        int workers = Integer.parseInt(args[1]);
        String arch = args[2];
        int[] shape = java.util.Arrays.stream(args[3].split(",")).mapToInt(Integer::parseInt).toArray();
        int classes = Integer.parseInt(args[4]);
        int batchSize = Integer.parseInt(args[5]);
        int steps = Integer.parseInt(args[6]);
        String device = args.length > 7 ? args[7] : null;
        Registry reg = Registry.fromClassPath();
        Network net = reg.architecture(arch).build(shape, classes, Options.parse(""));
        Loss loss = reg.loss("cross-entropy");
        SplittableRandom rnd = new SplittableRandom(1);
        int size = shape[0] * shape[1] * shape[2];
        float[] images = new float[batchSize * size];
        int[] labels = new int[batchSize];
        for (int i = 0; i < images.length; i++) {
            images[i] = (float) rnd.nextGaussian();
        }
        for (int i = 0; i < batchSize; i++) {
            labels[i] = rnd.nextInt(classes);
        }
        Batch batch = new Batch(batchSize, shape[0], shape[1], shape[2], images, labels, null, 1f);
        double localSeconds;
        Map<String, float[]> params = new LinkedHashMap<>();
        try (Backend b = Backends.open(device); Model m = new Model(net, b, 1)) {
            m.snapshot().forEach((k, v) -> params.put(k, v.values()));
            Replicas.Replica r = new Replicas.Replica(0, b, m, new Executor(m), null);
            ShardGradients.compute(r, net, loss, batch, 0, batchSize, 1); // compiles the kernels
            long t0 = System.nanoTime();
            for (int s = 0; s < steps; s++) {
                ShardGradients.compute(r, net, loss, batch, 0, batchSize, 1);
            }
            localSeconds = (System.nanoTime() - t0) / 1e9 / steps;
        }
        DistributedTraining.Job job = new DistributedTraining.Job(master, workers, device, arch, "", shape, classes,
                "cross-entropy", "timing", null);
        SparkExchange ex = (SparkExchange) new SparkTraining().open(job);
        try {
            for (int s = 0; s <= steps; s++) { // the first step warms the executors; summary() leaves it out
                ex.compute(batch, s, params);
            }
            var c = ex.costs().subList(1, ex.costs().size());
            double wall = c.stream().mapToDouble(SparkExchange.StepCost::seconds).average().orElse(0);
            double compute = c.stream().mapToDouble(SparkExchange.StepCost::computeSeconds).average().orElse(0);
            double out = c.stream().mapToLong(SparkExchange.StepCost::bytesOut).average().orElse(0);
            double back = c.stream().mapToLong(SparkExchange.StepCost::bytesBack).average().orElse(0);
            long paramCount = params.values().stream().mapToLong(v -> v.length).sum();
            System.out.println("arch,master,workers,batch,params,ms_per_step,ms_compute_slowest,ms_exchange,"
                    + "mb_to_workers,mb_back,images_per_s_spark,images_per_s_local");
            System.out.printf(Locale.ROOT, "%s,%s,%d,%d,%d,%.1f,%.1f,%.1f,%.2f,%.2f,%.1f,%.1f%n", arch, master, workers,
                    batchSize, paramCount, 1e3 * wall, 1e3 * compute, 1e3 * (wall - compute), out / 1e6, back / 1e6,
                    batchSize / wall, batchSize / localSeconds);
        } finally {
            ex.close();
        }
    }
}
