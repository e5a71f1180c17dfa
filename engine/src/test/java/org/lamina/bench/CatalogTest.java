package org.lamina.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lamina.backend.Backend;
import org.lamina.backend.java.JavaBackend;
import org.lamina.registry.Registry;

/** The catalog's shapes are the PyTorch peer script's, and every workload runs. */
class CatalogTest {

    @Test
    void flopCountsMatchThePeerScript() {
        // fwd_gflop of pytorch_bench.py (results-2026-11-23.jsonl), batch 32
        Map<String, Double> peer = Map.of("conv3x3_3to64_32x32", 0.1132, "conv3x3_64to64_32x32", 2.4159,
                "conv3x3_128to128_16x16", 2.4159, "conv3x3_256to256_8x8", 2.4159, "conv3x3_s2_64to128_32x32", 1.208,
                "conv1x1_256to64_16x16", 0.2684, "dwconv3x3_128ch_32x32", 0.0755, "conv3x3_d2_64to64_32x32", 2.4159,
                "convT4x4_s2_64to32_16to32", 0.5369);
        List<Workload> layers = Catalog.layers(Catalog.LAYER_BATCH);
        peer.forEach((name, gflop) -> {
            Workload w = Catalog.find(layers, name);
            assertEquals(gflop, w.forwardFlops() / 1e9, 1e-4, name);
            assertEquals(3 * w.forwardFlops(), w.trainFlops(), 1, name);
            assertFalse(w.memoryBound(), name);
        });
        Workload pool = Catalog.find(layers, "maxpool3x3_s2_64x32x32");
        assertTrue(pool.memoryBound());
        // the peer script's bytes: input and output once (32x64x32x32 in, 32x64x15x15 out), plus our indices
        assertEquals(4.0 * (32 * 64 * 32 * 32 + 2 * 32 * 64 * 15 * 15), pool.forwardBytes());
        assertTrue(Catalog.find(layers, "lrn5_64x32x32").memoryBound());
    }

    @Test
    void everyWorkloadRunsOnTheJavaBackend() {
        Registry registry = new Registry();
        try (Backend b = new JavaBackend()) {
            for (Workload w : Catalog.layers(1)) {
                try (Workload.Instance inst = w.prepare(b, 1)) {
                    inst.forward();
                    inst.forwardBackward();
                }
                assertTrue(w.work(Workload.Pass.FORWARD) > 0, w.name());
                assertTrue(w.work(Workload.Pass.FORWARD_BACKWARD) >= w.work(Workload.Pass.FORWARD), w.name());
            }
            assertEquals(0, b.memory().inUse(), "every workload frees its tensors");
        }
        // no architecture plugin here: the training steps are left out, not failed
        assertTrue(Catalog.training(registry, 64, 32).isEmpty());
    }

    @Test
    void badSettingsAreNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> Catalog.layers(0));
        assertTrue(e.getMessage().contains("batch 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Catalog.find(Catalog.layers(1), "nosuch"));
        assertTrue(e.getMessage().contains("nosuch") && e.getMessage().contains("lrn5_64x32x32"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Timing(1, 0, 0.1, 10));
        assertTrue(e.getMessage().contains("benchmark timing"), e.getMessage());
    }
}
