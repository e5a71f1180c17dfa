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
import org.lamina.opencl.DeviceType;
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
        assertTrue(json.contains("\"format\": 2") && json.contains("\"parameters\"") && json.contains("\"gemm\"")
                && json.contains("\"conv\""), json);
        TuningTable loaded = store.load(device).orElseThrow();
        assertEquals(device.cacheKey(), loaded.tunedOn());
        DeviceDescription description = DeviceDescription.of(device);
        assertEquals(DeviceMatch.exact(description), loaded.device());
        assertEquals(DeviceMatch.Level.EXACT, loaded.device().level());
        assertTrue(loaded.device().matches(description));
        assertEquals(table, loaded);
        // The tuned file is the first of the lookup and its GEMM tiles override the database's.
        TuningLookup lookup = store.lookup(device, TuningDatabase.builtIn());
        assertEquals("tuned file", lookup.first().kind());
        assertEquals(file.toString(), lookup.first().file());
        assertTrue(lookup.describe().contains(file.toString()), lookup.describe());
        GemmKernels.Tuning gemm = lookup.tuning(GemmKernels.Tuning.SPEC);
        assertTrue(candidates.contains(gemm), "gemm " + gemm + " is one of the candidates");
        assertEquals(4, loaded.conv().size(), "one choice per shape class: " + loaded.conv().keySet());
        for (ConvGeometry g : tinyShapes()) {
            ConvChoice c = loaded.conv().get(ConvShapeClass.of(g).key());
            assertNotNull(c, "class " + ConvShapeClass.of(g));
            assertTrue(c.forward().supports(g) && c.backwardData().supports(g) && c.backwardFilter().supports(g),
                    c + " for " + ConvShapeClass.of(g));
        }
        assertTrue(log.stream().anyMatch(l -> l.startsWith("gemm: best")), String.join("\n", log));

        // The same file, added to a database as is, is the exact device's entry there.
        TuningDatabase withIt = TuningDatabase.of(Map.of("generic.json", Files.readString(Path.of(
                getClass().getResource("/org/lamina/opencl/tuning/db/generic.json").toURI())), "mine.json", json));
        TuningLookup fromDatabase = withIt.lookup(description);
        assertEquals("mine.json", fromDatabase.first().file());
        assertEquals(gemm, fromDatabase.tuning(GemmKernels.Tuning.SPEC));

        // Loading the file makes the choices; an edited file makes other ones.
        ConvGeometry g = tinyShapes().get(0);
        String cls = ConvShapeClass.of(g).key();
        ConvSelector tuned = store.lookup(device, TuningDatabase.builtIn()).selector();
        assertEquals(loaded.conv().get(cls).forward(), tuned.forward(g));
        for (ConvAlgorithm a : new ConvAlgorithm[] {ConvAlgorithm.DIRECT, ConvAlgorithm.IM2COL_GEMM,
            ConvAlgorithm.WINOGRAD}) {
            ConvChoice forced = new ConvChoice(a, a, a);
            Files.writeString(file, loaded.with(cls, forced).toJson());
            ConvSelector s = store.lookup(device, TuningDatabase.builtIn()).selector();
            assertEquals(a, s.forward(g));
            assertEquals(a, s.backwardData(g));
            assertEquals(a, s.backwardFilter(g));
        }
        // Without a file: the rules, and the database's GEMM tiles.
        Files.delete(file);
        TuningLookup untuned = store.lookup(device, TuningDatabase.builtIn());
        assertEquals("database entry", untuned.first().kind());
        assertEquals(ConvSelector.rules(device.type()).rule(g).forward(), untuned.selector().forward(g));
        assertEquals(TuningDatabase.builtIn().lookup(description).tuning(GemmKernels.Tuning.SPEC),
                untuned.tuning(GemmKernels.Tuning.SPEC));
    }

    @Test
    void aChoiceThatCannotComputeTheGeometryFallsBackToTheRules() {
        ConvGeometry g = tinyShapes().get(0);
        ConvSelector s = new ConvSelector(DeviceType.CPU,
                Map.of(ConvShapeClass.of(g).key(), ConvChoice.all(ConvAlgorithm.DEPTHWISE)));
        assertEquals(ConvSelector.rules(DeviceType.CPU).rule(g), new ConvChoice(s.forward(g),
                s.backwardData(g), s.backwardFilter(g)));
    }

    @Test
    void badTunedFilesAreNamedWithTheirFieldAndTheDatabaseServes() throws Exception {
        ClContext ctx = OpenClTests.context();
        Device device = ctx.device();
        TuningStore store = TuningStore.at(dir);
        Path file = store.file(device);
        Files.createDirectories(dir);
        String exact = "{\"type\": \"" + DeviceDescription.of(device).typeKey() + "\", \"device\": \""
                + device.name().replace("\"", "\\\"") + "\"}";
        for (String[] bad : new String[][] {{"not json", "not JSON"}, {"{\"format\": 7}", "format 7"},
            {"[1, 2]", "a JSON object is expected"},
            {"{\"format\": 1, \"device\": \"x\"}", "'device' and 'gemm' are required"},
            {"{\"format\": 2, \"device\": " + exact + ", \"parameters\": {\"gemm\": {\"tm\": 0}}}",
                "parameters.gemm"},
            {"{\"format\": 2, \"device\": " + exact + ", \"parameters\": {\"gemm\": {\"tm\": 1.5}}}",
                "parameters.gemm.tm: 1.5 is not an integer"},
            {"{\"format\": 2, \"device\": " + exact + ", \"parameters\": {\"pooling\": {\"oxTiel\": 4}}}",
                "parameters.pooling.oxTiel: unknown parameter"},
            {"{\"format\": 2, \"device\": " + exact + ", \"parameters\": {\"poling\": {\"oxTile\": 4}}}",
                "parameters.poling: unknown kernel family"},
            {"{\"format\": 2, \"device\": " + exact + ", \"conv\": {\"c\": {\"forward\": \"FAST\"}}}",
                "conv.c.forward: 'FAST' is not one of"},
            {"{\"format\": 2, \"device\": {\"tpye\": \"gpu\"}}", "device.tpye: unknown field"},
            {"{\"format\": 2, \"devices\": {}}", "devices: unknown field"}}) {
            Files.writeString(file, bad[0]);
            var e = assertThrows(IllegalArgumentException.class, () -> store.load(device), bad[0]);
            assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains(bad[1]), e.getMessage());
            TuningLookup fallback = store.lookup(device, TuningDatabase.builtIn());
            assertEquals("database entry", fallback.first().kind(), "a bad file is skipped with a warning");
        }
        TuningTable mine = TuningTable.tuned(DeviceDescription.of(device), null,
                GemmKernels.Tuning.SPEC.defaults(device), Map.of());
        Files.writeString(file, mine.toJson().replace(device.cacheKey(), "another device"));
        var e = assertThrows(IllegalArgumentException.class, () -> store.load(device));
        assertTrue(e.getMessage().contains("another device"), e.getMessage());
    }

    @Test
    void aFormat1FileIsStillRead() throws Exception {
        Device device = OpenClTests.device();
        TuningStore store = TuningStore.at(dir);
        Files.createDirectories(dir);
        Files.writeString(store.file(device), "{\"format\": 1, \"device\": \"" + device.cacheKey().replace("\"", "\\\"")
                + "\", \"created\": \"2026-12-06T05:30:00Z\", \"gemm\": {\"tm\": 6, \"tn\": 32, \"vw\": 16, \"ku\": 4,"
                + " \"local\": false, \"wgm\": 1, \"wgn\": 32, \"rowsFastest\": true}, \"conv\": {\"3x3-s1-d1-dense\":"
                + " {\"forward\": \"WINOGRAD\", \"backwardData\": \"DIRECT\", \"backwardFilter\": \"IM2COL_GEMM\"}}}");
        TuningTable t = store.load(device).orElseThrow();
        assertEquals(device.cacheKey(), t.tunedOn());
        assertEquals(device.name(), t.device().device());
        TuningLookup lookup = store.lookup(device, TuningDatabase.builtIn());
        assertEquals(new GemmKernels.Tuning(6, 32, 16, 4, false, 1, 32, true),
                lookup.tuning(GemmKernels.Tuning.SPEC));
        assertEquals(new ConvChoice(ConvAlgorithm.WINOGRAD, ConvAlgorithm.DIRECT, ConvAlgorithm.IM2COL_GEMM),
                lookup.conv().get("3x3-s1-d1-dense"));
        // Written back, it is format 2 and reads the same.
        assertEquals(t, TuningTable.fromJson(t.toJson(), "round trip"));
    }
}
