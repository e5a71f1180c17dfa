package org.lamina.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Times a prepared workload the way the PyTorch peer script does: a few warm-up calls, then calls
 * until both a minimum count and a minimum time are reached (capped), and the median.
 *
 * @param warmup calls before timing (the first builds or loads the kernels)
 * @param minRuns timed calls at least
 * @param minSeconds timed seconds at least, unless {@code maxRuns} is reached first
 * @param maxRuns timed calls at most
 */
public record Timing(int warmup, int minRuns, double minSeconds, int maxRuns) {

    /** The peer script's settings: 3 warm-up calls, at least 10 runs and 0.5 s, at most 200 runs. */
    public static final Timing STANDARD = new Timing(3, 10, 0.5, 200);
    /** Short runs for smoke tests: 1 warm-up call, 3 runs. */
    public static final Timing QUICK = new Timing(1, 3, 0.05, 20);

    public Timing {
        if (warmup < 0 || minRuns < 1 || maxRuns < minRuns || !(minSeconds >= 0)) {
            throw new IllegalArgumentException("benchmark timing: warmup " + warmup + ", runs " + minRuns + ".."
                    + maxRuns + ", seconds " + minSeconds + " are not valid");
        }
    }

    /** The result of timing one pass: median and fastest call in milliseconds, and the number of calls. */
    public record Result(double medianMs, double minMs, int runs) {
    }

    /** Times {@code pass} of {@code instance}. */
    public Result measure(Workload.Instance instance, Workload.Pass pass) {
        Runnable call = pass == Workload.Pass.FORWARD ? instance::forward : instance::forwardBackward;
        for (int i = 0; i < warmup; i++) {
            call.run();
        }
        List<Double> ms = new ArrayList<>();
        long start = System.nanoTime();
        while (ms.size() < minRuns || (System.nanoTime() - start < minSeconds * 1e9 && ms.size() < maxRuns)) {
            long t0 = System.nanoTime();
            call.run();
            ms.add((System.nanoTime() - t0) / 1e6);
        }
        Collections.sort(ms);
        int n = ms.size();
        double median = n % 2 == 1 ? ms.get(n / 2) : (ms.get(n / 2 - 1) + ms.get(n / 2)) / 2;
        return new Result(median, ms.get(0), n);
    }
}
