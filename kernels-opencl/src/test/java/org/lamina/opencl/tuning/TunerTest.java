package org.lamina.opencl.tuning;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.geometry.ConvGeometry;
import org.lamina.geometry.ConvParams;
import org.lamina.opencl.ClContext;
import org.lamina.opencl.Device;
import org.lamina.opencl.OpenClTests;
import org.lamina.opencl.conv.ConvAlgorithm;
import org.lamina.opencl.conv.ConvChoice;
import org.lamina.opencl.conv.ConvSelector;
import org.lamina.opencl.conv.ConvShapeClass;
import org.lamina.opencl.gemm.GemmKernels;

/**
 * A tiny tune on the test device: the file it writes, what it holds, and that loading it (or an
 * edited copy) changes the algorithm choice. Timings decide the winners, so the test asserts what a
 * tune must produce, never which candidate wins.
 */
class TunerTest {
    @TempDir
    Path dir;

    static List<ConvGeometry> tinyShapes() {
        return List.of(
                ConvGeometry.forward("t", new int[] {2, 8, 9, 9}, new int[] {24, 8, 3, 3},
                        ConvParams.defaults().padding(1)),
                ConvGeometry.forward("t", new int[] {2, 16, 6, 6}, new int[] {8, 16, 1, 1}, ConvParams.defaults()),
                ConvGeometry.forward("t", new int[] {2, 6, 8, 8}, new int[] {6, 1, 3, 3},
                        ConvParams.defaults().padding(1).groups(6)),
                ConvGeometry.forward("t", new int[] {2, 4, 12, 12}, new int[] {10, 4, 5, 5},
                        ConvParams.defaults().stride(2).dilation(1)));
    }

    @Test
    void aTinyTuneWritesAFileThatLaterRunsLoad() throws Exception {
        ClContext ctx = OpenClTests.context();
        Device device = ctx.device();
        List<GemmKernels.Tuning> candidates = List.of(new GemmKernels.Tuning(2, 8, 4, 2, false, 1, 16, true),
                new GemmKernels.Tuning(4, 16, 8, 4, false, 1, 32, false));
        List<String> log = new ArrayList<>();
        TuningTable table = new Tuner(ctx, log::add, 1).tune(candidates, tinyShapes());
        TuningStore store = TuningStore.at(dir);
        Path file = store.save(device, table);

        assertEquals(dir.resolve(TuningStore.deviceId(device) + ".json"), file);
        String json = Files.readString(file);
        assertTrue(json.contains("\"format\": 1") && json.contains("\"gemm\"") && json.contains("\"conv\""), json);
        TuningTable loaded = store.load(device).orElseThrow();
        assertEquals(device.cacheKey(), loaded.device());
        assertTrue(candidates.contains(loaded.gemm()), "gemm " + loaded.gemm() + " is one of the candidates");
        assertEquals(table, loaded);
        assertEquals(4, loaded.conv().size(), "one choice per shape class: " + loaded.conv().keySet());
        for (ConvGeometry g : tinyShapes()) {
            ConvChoice c = loaded.conv().get(ConvShapeClass.of(g));
            assertNotNull(c, "class " + ConvShapeClass.of(g));
            assertTrue(c.forward().supports(g) && c.backwardData().supports(g) && c.backwardFilter().supports(g),
                    c + " for " + ConvShapeClass.of(g));
        }
        assertTrue(log.stream().anyMatch(l -> l.startsWith("gemm: best")), String.join("\n", log));

        // Loading the file makes the choices; an edited file makes other ones.
        ConvGeometry g = tinyShapes().get(0);
        String cls = ConvShapeClass.of(g);
        ConvSelector tuned = store.loadOrDefaults(device).selector(device);
        assertEquals(loaded.conv().get(cls).forward(), tuned.forward(g));
        for (ConvAlgorithm a : new ConvAlgorithm[] {ConvAlgorithm.DIRECT, ConvAlgorithm.IM2COL_GEMM,
            ConvAlgorithm.WINOGRAD}) {
            ConvChoice forced = new ConvChoice(a, a, a);
            Files.writeString(file, loaded.with(cls, forced).toJson());
            ConvSelector s = store.loadOrDefaults(device).selector(device);
            assertEquals(a, s.forward(g));
            assertEquals(a, s.backwardData(g));
            assertEquals(a, s.backwardFilter(g));
        }
        // Without a file: the rules.
        Files.delete(file);
        assertEquals(ConvSelector.rules(device.type()).rule(g).forward(), store.loadOrDefaults(device).selector(device)
                .forward(g));
        assertEquals(GemmKernels.Tuning.defaults(device), store.loadOrDefaults(device).gemm());
    }

    @Test
    void aChoiceThatCannotComputeTheGeometryFallsBackToTheRules() {
        ConvGeometry g = tinyShapes().get(0);
        ConvSelector s = new ConvSelector(org.lamina.opencl.DeviceType.CPU,
                Map.of(ConvShapeClass.of(g), ConvChoice.all(ConvAlgorithm.DEPTHWISE)));
        assertEquals(ConvSelector.rules(org.lamina.opencl.DeviceType.CPU).rule(g), new ConvChoice(s.forward(g),
                s.backwardData(g), s.backwardFilter(g)));
    }

    @Test
    void badFilesAreNamedAndLoadOrDefaultsFallsBack() throws Exception {
        ClContext ctx = OpenClTests.context();
        Device device = ctx.device();
        TuningStore store = TuningStore.at(dir);
        Path file = store.file(device);
        Files.createDirectories(dir);
        for (String[] bad : new String[][] {{"not json", "not a valid tuning table"}, {"{\"format\": 7}", "format 7"},
            {"{\"format\": 1, \"device\": \"x\"}", "'device' and 'gemm' are required"},
            {"{\"format\": 1, \"device\": \"x\", \"gemm\": {\"tm\": 0, \"tn\": 8, \"vw\": 8, \"ku\": 1, \"wgm\": 1,"
                    + " \"wgn\": 8}}", "tm 0"}}) {
            Files.writeString(file, bad[0]);
            var e = assertThrows(IllegalArgumentException.class, () -> store.load(device));
            assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains(bad[1]), e.getMessage());
            assertEquals(TuningTable.defaults(device), store.loadOrDefaults(device));
        }
        Files.writeString(file, TuningTable.defaults(device).toJson().replace(device.cacheKey(), "another device"));
        var e = assertThrows(IllegalArgumentException.class, () -> store.load(device));
        assertTrue(e.getMessage().contains("another device"), e.getMessage());
    }
}
