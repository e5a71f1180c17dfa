package org.lamina.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
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
import org.lamina.train.Replicas;
import org.lamina.train.ShardGradients;

/**
 * What a distributed step costs (benchmarks/spark-steps.sh, docs/distributed.md): steps of {@code ARCH}
 * on a seeded random batch, on Spark with W tasks for each exchange in turn (round after round, so that
 * a change in the machine's load falls on every exchange alike), against the same batch's step in this
 * process on one device. One CSV row per exchange: medians over the measured steps, and their ranges.
 *
 * <pre>SparkStepTiming MASTER WORKERS ARCH C,H,W CLASSES BATCH ROUNDS STEPS EXCHANGES [DEVICE]</pre>
 *
 * EXCHANGES is a comma-separated list (tree,reduce,barrier,sharded); each gets one warm-up step, then
 * STEPS steps in each of ROUNDS rounds.
 */
public final class SparkStepTiming {
    private SparkStepTiming() {
    }

    public static void main(String[] args) {
        String master = args[0];
        int workers = Integer.parseInt(args[1]);
        String arch = args[2];
        int[] shape = Arrays.stream(args[3].split(",")).mapToInt(Integer::parseInt).toArray();
        int classes = Integer.parseInt(args[4]);
        int batchSize = Integer.parseInt(args[5]);
        int rounds = Integer.parseInt(args[6]);
        int steps = Integer.parseInt(args[7]);
        List<DistributedTraining.Exchange> kinds = Arrays.stream(args[8].split(","))
                .map(DistributedTraining.Exchange::parse).toList();
        String device = args.length > 9 ? args[9] : null;
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
        List<Double> local = new ArrayList<>();
        Map<String, float[]> params = new LinkedHashMap<>();
        try (Backend b = Backends.open(device); Model m = new Model(net, b, 1)) {
            m.snapshot().forEach((k, v) -> params.put(k, v.values()));
            Replicas.Replica r = new Replicas.Replica(0, b, m, new Executor(m), null);
            ShardGradients.compute(r, net, loss, batch, 0, batchSize, 1); // compiles the kernels
            for (int s = 0; s < Math.max(3, steps * Math.min(rounds, 3)); s++) {
                long t0 = System.nanoTime();
                ShardGradients.compute(r, net, loss, batch, 0, batchSize, 1);
                local.add((System.nanoTime() - t0) / 1e9);
            }
        }
        DistributedTraining.Job job = new DistributedTraining.Job(master, workers, device, arch, "", shape, classes,
                "cross-entropy", "timing", null);
        SparkConf conf = new SparkConf();
        SparkTraining.configure(conf, job);
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(SparkContext.getOrCreate(conf));
        String key = UUID.randomUUID().toString();
        Map<DistributedTraining.Exchange, SparkExchange> exchanges = new LinkedHashMap<>();
        Map<DistributedTraining.Exchange, List<SparkExchange.StepCost>> costs = new LinkedHashMap<>();
        try {
            // the replicas are shared: one set of devices for all the exchanges
            for (DistributedTraining.Exchange e : kinds) {
                SparkExchange ex = new SparkExchange(sc, false, job.with(e), key);
                exchanges.put(e, ex);
                ex.compute(batch, 0, params); // warms the executors for this kind of job; not measured
                costs.put(e, new ArrayList<>());
            }
            for (int round = 0; round < rounds; round++) {
                for (var e : exchanges.entrySet()) {
                    int before = e.getValue().costs().size();
                    for (int s = 0; s < steps; s++) {
                        e.getValue().compute(batch, 1 + round * steps + s, params);
                    }
                    var c = e.getValue().costs();
                    costs.get(e.getKey()).addAll(c.subList(before, c.size()));
                }
            }
            long paramCount = params.values().stream().mapToLong(v -> v.length).sum();
            double localMedian = median(local);
            System.out.println("arch,workers,exchange,batch,params,steps,ms_per_step,ms_per_step_min,ms_per_step_max,"
                    + "ms_compute_slowest,ms_exchange,ms_exchange_min,ms_exchange_max,mb_to_workers,mb_back,mb_among,"
                    + "images_per_s_spark,images_per_s_local,ms_local_min,ms_local_max");
            for (var e : costs.entrySet()) {
                List<SparkExchange.StepCost> c = e.getValue();
                List<Double> wall = c.stream().map(SparkExchange.StepCost::seconds).toList();
                List<Double> compute = c.stream().map(SparkExchange.StepCost::computeSeconds).toList();
                List<Double> exchange = c.stream().map(x -> x.seconds() - x.computeSeconds()).toList();
                System.out.printf(Locale.ROOT, "%s,%d,%s,%d,%d,%d,%.1f,%.1f,%.1f,%.1f,%.1f,%.1f,%.1f,%.2f,%.2f,%.2f,%.1f,%.1f,"
                        + "%.1f,%.1f%n", arch, workers, e.getKey(), batchSize, paramCount, c.size(), 1e3 * median(wall),
                        1e3 * min(wall), 1e3 * max(wall), 1e3 * median(compute), 1e3 * median(exchange),
                        1e3 * min(exchange), 1e3 * max(exchange),
                        c.stream().mapToLong(SparkExchange.StepCost::bytesOut).average().orElse(0) / 1e6,
                        c.stream().mapToLong(SparkExchange.StepCost::bytesBack).average().orElse(0) / 1e6,
                        c.stream().mapToLong(SparkExchange.StepCost::bytesPeer).average().orElse(0) / 1e6,
                        batchSize / median(wall), batchSize / localMedian, 1e3 * min(local), 1e3 * max(local));
            }
        } finally {
            try {
                for (SparkExchange ex : exchanges.values()) {
                    ex.close();
                }
            } finally {
                sc.stop();
            }
        }
    }

    static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        int n = s.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static double min(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double max(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
}
