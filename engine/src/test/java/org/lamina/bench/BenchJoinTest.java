package org.lamina.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench.csv} files written by the real writer for made-up devices and times, joined: medians
 * and ranges over sessions, rates in each op's unit, speed relative to the first device, the
 * legend, and a clear error naming the file for each kind of bad input.
 */
class BenchJoinTest {
    static final Workload.Setup NOT_RUN = (b, seed) -> {
        throw new AssertionError("a joined report runs nothing");
    };
    /** 2 GFLOP forward, 6 GFLOP forward and backward. */
    static final Workload CONV = new Workload("conv_a", "conv", "2x3x8x8 k3", 2e9, 6e9, 1e6, 3e6, false, 2, NOT_RUN);
    /** Memory-bound: 4 MB forward, 12 MB forward and backward. */
    static final Workload POOL = new Workload("pool_a", "max_pool", "2x3x8x8", 1e6, 3e6, 4e6, 12e6, true, 2,
            NOT_RUN);
    static final Workload DENSE = new Workload("dense_a", "dense", "4x10 -> 5", 1e9, 3e9, 1e3, 3e3, false, 4, NOT_RUN);

    static final DeviceInfo GPU = new DeviceInfo("0", "NVIDIA H100 80GB HBM3", "NVIDIA CUDA", "NVIDIA Corporation",
            "gpu", "550.54.15", "OpenCL 3.0 CUDA", "OpenCL C 1.2 ", OptionalDouble.of(1000), "made up: 1000");
    static final DeviceInfo CPU = new DeviceInfo("1", "pthread, AMD EPYC", "Portable Computing Language",
            "AuthenticAMD", "cpu", "3.1+debian", "OpenCL 3.0 PoCL", "OpenCL C 1.2 PoCL", OptionalDouble.empty(),
            "made up: unknown lanes");
    static final HostInfo GPU_HOST = new HostInfo("gpu-box", "Ubuntu 22.04", "Intel Xeon x16", "17", "0.1.0+abc",
            "2026-12-07T10:00:00Z");
    static final HostInfo CPU_HOST = new HostInfo("cpu-box", "Debian 12", "AMD EPYC x2", "17", "0.1.0+abc",
            "2026-12-07T11:00:00Z");

    static Measurement row(Workload w, Workload.Pass pass, DeviceInfo d, HostInfo h, double ms) {
        return new Measurement(w, pass, d, h, new Timing.Result(ms, ms * 0.9, 10));
    }

    static Path write(Path dir, String name, Measurement... rows) throws IOException {
        Path file = dir.resolve(name);
        BenchReport.writeCsv(file, List.of(rows));
        return file;
    }

    static HostInfo session(HostInfo h, String date) {
        return new HostInfo(h.host(), h.os(), h.cpu(), h.java(), h.lamina(), date);
    }

    @Test
    void sessionsOfOneDeviceBecomeMediansWithRangesBesideTheOtherDevice(@TempDir Path dir) throws IOException {
        Workload.Pass fwd = Workload.Pass.FORWARD, both = Workload.Pass.FORWARD_BACKWARD;
        Path a = write(dir, "a.csv", row(CONV, fwd, GPU, GPU_HOST, 2), row(POOL, fwd, GPU, GPU_HOST, 1),
                row(CONV, both, GPU, GPU_HOST, 10));
        Path b = write(dir, "b.csv", row(CONV, fwd, GPU, session(GPU_HOST, "2026-12-07T12:00:00Z"), 4));
        Path c = write(dir, "c.csv", row(CONV, fwd, GPU, session(GPU_HOST, "2026-12-07T13:00:00Z"), 3));
        Path d = write(dir, "d.csv", row(CONV, fwd, CPU, CPU_HOST, 12), row(POOL, fwd, CPU, CPU_HOST, 8),
                row(DENSE, fwd, CPU, CPU_HOST, 5));

        BenchJoin j = BenchJoin.of(List.of(a, b, c, d), List.of());

        assertEquals(2, j.columns().size());
        BenchJoin.Column gpu = j.columns().get(0), cpu = j.columns().get(1);
        assertEquals(List.of("D1", "NVIDIA H100 80GB HBM3", "gpu-box", List.of(a, b, c)),
                List.of(gpu.label(), gpu.name(), gpu.host(), gpu.files()));
        assertEquals(List.of("D2", "pthread, AMD EPYC", "cpu-box", List.of(d)),
                List.of(cpu.label(), cpu.name(), cpu.host(), cpu.files()));
        assertEquals(1000, gpu.peakGflops().getAsDouble(), 1e-9);
        assertTrue(cpu.peakGflops().isEmpty());
        assertEquals(List.of("2026-12-07T10:00:00Z", "2026-12-07T12:00:00Z", "2026-12-07T13:00:00Z"), gpu.dates());

        assertEquals(List.of("conv_a|fwd|GFLOP/s", "pool_a|fwd|GB/s", "conv_a|fwd+bwd|GFLOP/s", "dense_a|fwd|GFLOP/s"),
                j.lines().stream().map(l -> l.workload() + "|" + l.pass() + "|" + l.unit()).toList());

        BenchJoin.Line conv = j.lines().get(0);
        BenchJoin.Cell g = conv.cells().get(0).orElseThrow();
        assertEquals(3, g.sessions());
        assertEquals(3.0, g.medianMs(), 1e-4);
        assertEquals(2.0, g.minMs(), 1e-4);
        assertEquals(4.0, g.maxMs(), 1e-4);
        // the rates of the sessions: 2 GFLOP in 2, 3 and 4 ms
        assertEquals(2e9 / 3e-3 / 1e9, g.rate().getAsDouble(), 1e-2);
        assertEquals(1.0, g.speedup().getAsDouble(), 1e-12);
        BenchJoin.Cell p = conv.cells().get(1).orElseThrow();
        assertEquals(1, p.sessions());
        assertEquals(12.0, p.medianMs(), 1e-4);
        assertEquals(2e9 / 12e-3 / 1e9, p.rate().getAsDouble(), 1e-2);
        assertEquals(3.0 / 12, p.speedup().getAsDouble(), 1e-4);

        BenchJoin.Line pool = j.lines().get(1);
        assertEquals(4.0, pool.cells().get(0).orElseThrow().rate().getAsDouble(), 1e-3, "4 MB in 1 ms");
        assertEquals(0.5, pool.cells().get(1).orElseThrow().rate().getAsDouble(), 1e-3, "4 MB in 8 ms");
        assertEquals(1.0 / 8, pool.cells().get(1).orElseThrow().speedup().getAsDouble(), 1e-4);

        BenchJoin.Line trainOnlyOnGpu = j.lines().get(2);
        assertTrue(trainOnlyOnGpu.cells().get(1).isEmpty());
        BenchJoin.Line denseOnlyOnCpu = j.lines().get(3);
        assertTrue(denseOnlyOnCpu.cells().get(0).isEmpty());
        assertTrue(denseOnlyOnCpu.cells().get(1).orElseThrow().speedup().isEmpty(), "no D1 time to compare with");

        String md = j.markdown();
        assertTrue(md.contains("| op | pass | unit | D1 ms | D1 rate | D1 %peak | D2 ms | D2 rate | D2 %peak"
                + " | D2 x D1 |"), md);
        // D1: 667 GFLOP/s of a 1000 GFLOP/s peak; D2 has no estimate
        assertTrue(md.contains("| conv_a | fwd | GFLOP/s | **3.000** (2.000-4.000) | 667 | 66.7 | 12.00 | 167 | n/a"
                + " | 0.25 |"), md);
        assertTrue(md.contains("| pool_a | fwd | GB/s | **1.000** | 4.00 | - | 8.000 | 0.50 | - | 0.13 |"), md);
        assertTrue(md.contains("| dense_a | fwd | GFLOP/s | - | - | - | **5.000** | 200 | n/a | - |"), md);
        assertTrue(md.contains("\n- D1 peak: 1000 GFLOP/s = made up: 1000\n- D2 peak: n/a, made up: unknown lanes\n"),
                md);
        assertTrue(md.matches("(?s).*\\| D1 \\| NVIDIA H100 80GB HBM3 \\| gpu \\| NVIDIA CUDA \\| 550\\.54\\.15 \\| "
                + "OpenCL 3\\.0 CUDA \\| gpu-box \\| Intel Xeon x16 \\| 3 \\| 2026-12-07T10:00:00Z \\.\\. "
                + "2026-12-07T13:00:00Z \\| 1000 \\|.*"), md);
        assertTrue(md.contains("| D2 | pthread, AMD EPYC | cpu | Portable Computing Language |"), md);
        assertTrue(md.matches("(?s).*\\| D2 [^\\n]*\\| 1 \\| 2026-12-07T11:00:00Z \\| n/a \\|\\n.*"),
                "the peak that cannot be estimated: " + md);

        Path out = dir.resolve("out");
        Files.createDirectories(out);
        j.writeCsv(out.resolve("join.csv"));
        List<BenchCsv.Row> joined = BenchCsv.read(out.resolve("join.csv"), List.of("workload", "device", "median_ms"));
        assertEquals(6, joined.size(), "a row per workload, pass and device that ran it");
        BenchCsv.Row first = joined.get(0);
        assertEquals(List.of("conv_a", "D1", "3", "3.0000", "2.0000", "4.0000"), List.of(first.get("workload"),
                first.get("device"), first.get("sessions"), first.get("median_ms"), first.get("min_ms"),
                first.get("max_ms")));
        assertEquals("pthread, AMD EPYC", joined.get(1).get("device_name"));
        assertEquals("0.2500", joined.get(1).get("speedup_vs_d1"));
        assertEquals("66.6667", first.get("peak_pct"));
        assertEquals("", joined.get(1).get("peak_pct"), "no estimate for D2");
        j.writeChart(out.resolve("join.png"));
        assertTrue(Files.size(out.resolve("join.png")) > 1000);
    }

    @Test
    void twoCardsOfOneModelInOneMachineAreTwoDevices(@TempDir Path dir) throws IOException {
        DeviceInfo second = new DeviceInfo("1", GPU.name(), GPU.platform(), GPU.vendor(), GPU.type(),
                GPU.driverVersion(), GPU.openClVersion(), GPU.openClCVersion(), GPU.peakGflops(), GPU.peakBasis());
        Path a = write(dir, "bench.csv", row(CONV, Workload.Pass.FORWARD, GPU, GPU_HOST, 2),
                row(CONV, Workload.Pass.FORWARD, second, GPU_HOST, 4));
        BenchJoin j = BenchJoin.of(List.of(dir), List.of());
        assertEquals(2, j.columns().size(), "a folder stands for its bench.csv");
        assertEquals(List.of(a), j.columns().get(0).files());
        assertEquals(0.5, j.lines().get(0).cells().get(1).orElseThrow().speedup().getAsDouble(), 1e-4);
        assertEquals(1, j.lines().get(0).cells().get(0).orElseThrow().sessions());
    }

    @Test
    void onlyKeepsTheNamedWorkloadsOrFamilies(@TempDir Path dir) throws IOException {
        Path a = write(dir, "a.csv", row(CONV, Workload.Pass.FORWARD, GPU, GPU_HOST, 2),
                row(POOL, Workload.Pass.FORWARD, GPU, GPU_HOST, 1));
        assertEquals(List.of("pool_a"), BenchJoin.of(List.of(a), List.of("max_pool")).lines().stream()
                .map(BenchJoin.Line::workload).toList());
        assertEquals(List.of("conv_a"), BenchJoin.of(List.of(a), List.of("conv_a")).lines().stream()
                .map(BenchJoin.Line::workload).toList());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BenchJoin.of(List.of(a), List.of("nosuch")));
        assertTrue(e.getMessage().startsWith("--only nosuch matches no row of " + a), e.getMessage());
    }

    @Test
    void theWriterRecordsTheDeviceTheHostAndThePeakOnEveryRow(@TempDir Path dir) throws IOException {
        HostInfo here = HostInfo.current();
        Path a = write(dir, "a.csv", row(CONV, Workload.Pass.FORWARD, CPU, here, 4),
                row(CONV, Workload.Pass.FORWARD, GPU, here, 2), row(POOL, Workload.Pass.FORWARD, GPU, here, 1));
        List<String> lines = Files.readAllLines(a);
        assertEquals(Measurement.CSV_HEADER, lines.get(0));
        assertTrue(lines.get(0).startsWith("workload,family,shape,pass,device,device_name,median_ms,min_ms,runs,"
                + "gflops,gbytes_per_s,peak_pct,images_per_s,"), "the first version's columns come first");
        List<BenchCsv.Row> rows = BenchCsv.read(a, List.of());
        for (BenchCsv.Row r : rows) {
            assertEquals(Measurement.CSV_HEADER.split(",").length, r.cells().size());
            for (String column : List.of("host", "os", "cpu", "java", "lamina", "date")) {
                assertFalse(r.get(column).isBlank(), column + " of " + r.cells());
            }
            assertTrue(r.get("lamina").startsWith(HostInfo.VERSION), r.get("lamina"));
        }
        BenchCsv.Row cpu = rows.get(0), gpu = rows.get(1), pool = rows.get(2);
        assertEquals(Map.of("device", "1", "device_name", "pthread, AMD EPYC", "platform",
                "Portable Computing Language", "vendor", "AuthenticAMD", "device_type", "cpu", "driver_version",
                "3.1+debian", "opencl_version",
                "OpenCL 3.0 PoCL", "opencl_c_version", "OpenCL C 1.2 PoCL"), pick(cpu, "device", "device_name",
                "platform", "vendor", "device_type", "driver_version", "opencl_version", "opencl_c_version"));
        assertEquals("", cpu.get("peak_gflops"), "no estimate: an empty cell");
        assertEquals("made up: unknown lanes", cpu.get("peak_basis"), "and why");
        assertEquals("made up: 1000", gpu.get("peak_basis"));
        assertEquals("", cpu.get("peak_pct"));
        assertEquals("1000.0000", gpu.get("peak_gflops"));
        assertEquals("100.0000", gpu.get("peak_pct"), "2 GFLOP in 2 ms of a 1000 GFLOP/s peak");
        assertEquals("", pool.get("peak_pct"), "no % of peak for a memory-bound op");
        assertEquals("4.0000", pool.get("gbytes_per_s"));
    }

    @Test
    void theTableSaysNaWhereThePeakCannotBeEstimated() {
        String t = BenchReport.table(List.of(row(CONV, Workload.Pass.FORWARD, CPU, CPU_HOST, 4),
                row(POOL, Workload.Pass.FORWARD, CPU, CPU_HOST, 4),
                row(CONV, Workload.Pass.FORWARD, GPU, GPU_HOST, 4)));
        List<String> lines = t.lines().toList();
        assertTrue(lines.get(1).matches("conv_a .* 500 +- +n/a +500"), lines.get(1));
        assertTrue(lines.get(2).matches("pool_a .* - +500"), "memory-bound: no % of peak at all: " + lines.get(2));
        assertTrue(lines.get(3).matches("conv_a .* 500 +- +50\\.00 +500"), lines.get(3));
        assertTrue(t.contains("n/a where it cannot be estimated"), t);
        assertTrue(t.contains("  peak of 1: n/a, made up: unknown lanes\n"), t);
        assertTrue(t.contains("  peak of 0: 1000 GFLOP/s = made up: 1000\n"), t);
    }

    @Test
    void aCsvOfTheFirstVersionIsKeyedByDeviceName(@TempDir Path dir) throws IOException {
        Path old = dir.resolve("old.csv");
        Files.writeString(old, "workload,family,shape,pass,device,device_name,median_ms,min_ms,runs,gflops,"
                + "gbytes_per_s,peak_pct,images_per_s\n"
                + "conv_a,conv,2x3x8x8 k3,fwd,0,\"pthread, AMD EPYC\",6.0000,5.0000,10,333.3333,,,333.3\n");
        Path now = write(dir, "now.csv", row(CONV, Workload.Pass.FORWARD, GPU, GPU_HOST, 2));
        BenchJoin j = BenchJoin.of(List.of(now, old), List.of());
        assertEquals("pthread, AMD EPYC", j.columns().get(1).name());
        assertEquals("", j.columns().get(1).host());
        assertEquals(1.0 / 3, j.lines().get(0).cells().get(1).orElseThrow().speedup().getAsDouble(), 1e-9);
        assertTrue(j.markdown().contains("| D2 | pthread, AMD EPYC | ? | ? | ? | ? | ? | ? | 1 | ? | n/a |"),
                j.markdown());
    }

    @Test
    void badInputIsOneMessageNamingTheFile(@TempDir Path dir) throws IOException {
        Path good = write(dir, "good.csv", row(CONV, Workload.Pass.FORWARD, GPU, GPU_HOST, 2));
        Path missing = dir.resolve("missing.csv");
        assertJoinFails(List.of(good, missing), missing + ": no such file");

        Path other = dir.resolve("other.csv");
        Files.writeString(other, "epoch,loss\n1,0.5\n");
        assertJoinFails(List.of(good, other), other + ": not a lamina bench CSV (its header lacks workload, pass,"
                + " device, device_name, median_ms: 'epoch,loss')");

        Path empty = dir.resolve("empty.csv");
        Files.writeString(empty, "");
        assertJoinFails(List.of(empty), empty + ": not a lamina bench CSV (it is empty)");

        Path headerOnly = dir.resolve("header.csv");
        Files.writeString(headerOnly, Measurement.CSV_HEADER + "\n");
        assertJoinFails(List.of(good, headerOnly), headerOnly + ": no benchmark rows (only a header)");

        List<String> lines = new ArrayList<>(Files.readAllLines(good));
        Path shortRow = dir.resolve("short.csv");
        Files.writeString(shortRow, lines.get(0) + "\n" + lines.get(1).substring(0, lines.get(1).lastIndexOf(','))
                + "\n");
        assertJoinFails(List.of(shortRow), shortRow + " line 2: " + (Measurement.CSV_HEADER.split(",").length - 1)
                + " cells where the header has " + Measurement.CSV_HEADER.split(",").length);

        Path badNumber = dir.resolve("bad.csv");
        Files.writeString(badNumber, lines.get(0) + "\n" + lines.get(1).replace(",2.0000,", ",fast,") + "\n");
        assertJoinFails(List.of(badNumber), badNumber + " line 2: median_ms 'fast' is not a non-negative number");

        Path png = dir.resolve("chart.png");
        Files.write(png, new byte[] {(byte) 0x89, 'P', 'N', 'G', (byte) 0xff, (byte) 0xfe, 0, 1});
        assertJoinFails(List.of(png), png + ": not a lamina bench CSV (not UTF-8 text)");

        Path disjoint = write(dir, "disjoint.csv", row(POOL, Workload.Pass.FORWARD, CPU, CPU_HOST, 1));
        assertJoinFails(List.of(good, disjoint), disjoint + ": no benchmark row in common with " + good
                + " (device 'pthread, AMD EPYC' ran none of the workloads of 'NVIDIA H100 80GB HBM3')");
        assertJoinFails(List.of(), "--join needs at least one bench.csv");
    }

    private static void assertJoinFails(List<Path> files, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchJoin.of(files,
                List.of()));
        assertEquals(message, e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    private static Map<String, String> pick(BenchCsv.Row r, String... columns) {
        Map<String, String> m = new HashMap<>();
        for (String c : columns) {
            m.put(c, r.get(c));
        }
        return m;
    }
}
