package org.lamina.spark;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.lamina.train.DistributedTraining;
import org.lamina.train.GradientExchange;

/**
 * {@code lamina train --spark MASTER --workers N}: the Spark implementation of
 * {@link DistributedTraining}, found by the command line through {@link java.util.ServiceLoader}.
 * Each of N tasks (one core each) trains on its shard of every batch on its executor's device.
 */
public final class SparkTraining implements DistributedTraining {

    @Override
    public String name() {
        return "spark";
    }

    @Override
    public GradientExchange open(Job job) {
        // spark-submit's settings arrive as spark.* system properties, which SparkConf reads
        SparkConf conf = new SparkConf();
        configure(conf, job);
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(SparkContext.getOrCreate(conf));
        try {
            return new SparkExchange(sc, true, job);
        } catch (RuntimeException e) {
            sc.stop();
            throw e;
        }
    }

    /**
     * Copies the files of {@code uri}'s folder with Hadoop's file system for its scheme (the cluster's
     * configuration, HADOOP_CONF_DIR, applies) into a temporary folder, removed when the JVM exits.
     */
    @Override
    public Path stage(String uri) {
        try {
            org.apache.hadoop.fs.Path src = new org.apache.hadoop.fs.Path(uri);
            org.apache.hadoop.fs.FileSystem fs = src.getFileSystem(new org.apache.hadoop.conf.Configuration());
            if (!fs.getFileStatus(src).isDirectory()) {
                throw new IllegalArgumentException("--data " + uri + ": not a folder (give the folder that holds the"
                        + " dataset's files)");
            }
            Path local = Files.createTempDirectory("lamina-data-");
            local.toFile().deleteOnExit();
            for (org.apache.hadoop.fs.FileStatus f : fs.listStatus(src)) {
                if (f.isFile()) {
                    Path to = local.resolve(f.getPath().getName());
                    fs.copyToLocalFile(false, f.getPath(), new org.apache.hadoop.fs.Path(to.toUri()), true);
                    to.toFile().deleteOnExit();
                }
            }
            return local;
        } catch (IOException e) {
            throw new IllegalArgumentException("--data " + uri + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /** The settings a training needs, where the user (spark-submit, --conf) did not give them. */
    static void configure(SparkConf conf, Job job) {
        if (job.master() != null && !job.master().isBlank()) {
            conf.setMaster(job.master());
        } else if (!conf.contains("spark.master")) {
            throw new IllegalArgumentException("--spark: give a master URL (local[2], spark://HOST:7077, yarn, ...)");
        }
        conf.setIfMissing("spark.app.name", "lamina train " + job.runName());
        // one core per executor, N cores in all: each task of a step has an executor, and a device, of its own
        conf.setIfMissing("spark.executor.cores", "1");
        conf.setIfMissing("spark.cores.max", Integer.toString(job.workers()));
        conf.setIfMissing("spark.task.maxFailures", "4");
        // the first job (opening each executor's device) waits for every executor, so that each opens its own
        conf.setIfMissing("spark.scheduler.minRegisteredResourcesRatio", "1.0");
        conf.setIfMissing("spark.scheduler.maxRegisteredResourcesWaitingTime", "120s");
        // pocl's LLVM replaces the JVM's signal handlers unless the JVM's signal chaining is preloaded
        conf.setIfMissing("spark.executorEnv.LD_PRELOAD", System.getProperty("java.home") + "/lib/libjsig.so");
        if (!conf.get("spark.master").startsWith("local") && !conf.contains("spark.jars")) {
            Path jar = applicationJar();
            if (jar != null) {
                conf.set("spark.jars", jar.toString());
            }
        }
    }

    /**
     * The jar executors load Lamina from: the shaded jar next to this class's jar (as Maven builds it),
     * or this class's jar when it is the shaded one.
     */
    static Path applicationJar() {
        try {
            Path self = Path.of(SparkTraining.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(self) && self.getFileName().toString().endsWith("-all.jar")) {
                return self;
            }
            Path dir = Files.isDirectory(self) ? self.getParent() : self.getParent();
            try (var files = Files.list(dir)) {
                return files.filter(p -> p.getFileName().toString().matches("lamina-spark(-.*)?-all\\.jar")).findFirst()
                        .orElse(null);
            }
        } catch (URISyntaxException | IOException | RuntimeException e) {
            return null;
        }
    }
}
