package org.lamina.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.opencl.Device;
import org.lamina.opencl.OpenClTests;

/** {@code lamina bench --quick}: its table, CSV and chart, and a second run that compiles no kernel. */
class BenchCommandTest {
    /** One workload of each kernel family and the LeNet-5 training step, to keep the Java backend quick. */
    static final String ONLY = "conv3x3_64to64_32x32,dwconv3x3_128ch_32x32,convT4x4_s2_64to32_16to32,"
            + "maxpool3x3_s2_64x32x32,lrn5_64x32x32,batchnorm_64x32x32,gemm_16x1024x1024,dense_400to120,"
            + "train_lenet5_fmnist";
    static final int WORKLOADS = ONLY.split(",").length;
    static final String[] COLUMNS = {"workload", "family", "shape", "pass", "device", "device_name", "median_ms",
        "min_ms", "runs", "gflops", "gbytes_per_s", "peak_pct", "images_per_s", "platform", "vendor", "device_type",
        "driver_version", "opencl_version", "opencl_c_version", "peak_gflops", "peak_basis", "host", "os", "cpu",
        "java", "lamina", "date"};

    @Test
    void theJavaBackendGivesARowPerWorkloadAndPass(@TempDir Path dir) throws IOException {
        CommandLineTest.Run r = CommandLineTest.run("bench", "--quick", "--device", "java", "--only", ONLY,
                "--out", dir.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("estimated peak"), r.out());
        List<String[]> rows = csv(dir);
        assertEquals(2 * WORKLOADS, rows.size());
        checkRows(rows, Set.of("java"), false);
        assertTrue(Files.size(dir.resolve("bench.png")) > 1000);
    }

    @Test
    void openClRowsCarryThePeakAndASecondRunCompilesNothing(@TempDir Path dir) throws IOException {
        Device device = OpenClTests.device();
        Path cache = dir.resolve("kernels");
        String dev = Integer.toString(device.index());
        CommandLineTest.Run first = CommandLineTest.run("bench", "--quick", "--device", dev, "--only", ONLY,
                "--out", dir.resolve("first").toString(), "--kernel-cache", cache.toString());
        assertEquals(0, first.status(), first.out() + first.err());
        int[] built = origins(first.out());
        assertTrue(built[0] > 0 && built[1] == 0, "an empty cache compiles: " + first.out());

        CommandLineTest.Run second = CommandLineTest.run("bench", "--quick", "--device", dev, "--only", ONLY,
                "--out", dir.resolve("second").toString(), "--kernel-cache", cache.toString());
        assertEquals(0, second.status(), second.out() + second.err());
        int[] loaded = origins(second.out());
        assertEquals(0, loaded[0], "the second run compiles no kernel: " + second.out());
        assertEquals(built[0], loaded[1], "it loads every program from the disk cache: " + second.out());

        List<String[]> rows = csv(dir.resolve("second"));
        assertEquals(2 * WORKLOADS, rows.size());
        checkRows(rows, Set.of(dev), true);
        for (String[] row : rows) {
            String what = String.join(",", row);
            assertEquals(List.of(device.platformName(), device.vendor(), device.type().name().toLowerCase(),
                    device.driverVersion(), device.deviceVersion(), device.openClCVersion()),
                    List.of(row[13], row[14], row[15], row[16], row[17], row[18]), what);
            assertEquals(device.peak().gflops().getAsDouble(), Double.parseDouble(row[19]), 1e-3,
                    "the peak estimate used: " + what);
            assertEquals(device.peak().how(), row[20], what);
        }
    }

    @Test
    void joinPutsTheSessionsOfADeviceIntoOneColumn(@TempDir Path dir) throws IOException {
        for (String session : new String[] {"s1", "s2"}) {
            CommandLineTest.Run r = CommandLineTest.run("bench", "--quick", "--device", "java", "--only",
                    "dense_400to120", "--out", dir.resolve(session).toString());
            assertEquals(0, r.status(), r.out() + r.err());
        }
        Path s1 = dir.resolve("s1").resolve("bench.csv"), s2 = dir.resolve("s2").resolve("bench.csv");
        CommandLineTest.Run r = CommandLineTest.run("bench", "--join", s1.toString(), s2.toString(), "--out",
                dir.resolve("joined").toString());
        assertEquals(0, r.status(), r.out() + r.err());
        String device = "\\| D1 \\| host \\(Java[^|]*\\| java \\| Java \\|[^\\n]*\\| 2 \\| [^|\\n]* \\| n/a \\|\\n";
        assertTrue(r.out().matches("(?s).*" + device + ".*"), "one device, two sessions, no peak estimate: " + r.out());
        for (String f : new String[] {"join.md", "join.csv", "join.png"}) {
            assertTrue(Files.size(dir.resolve("joined").resolve(f)) > 100, f);
        }
        List<String> joined = Files.readAllLines(dir.resolve("joined").resolve("join.csv"));
        assertEquals(3, joined.size(), "a header, fwd and fwd+bwd: " + joined);
        List<String[]> a = csv(dir.resolve("s1")), b = csv(dir.resolve("s2"));
        for (int i = 0; i < 2; i++) {
            String[] cells = joined.get(1 + i).split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1);
            double ms1 = Double.parseDouble(a.get(i)[6]), ms2 = Double.parseDouble(b.get(i)[6]);
            assertEquals("2", cells[10], joined.get(1 + i));
            assertEquals((ms1 + ms2) / 2, Double.parseDouble(cells[11]), 1e-3, "the median of two sessions");
            assertEquals(Math.min(ms1, ms2), Double.parseDouble(cells[12]), 1e-4);
            assertEquals(Math.max(ms1, ms2), Double.parseDouble(cells[13]), 1e-4);
        }
    }

    @Test
    void joinNamesTheBadFileInOneLine(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("missing.csv");
        CommandLineTest.Run r = CommandLineTest.run("bench", "--join", missing.toString(), "--out", dir.toString());
        assertEquals(2, r.status());
        assertEquals("lamina: " + missing + ": no such file", r.err().strip());
        Path log = dir.resolve("training.csv");
        Files.writeString(log, "epoch,learning_rate,train_loss\n1,0.01,0.5\n");
        r = CommandLineTest.run("bench", "--join", log.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().strip().startsWith("lamina: " + log + ": not a lamina bench CSV (its header lacks workload"),
                r.err());
        r = CommandLineTest.run("bench", "--join", log.toString(), "--device", "0");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--device and --quick do not apply"), r.err());
    }

    @Test
    void anUnknownWorkloadIsNamed(@TempDir Path dir) {
        CommandLineTest.Run r = CommandLineTest.run("bench", "--quick", "--device", "java", "--only", "nosuch",
                "--out", dir.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--only nosuch matches no workload") && r.err().contains("lrn5_64x32x32"),
                r.err());
    }

    /** The programs compiled from source and loaded from the disk cache, as the command reports them. */
    private static int[] origins(String out) {
        Matcher m = Pattern.compile("(\\d+) programs compiled from source, (\\d+) loaded from the disk cache")
                .matcher(out);
        assertTrue(m.find(), out);
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
    }

    private static List<String[]> csv(Path dir) throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve("bench.csv"));
        assertEquals(String.join(",", COLUMNS), lines.get(0));
        // Commas inside double quotes (the Java backend's name has one) do not separate cells.
        return lines.subList(1, lines.size()).stream().map(l -> l.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1))
                .toList();
    }

    private static void checkRows(List<String[]> rows, Set<String> devices, boolean peakKnown) {
        Set<String> names = new TreeSet<>();
        for (String[] row : rows) {
            String what = String.join(",", row);
            assertEquals(COLUMNS.length, row.length, what);
            names.add(row[0]);
            assertTrue(devices.contains(row[4]), what);
            assertTrue(Set.of("fwd", "fwd+bwd").contains(row[3]), what);
            assertTrue(Double.parseDouble(row[6]) > 0 && Double.parseDouble(row[7]) > 0, what);
            assertTrue(Integer.parseInt(row[8]) >= 3, what);
            assertTrue(Double.parseDouble(row[12]) > 0, what);
            String family = row[1];
            boolean memoryBound = Set.of("max_pool", "lrn", "batch_norm").contains(family);
            boolean arithmetic = Set.of("conv", "conv_transpose", "gemm", "dense", "train").contains(family);
            assertEquals(memoryBound, !row[10].isEmpty(), "GB/s only for memory-bound ops: " + what);
            if (arithmetic) {
                assertTrue(Double.parseDouble(row[9]) > 0, what);
                assertEquals(peakKnown, !row[11].isEmpty(), "% of peak where the device's peak is known: " + what);
            }
        }
        assertEquals(Set.of(ONLY.split(",")), names);
    }
}
