package org.lamina.shell;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.lamina.train.Trainer;

/**
 * The training runs in progress in this class loader, so that a container stopping the commands'
 * bundle can ask each to stop after its step (and so close its backend) before the bundle goes.
 */
public final class Trainings {
    private static final Set<Trainer> RUNNING = ConcurrentHashMap.newKeySet();

    private Trainings() {
    }

    static void started(Trainer t) {
        RUNNING.add(t);
    }

    static void ended(Trainer t) {
        synchronized (RUNNING) {
            RUNNING.remove(t);
            RUNNING.notifyAll();
        }
    }

    /** Asks every run to stop with {@code reason}, and waits up to {@code millis} for them to end. */
    public static void stopAll(String reason, long millis) {
        RUNNING.forEach(t -> t.requestStop(reason));
        long end = System.currentTimeMillis() + millis;
        synchronized (RUNNING) {
            while (!RUNNING.isEmpty() && System.currentTimeMillis() < end) {
                try {
                    RUNNING.wait(Math.max(1, end - System.currentTimeMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
