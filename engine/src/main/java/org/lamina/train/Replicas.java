package org.lamina.train;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.lamina.backend.Backend;
import org.lamina.exec.Executor;
import org.lamina.exec.Model;
import org.lamina.graph.Network;
import org.lamina.spi.Updater;

/**
 * Identical copies of one model on several devices for data-parallel training, each driven by a
 * host thread of its own: the devices run at the same time, and every call to a device's backend
 * (opening it, its tensors, its reads, closing it) comes from its thread, as tools that want one
 * thread per OpenCL context require.
 *
 * <p>The copies start equal (each model is drawn from the same seed on the host) and stay equal:
 * each applies the same summed gradient with an updater of its own, so their optimizer states
 * follow the same steps. {@link Trainer} drives them; see docs/training.md for the whole step.
 */
public final class Replicas implements AutoCloseable {

    /** One device's copy: its backend, model, executor and optimizer state. Used on its own thread only. */
    public record Replica(int index, Backend backend, Model model, Executor executor, Updater updater) {
    }

    /** How much a new measurement moves a device's speed estimate (for {@link BatchSplit.Mode#SPEED}). */
    private static final double SPEED_SMOOTHING = 0.2;

    private final List<Replica> replicas;
    private final List<ExecutorService> threads;
    private final BatchSplit.Mode mode;
    private final double[] speeds;
    private final boolean[] timed;
    private final String devices;

    private Replicas(List<Replica> replicas, List<ExecutorService> threads, BatchSplit.Mode mode) {
        this.replicas = replicas;
        this.threads = threads;
        this.mode = mode;
        this.speeds = new double[replicas.size()];
        this.timed = new boolean[replicas.size()];
        this.devices = replicas.stream().map(r -> r.backend().device()).collect(Collectors.joining(", "));
    }

    /**
     * Opens each backend on a thread of its own and puts a copy of {@code network} (parameters drawn
     * from {@code seed}) and an updater from {@code updaters} on it.
     *
     * @param backends how to open each device (see {@code Backends.list}); called on the device's thread
     * @throws IllegalArgumentException for no devices
     */
    public static Replicas open(List<Supplier<Backend>> backends, Network network, long seed,
            Supplier<Updater> updaters, BatchSplit.Mode mode) {
        if (backends.isEmpty()) {
            throw new IllegalArgumentException("data-parallel training needs at least one device");
        }
        List<ExecutorService> threads = new ArrayList<>();
        for (int i = 0; i < backends.size(); i++) {
            String name = "lamina-device-" + i;
            threads.add(Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            }));
        }
        List<Future<Replica>> opening = new ArrayList<>();
        for (int i = 0; i < backends.size(); i++) {
            int index = i;
            opening.add(threads.get(i).submit(() -> {
                Backend b = backends.get(index).get();
                Model m = null;
                try {
                    m = new Model(network, b, seed);
                    return new Replica(index, b, m, new Executor(m), updaters.get());
                } catch (RuntimeException e) {
                    if (m != null) {
                        m.close();
                    }
                    b.close();
                    throw e;
                }
            }));
        }
        List<Replica> opened = new ArrayList<>();
        RuntimeException failure = null;
        for (int i = 0; i < opening.size(); i++) {
            try {
                opened.add(await(opening.get(i)));
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
                opened.add(null);
            }
        }
        if (failure != null) {
            for (int i = 0; i < opened.size(); i++) {
                Replica r = opened.get(i);
                if (r != null) {
                    try {
                        await(threads.get(i).submit(() -> closeReplica(r)));
                    } catch (RuntimeException e) {
                        failure.addSuppressed(e);
                    }
                }
            }
            threads.forEach(ExecutorService::shutdown);
            throw failure;
        }
        return new Replicas(List.copyOf(opened), threads, mode);
    }

    /** How many devices. */
    public int size() {
        return replicas.size();
    }

    /** The network every replica runs. */
    public Network network() {
        return replicas.get(0).model().network();
    }

    /** The devices in words, in order, separated by commas. */
    public String devices() {
        return devices;
    }

    /** How batches are split. */
    public BatchSplit.Mode mode() {
        return mode;
    }

    /** Runs {@code work} on replica {@code index}'s thread and waits for it. */
    public <T> T call(int index, Function<Replica, T> work) {
        Replica r = replicas.get(index);
        return await(threads.get(index).submit(() -> work.apply(r)));
    }

    /**
     * Runs {@code work} on every replica at once, each on its own thread, and waits for all of them;
     * the results are in device order. When some fail, the first failure is thrown once all have
     * stopped.
     */
    public <T> List<T> callAll(Function<Replica, T> work) {
        return startAll(work).await();
    }

    /**
     * Starts {@code work} on every replica at once, each on its own thread, and returns without
     * waiting: the caller prepares what comes next meanwhile, then {@link Pending#await}s.
     */
    public <T> Pending<T> startAll(Function<Replica, T> work) {
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < replicas.size(); i++) {
            Replica r = replicas.get(i);
            futures.add(threads.get(i).submit(() -> work.apply(r)));
        }
        return new Pending<>(futures);
    }

    /** Work running on every replica. */
    public static final class Pending<T> {
        private final List<Future<T>> futures;

        private Pending(List<Future<T>> futures) {
            this.futures = futures;
        }

        /**
         * Waits for every replica; the results are in device order. When some failed, the first
         * failure is thrown once all have stopped.
         */
        public List<T> await() {
            List<T> results = new ArrayList<>();
            RuntimeException failure = null;
            for (Future<T> f : futures) {
                try {
                    results.add(Replicas.await(f));
                } catch (RuntimeException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
            return results;
        }
    }

    /** Shard sizes of a batch of {@code n} images, in device order (see {@link BatchSplit}). */
    int[] split(int n) {
        if (mode == BatchSplit.Mode.EVEN) {
            return BatchSplit.even(n, replicas.size());
        }
        // a device not timed yet (it had no images) counts as fast as the average of the others
        double sum = 0;
        int count = 0;
        for (int i = 0; i < speeds.length; i++) {
            if (timed[i]) {
                sum += speeds[i];
                count++;
            }
        }
        double[] w = new double[speeds.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = timed[i] ? speeds[i] : count > 0 ? sum / count : 1;
        }
        return BatchSplit.sizes(n, w);
    }

    /** Records that device {@code index} took {@code seconds} for {@code images} images of a training step. */
    void measured(int index, int images, double seconds) {
        if (images > 0 && seconds > 0) {
            double rate = images / seconds;
            // the first measurement replaces the neutral start; later ones are smoothed
            speeds[index] = timed[index] ? (1 - SPEED_SMOOTHING) * speeds[index] + SPEED_SMOOTHING * rate : rate;
            timed[index] = true;
        }
    }

    /** Closes every replica's updater, model and backend on its thread, and ends the threads. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (int i = 0; i < replicas.size(); i++) {
            Replica r = replicas.get(i);
            try {
                await(threads.get(i).submit(() -> closeReplica(r)));
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        threads.forEach(ExecutorService::shutdown);
        if (failure != null) {
            throw failure;
        }
    }

    /** The updater's state, then the model, then the device: each released even when one before fails. */
    private static Void closeReplica(Replica r) {
        try {
            r.updater().close();
        } finally {
            try {
                r.model().close();
            } finally {
                r.backend().close();
            }
        }
        return null;
    }

    /** The result of {@code f}, its failure rethrown as it was thrown on the device's thread. */
    private static <T> T await(Future<T> f) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    interrupted = true; // the device's work cannot be abandoned half done; wait for it
                }
            }
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(c.getMessage(), c);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
