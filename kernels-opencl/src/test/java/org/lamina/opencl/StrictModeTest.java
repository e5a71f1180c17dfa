package org.lamina.opencl;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Strict mode: a context belongs to one thread, every transfer blocks, and releases asked for on
 * other threads (a buffer closed elsewhere, the cleaner) wait for the owner's next call.
 */
class StrictModeTest {
    private static ClContext strict() {
        return ClContext.create(OpenClTests.device(), ClContext.Options.defaults().strict(true));
    }

    private static <T> T onAnotherThread(Supplier<T> work) throws Exception {
        AtomicReference<Object> result = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                result.set(work.get());
            } catch (RuntimeException e) {
                result.set(e);
            }
        }, "foreign-test-thread");
        t.start();
        t.join();
        @SuppressWarnings("unchecked")
        T r = (T) result.get();
        return r;
    }

    @Test
    void transfersBlockAndWorkAsBefore() throws Exception {
        try (ClContext ctx = strict(); Buffer b = ctx.allocate(8)) {
            assertTrue(ctx.strict());
            float[] src = {1, 2, 3, 4, 5, 6, 7, 8};
            ctx.writeLater(b, src);
            Arrays.fill(src, -1);
            PendingRead r = ctx.readLater(b, 2, 3);
            ctx.fill(b, 0, 8, 9f); // queued after the read: a blocking read has its values already
            // Awaiting on another thread calls no OpenCL: the values are on the host.
            Object got = onAnotherThread(r::await);
            assertArrayEquals(new float[] {3, 4, 5}, (float[]) got);
            assertArrayEquals(new float[] {9, 9, 9, 9, 9, 9, 9, 9}, ctx.read(b));
            Kernel k = ctx.program(ProgramTest.SCALE, Map.of("FACTOR", 2)).kernel("scale");
            try (Buffer y = ctx.allocate(8)) {
                k.args().buffer(b).buffer(y).i(8).launch1D(8, 4);
                assertArrayEquals(new float[] {18, 18, 18, 18, 18, 18, 18, 18}, ctx.read(y));
            }
        }
    }

    @Test
    void aCallFromAnotherThreadFailsNamingBothThreads() throws Exception {
        try (ClContext ctx = strict(); Buffer b = ctx.allocate(4)) {
            Object r = onAnotherThread(() -> ctx.read(b));
            IllegalStateException e = assertInstanceOf(IllegalStateException.class, r);
            assertTrue(e.getMessage().contains("strict mode") && e.getMessage().contains("foreign-test-thread")
                    && e.getMessage().contains(Thread.currentThread().getName()), e.getMessage());
            Object k = onAnotherThread(() -> ctx.program(ProgramTest.SCALE, Map.of("FACTOR", 3)));
            assertInstanceOf(IllegalStateException.class, k);
        }
    }

    @Test
    void aBufferClosedOnAnotherThreadIsReleasedByTheOwnersNextCall() throws Exception {
        try (ClContext ctx = strict()) {
            Buffer b = ctx.allocate(16);
            int live = ctx.liveBuffers();
            onAnotherThread(() -> {
                b.close();
                return null;
            });
            assertTrue(b.released(), "unusable at once");
            assertEquals(live, ctx.liveBuffers(), "but its memory waits for the owner");
            assertEquals(1, ctx.deferredReleases());
            ctx.finish();
            assertEquals(0, ctx.deferredReleases());
            assertEquals(live - 1, ctx.liveBuffers());
        }
    }

    @Test
    void theCleanerReleasesThroughTheOwner() throws Exception {
        try (ClContext ctx = strict()) {
            int live = ctx.liveBuffers();
            allocateAndDrop(ctx);
            long end = System.nanoTime() + 20_000_000_000L;
            while (ctx.deferredReleases() == 0 && System.nanoTime() < end) {
                System.gc();
                Thread.sleep(20);
            }
            assertEquals(1, ctx.deferredReleases(), "the cleaner queued the release instead of making it");
            assertEquals(live + 1, ctx.liveBuffers());
            ctx.finish();
            assertEquals(live, ctx.liveBuffers());
        }
    }

    private static void allocateAndDrop(ClContext ctx) {
        ctx.allocate(32); // unreachable at once
    }

    @Test
    void aContextWhoseThreadEndedIsTakenOverByTheNext() throws Exception {
        CompletableFuture<ClContext> made = new CompletableFuture<>();
        Thread creator = new Thread(() -> made.complete(strict()), "creator");
        creator.start();
        creator.join();
        try (ClContext ctx = made.get(); Buffer b = ctx.upload(new float[] {4, 2})) {
            assertArrayEquals(new float[] {4, 2}, ctx.read(b));
        }
    }

    @Test
    void outsideStrictModeAnyThreadMayCall() throws Exception {
        try (ClContext ctx = ClContext.create(OpenClTests.device(), ClContext.Options.defaults().strict(false));
                Buffer b = ctx.upload(new float[] {1, 2})) {
            assertFalse(ctx.strict());
            assertArrayEquals(new float[] {1, 2}, (float[]) onAnotherThread(() -> ctx.read(b)));
        }
    }

    @Test
    void oclgrindIsAlwaysStrict() {
        assertTrue(ClContext.needsStrict("Oclgrind"));
        assertFalse(ClContext.needsStrict("Portable Computing Language"));
        assertFalse(ClContext.needsStrict("NVIDIA CUDA"));
    }

    @Test
    void theDefaultComesFromThePropertyOrTheEnvironment() throws ExecutionException {
        String before = System.getProperty(ClContext.STRICT_PROPERTY);
        try {
            System.setProperty(ClContext.STRICT_PROPERTY, "true");
            assertTrue(ClContext.Options.strictByDefault());
            System.setProperty(ClContext.STRICT_PROPERTY, "0");
            assertFalse(ClContext.Options.strictByDefault());
            System.setProperty(ClContext.STRICT_PROPERTY, "sometimes");
            var e = assertThrows(IllegalArgumentException.class, ClContext.Options::strictByDefault);
            assertTrue(e.getMessage().contains(ClContext.STRICT_PROPERTY) && e.getMessage().contains("sometimes"),
                    e.getMessage());
        } finally {
            if (before == null) {
                System.clearProperty(ClContext.STRICT_PROPERTY);
            } else {
                System.setProperty(ClContext.STRICT_PROPERTY, before);
            }
        }
    }
}
