package org.lamina.opencl;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BufferTest {

    @Test
    void dataRoundTripsAndRangesAreChecked() {
        ClContext ctx = OpenClTests.context();
        try (Buffer b = ctx.upload(new float[] {1, 2, 3, 4, 5})) {
            assertArrayEquals(new float[] {1, 2, 3, 4, 5}, ctx.read(b));
            ctx.fill(b, 1, 3, -1f);
            assertArrayEquals(new float[] {1, -1, -1, -1, 5}, ctx.read(b));
            float[] part = new float[2];
            ctx.read(b, 3, part);
            assertArrayEquals(new float[] {-1, 5}, part);
            try (Buffer c = ctx.allocate(5)) {
                ctx.copy(b, 0, c, 0, 5);
                assertArrayEquals(ctx.read(b), ctx.read(c));
            }
            var e = assertThrows(IllegalArgumentException.class, () -> ctx.read(b, 4, new float[2]));
            assertTrue(e.getMessage().contains("outside a buffer of 5 floats"), e.getMessage());
        }
    }

    /**
     * Transfers that do not wait: a write copies its values at once (the caller may reuse the array),
     * reads see exactly the commands queued before them, and many in flight at once neither mix up
     * their values nor leak buffers.
     */
    @Test
    void transfersThatDoNotWaitKeepQueueOrder() {
        ClContext ctx = OpenClTests.context();
        int before = ctx.liveBuffers();
        try (Buffer b = ctx.allocate(1000)) {
            float[] src = new float[1000];
            List<PendingRead> reads = new ArrayList<>();
            for (int round = 0; round < 50; round++) {
                Arrays.fill(src, round);
                ctx.writeLater(b, src);
                Arrays.fill(src, -1); // reused at once: the transfer has its own copy
                ctx.fill(b, 999, 1, round + 0.5f);
                reads.add(ctx.readLater(b, 990, 10));
            }
            for (int round = 0; round < 50; round++) {
                float[] got = reads.get(round).await();
                for (int i = 0; i < 9; i++) {
                    assertEquals(round, got[i], "round " + round + " value " + i);
                }
                assertEquals(round + 0.5f, got[9], "round " + round + " last value");
                assertSame(got, reads.get(round).await(), "a second await returns the same values");
            }
            assertEquals(0, ctx.readLater(b, 0, 0).await().length);
            for (int i = 0; i < 200; i++) {
                ctx.readLater(b, 0, 1000); // abandoned: the context keeps their memory until written
            }
            System.gc();
            ctx.finish();
            assertEquals(49, ctx.read(b)[0]);
            var e = assertThrows(IllegalArgumentException.class, () -> ctx.readLater(b, 995, 10));
            assertTrue(e.getMessage().contains("outside a buffer of 1000 floats"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> ctx.writeLater(b, new float[1001]));
            assertTrue(e.getMessage().contains("outside a buffer of 1000 floats"), e.getMessage());
        }
        // at most as many as before: the collection above may also have freed other tests' buffers
        assertTrue(ctx.liveBuffers() <= before, ctx.liveBuffers() + " live buffers, " + before + " before");
    }

    @Test
    void aReleasedBufferCannotBeUsed() {
        ClContext ctx = OpenClTests.context();
        Buffer b = ctx.allocate(4);
        b.close();
        b.close(); // closing twice is harmless
        assertTrue(b.released());
        assertThrows(IllegalStateException.class, () -> ctx.read(b));
    }

    @Test
    void thousandsOfAllocationsLeakNothing() throws IOException {
        ClContext ctx = OpenClTests.context();
        int before = ctx.liveBuffers();
        long beforeBytes = ctx.liveBytes();
        float[] data = new float[256 * 1024]; // 1 MiB
        // Warm up allocator pools, then measure what 5000 more cycles (5 GiB in all) keep.
        cycle(ctx, data, 200);
        long rssBefore = residentKiB();
        cycle(ctx, data, 5000);
        long grownKiB = residentKiB() - rssBefore;
        assertEquals(before, ctx.liveBuffers(), "live buffers");
        assertEquals(beforeBytes, ctx.liveBytes(), "live bytes");
        assertTrue(grownKiB < 256 * 1024, "resident memory grew by " + grownKiB + " KiB over 5 GiB of cycles");
    }

    @Test
    void closingAContextReleasesWhatItHeld() {
        try (ClContext ctx = ClContext.create(OpenClTests.device())) {
            Buffer a = ctx.allocate(100);
            ctx.allocate(200);
            assertEquals(2, ctx.liveBuffers());
            assertEquals(1200, ctx.liveBytes());
            a.close();
            assertEquals(1, ctx.liveBuffers());
            ctx.close();
            assertEquals(0, ctx.liveBuffers());
            assertThrows(IllegalStateException.class, () -> ctx.allocate(1));
        }
    }

    private static void cycle(ClContext ctx, float[] data, int times) {
        for (int i = 0; i < times; i++) {
            try (Buffer b = ctx.allocate(data.length)) {
                ctx.write(b, data);
            }
        }
    }

    private static long residentKiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }
}
