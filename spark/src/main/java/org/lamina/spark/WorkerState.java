package org.lamina.spark;

import java.io.IOException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.lamina.backend.Backend;
import org.lamina.backend.Backends;
import org.lamina.exec.Executor;
import org.lamina.exec.Model;
import org.lamina.graph.Network;
import org.lamina.registry.Registry;
import org.lamina.spi.Loss;
import org.lamina.spi.Options;
import org.lamina.train.DistributedTraining;
import org.lamina.train.Objective;
import org.lamina.train.Replicas;

/**
 * What an executor keeps between the tasks of a run: its device, the model on it and the loss, made
 * at the first task and reused by every later one, so that kernels are compiled once per executor
 * (and, through Lamina's program cache on disk, not again by an executor that replaces it). All calls
 * to the device come from one thread of its own, as on local devices ({@link Replicas}).
 */
final class WorkerState {
    /** The Spark resource names an executor's device may be assigned under (resource scheduling). */
    static final String[] RESOURCES = {"opencl", "gpu"};

    private static final Map<String, WorkerState> RUNS = new HashMap<>();

    final String device;
    final Network net;
    final Loss loss;
    /** What the job trains for: its objective, or classification with its loss on the only output. */
    final Objective objective;
    private final ExecutorService thread;
    private final Replicas.Replica replica;

    private WorkerState(String device, Network net, Loss loss, Objective objective, ExecutorService thread,
            Replicas.Replica replica) {
        this.device = device;
        this.net = net;
        this.loss = loss;
        this.objective = objective;
        this.thread = thread;
        this.replica = replica;
    }

    /**
     * This executor's state for the run {@code key}, made on its first task. In local mode (one executor,
     * the driver, running all N tasks at once) each task slot gets a replica of its own, so that the N
     * tasks compute at the same time as N executors would, rather than queue for one device thread.
     */
    static synchronized WorkerState of(String key, DistributedTraining.Job job) {
        org.apache.spark.SparkEnv env = org.apache.spark.SparkEnv.get();
        TaskContext tc = TaskContext.get();
        String slot = env != null && "driver".equals(env.executorId()) && tc != null
                ? key + "#" + tc.partitionId() % job.workers() : key;
        WorkerState s = RUNS.get(slot);
        if (s == null) {
            s = open(job);
            RUNS.put(slot, s);
        }
        return s;
    }

    /**
     * Closes this JVM's replicas of the run {@code key} (in local mode, the driver's; executors of a
     * cluster end with the application).
     */
    static synchronized void release(String key) {
        var it = RUNS.entrySet().iterator();
        while (it.hasNext()) {
            var e = it.next();
            if (e.getKey().equals(key) || e.getKey().startsWith(key + "#")) {
                WorkerState s = e.getValue();
                try {
                    s.call(r -> {
                        try {
                            r.model().close();
                        } finally {
                            r.backend().close();
                        }
                        return null;
                    });
                } finally {
                    s.thread.shutdown();
                    it.remove();
                }
            }
        }
    }

    /** The device this task's executor should open: the one Spark assigned it, else the job's spec. */
    static String deviceSpec(DistributedTraining.Job job) {
        TaskContext tc = TaskContext.get();
        if (tc != null) {
            for (String name : RESOURCES) {
                ResourceInformation r = tc.resourcesJMap().get(name);
                if (r != null && r.addresses().length > 0) {
                    return r.addresses()[0];
                }
            }
        }
        return job.device();
    }

    private static WorkerState open(DistributedTraining.Job job) {
        String spec = deviceSpec(job);
        Registry registry = Registry.fromClassPath();
        Network net = registry.architecture(job.architecture()).build(job.inputShape(), job.classes(),
                Options.parse(job.architectureOptions()));
        Loss loss = registry.loss(job.loss());
        Objective objective = job.objective() == null ? Objective.classify(loss, net.outputs().get(0))
                : Objective.of(job.objective(), registry::loss);
        ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "lamina-spark-device");
            t.setDaemon(true);
            return t;
        });
        Replicas.Replica replica = await(thread.submit(() -> {
            Backend b;
            try {
                b = Backends.open(spec);
            } catch (RuntimeException e) {
                throw new IllegalStateException(where() + " cannot open device "
                        + (spec == null ? "(the default)" : "'" + spec + "'") + ": " + e.getMessage(), e);
            }
            try {
                Model m = new Model(net, b, 0);
                return new Replicas.Replica(0, b, m, new Executor(m), null);
            } catch (RuntimeException e) {
                b.close();
                throw e;
            }
        }));
        return new WorkerState(replica.backend().device(), net, loss, objective, thread, replica);
    }

    /** Runs {@code work} on the device's thread. */
    <T> T call(Function<Replicas.Replica, T> work) {
        return await(thread.submit(() -> work.apply(replica)));
    }

    /** "lamina worker (executor 1 on host)": how a worker's messages start, so the driver can find them. */
    static String where() {
        org.apache.spark.SparkEnv env = org.apache.spark.SparkEnv.get();
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "?";
        }
        return "lamina worker (executor " + (env != null ? env.executorId() : "?") + " on " + host + ")";
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
    }
}
