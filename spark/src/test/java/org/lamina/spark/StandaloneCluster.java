package org.lamina.spark;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A Spark standalone cluster on this machine: a master and workers, each a JVM of its own started
 * from the Spark jars Maven lays out as a Spark installation (target/spark-home), as Spark's
 * start-master.sh and start-worker.sh would start them. Executors are the workers' children.
 */
final class StandaloneCluster implements AutoCloseable {
    static final Path SPARK_HOME = Path.of(System.getProperty("lamina.spark.home", "target/spark-home"));
    static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");
    static final String JSIG = Path.of(System.getProperty("java.home"), "lib", "libjsig.so").toString();

    final String url;
    final Process master;
    final List<Process> workers = new ArrayList<>();
    private final Path dir;

    StandaloneCluster(Path dir, int workerCount) throws IOException, InterruptedException {
        this.dir = dir;
        int port = freePort();
        url = "spark://127.0.0.1:" + port;
        master = start("master", "256m", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                Integer.toString(port), "--webui-port", "0");
        waitForPort(port, Duration.ofSeconds(60));
        for (int i = 0; i < workerCount; i++) {
            Path work = Files.createDirectories(dir.resolve("worker-" + i));
            workers.add(start("worker-" + i, "256m", "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores",
                    "1", "--memory", "1g", "--webui-port", "0", "--work-dir", work.toString(), url));
        }
        for (int i = 0; i < workerCount; i++) {
            waitForLine(dir.resolve("worker-" + i + ".log"), "Successfully registered with master", Duration.ofSeconds(60));
        }
    }

    /** A JVM of the Spark jars, its output in {@code name}.log, with what Spark's launcher gives it. */
    Process start(String name, String heap, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(JAVA.toString(), "-Xmx" + heap));
        cmd.addAll(opens());
        cmd.addAll(List.of("-cp", SPARK_HOME.resolve("jars") + "/*", mainClass));
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        environment(pb.environment());
        return pb.start();
    }

    /** The environment of every JVM of the cluster: executors inherit it from their worker. */
    static void environment(Map<String, String> env) {
        env.put("SPARK_HOME", SPARK_HOME.toString());
        // what Spark's load-spark-env.sh sets; the workers' launcher asks for it to build an executor's class path
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("LD_PRELOAD", JSIG);
    }

    static List<String> opens() {
        String o = System.getProperty("lamina.spark.opens", "");
        return o.isBlank() ? List.of() : Arrays.asList(o.strip().split("\\s+"));
    }

    /** The executor JVMs the workers run now. */
    List<ProcessHandle> executors() {
        List<ProcessHandle> out = new ArrayList<>();
        for (Process w : workers) {
            w.descendants().filter(p -> p.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend"))
                    .forEach(out::add);
        }
        return out;
    }

    static String log(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    static void waitForLine(Path file, String text, Duration limit) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!log(file).contains(text)) {
            if (System.nanoTime() > end) {
                throw new AssertionError(file + " did not say '" + text + "' within " + limit + ":\n" + log(file));
            }
            Thread.sleep(200);
        }
    }

    private static void waitForPort(int port, Duration limit) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                if (System.nanoTime() > end) {
                    throw new AssertionError("the Spark master did not open port " + port + " within " + limit);
                }
                Thread.sleep(200);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        for (Process w : workers) {
            w.descendants().forEach(ProcessHandle::destroyForcibly);
            w.destroyForcibly();
        }
        master.destroyForcibly();
    }
}
