package org.lamina.opencl;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What Lamina reads from disk is checked before an OpenCL driver sees it (issue 16): a damaged kernel
 * cache entry is rebuilt with one warning naming it, a damaged prebuilt binary is an error naming it,
 * and a run that died inside the driver is explained by the next one. The steps that can abort the
 * process run in a JVM of their own ({@link ProgramCacheMain}).
 */
class ProgramCacheTest {
    private static final float[] INPUT = {1, -2, 0.5f};
    private static final float[] EXPECTED = {7, -14, 3.5f};
    /** Kept strongly, so java.util.logging does not forget the handlers. */
    private final List<Logger> loggers = List.of(Logger.getLogger(ProgramCache.class.getName()),
            Logger.getLogger(StepMarker.class.getName()));
    private final List<String> logged = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            synchronized (logged) {
                logged.add(r.getLevel() + " " + r.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        loggers.forEach(l -> l.addHandler(capture));
    }

    @AfterEach
    void stopListening() {
        loggers.forEach(l -> l.removeHandler(capture));
    }

    @Test
    void aTruncatedCachedBinaryIsRebuiltInsteadOfAbortingTheDriver(@TempDir Path cache) throws Exception {
        Map<String, String> first = child("build", cache);
        assertEquals("SOURCE", first.get("origin"), first.toString());
        Path entry = onlyEntry(cache);
        byte[] whole = Files.readAllBytes(entry);
        Files.write(entry, Arrays.copyOf(whole, whole.length / 2));

        // Before the check, pocl asserted here (pocl_binary_deserialize, rc 134).
        Map<String, String> second = child("build", cache);
        assertEquals("SOURCE", second.get("origin"), second.toString());
        assertEquals(Arrays.toString(EXPECTED), second.get("result"), second.toString());
        String out = second.get("output");
        assertEquals(1, count(out, "is damaged"), out);
        assertTrue(out.contains("kernel cache: " + entry + " is damaged (truncated ("), out);
        assertArrayEquals(CheckedBinary.decode(whole), CheckedBinary.decode(Files.readAllBytes(entry)),
                "the entry was rewritten whole");
        assertEquals("DISK_CACHE", child("build", cache).get("origin"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"empty", "half", "header only", "garbled", "longer", "no header"})
    void aDamagedEntryIsDeletedAndRebuiltWithOneWarning(String damage, @TempDir Path cache) throws Exception {
        ClContext.Options opts = ClContext.Options.defaults().cache(ProgramCache.at(cache));
        try (ClContext ctx = ClContext.create(OpenClTests.device(), opts)) {
            assertEquals(Program.Origin.SOURCE, ctx.program(ProgramTest.SCALE, Map.of("FACTOR", 7)).origin());
        }
        Path entry = onlyEntry(cache);
        byte[] good = Files.readAllBytes(entry);
        byte[] raw = CheckedBinary.decode(good);
        byte[] bad = switch (damage) {
            case "empty" -> new byte[0];
            case "half" -> Arrays.copyOf(good, good.length / 2);
            case "header only" -> Arrays.copyOf(good, CheckedBinary.HEADER_BYTES);
            case "garbled" -> {
                byte[] g = good.clone();
                g[CheckedBinary.HEADER_BYTES + raw.length / 2] ^= 0x5a;
                yield g;
            }
            case "longer" -> Arrays.copyOf(good, good.length + 100);
            case "no header" -> raw;
            default -> throw new IllegalArgumentException(damage);
        };
        Files.write(entry, bad);
        try (ClContext ctx = ClContext.create(OpenClTests.device(), opts)) {
            Program p = ctx.program(ProgramTest.SCALE, Map.of("FACTOR", 7));
            assertEquals(Program.Origin.SOURCE, p.origin(), damage);
            assertArrayEquals(EXPECTED, ProgramTest.run(ctx, p, INPUT));
        }
        List<String> warnings = logged.stream().filter(l -> l.contains(entry.toString())).toList();
        assertEquals(1, warnings.size(), logged.toString());
        assertTrue(warnings.get(0).startsWith("WARNING kernel cache: " + entry + " is damaged ("), warnings.get(0));
        assertArrayEquals(raw, CheckedBinary.decode(Files.readAllBytes(entry)), "rebuilt and stored whole");
    }

    @Test
    void entriesOfTheOlderFormatAreDeletedWithOneLinePerFolder(@TempDir Path cache) throws Exception {
        Path old1 = cache.resolve("scale-0123456789abcdef0123456789abcdef.bin");
        Path old2 = cache.resolve("gemm-fedcba9876543210fedcba9876543210.bin");
        Path other = cache.resolve("notes.bin");
        Files.write(old1, new byte[] {1, 2, 3});
        Files.write(old2, new byte[] {4});
        Files.write(other, new byte[] {5});
        try (ClContext ctx = ClContext.create(OpenClTests.device(),
                ClContext.Options.defaults().cache(ProgramCache.at(cache)))) {
            ctx.program(ProgramTest.SCALE, Map.of("FACTOR", 7));
            ctx.program(ProgramTest.SCALE, Map.of("FACTOR", 8));
        }
        assertFalse(Files.exists(old1));
        assertFalse(Files.exists(old2));
        assertTrue(Files.exists(other), "only names of the cache's form are deleted");
        List<String> lines = logged.stream().filter(l -> l.contains("older format")).toList();
        assertEquals(List.of("INFO kernel cache: deleted 2 binaries of the older format without checksum from " + cache
                + "; they are rebuilt once"), lines);
    }

    @Test
    void temporaryFilesOfKilledWritesAreDeletedOnceAnHourOld(@TempDir Path cache) throws Exception {
        Path killed = cache.resolve(".scale-0123456789abcdef0123456789abcdef.clbin8812934712.tmp");
        Path inProgress = cache.resolve(".gemm-fedcba9876543210fedcba9876543210.clbin42.tmp");
        Path other = cache.resolve(".notes.tmp");
        for (Path f : List.of(killed, inProgress, other)) {
            Files.write(f, new byte[] {1, 2});
        }
        FileTime twoHoursAgo = FileTime.fromMillis(
                System.currentTimeMillis() - 2 * ProgramCache.TEMP_AGE_MS);
        Files.setLastModifiedTime(killed, twoHoursAgo);
        Files.setLastModifiedTime(other, twoHoursAgo);
        try (ClContext ctx = ClContext.create(OpenClTests.device(),
                ClContext.Options.defaults().cache(ProgramCache.at(cache)))) {
            ctx.program(ProgramTest.SCALE, Map.of("FACTOR", 7));
        }
        assertFalse(Files.exists(killed), "an hour-old temporary file of the cache is gone");
        assertTrue(Files.exists(inProgress), "a recent one may be another process's write in progress");
        assertTrue(Files.exists(other), "only names of the cache's form are deleted");
    }

    @Test
    void aCacheThatCannotBeWrittenIsReportedOncePerFolder(@TempDir Path dir) throws Exception {
        // A file where the folder should be: unwritable even for root, unlike a chmod.
        Files.writeString(dir.resolve("file"), "x");
        Path cache = dir.resolve("file").resolve("kernels");
        for (int round = 0; round < 2; round++) {
            try (ClContext ctx = ClContext.create(OpenClTests.device(),
                    ClContext.Options.defaults().cache(ProgramCache.at(cache)))) {
                for (int f = 2; f < 6; f++) {
                    assertEquals(Program.Origin.SOURCE, ctx.program(ProgramTest.SCALE, Map.of("FACTOR", f)).origin());
                }
            }
        }
        List<String> lines = logged.stream().filter(l -> l.contains("cannot write the kernel cache")).toList();
        assertEquals(1, lines.size(), logged.toString());
        assertTrue(lines.get(0).startsWith("WARNING cannot write the kernel cache in " + cache + " ("), lines.get(0));
        assertTrue(lines.get(0).contains(ProgramCache.ENVIRONMENT_VARIABLE), lines.get(0));
    }

    @Test
    void aRunThatDiedInsideTheDriverIsExplainedByTheNextRun(@TempDir Path cache) throws Exception {
        assertEquals("SOURCE", child("build", cache).get("origin"));
        Path entry = onlyEntry(cache);
        Map<String, String> crashed = child("crash", cache);
        List<Path> markers = markers(cache);
        if (crashed.containsKey("rejected")) {
            // A driver that rejects the bytes cleanly: the step is over and its marker gone.
            assertEquals(List.of(), markers, crashed.toString());
            return;
        }
        assertNotEquals("0", crashed.get("rc"), "pocl aborts on half a binary: " + crashed);
        assertEquals(1, markers.size(), crashed.toString());
        assertTrue(Files.exists(entry));

        Map<String, String> next = child("build", cache);
        String out = next.get("output");
        assertEquals(1, count(out, "died inside"), out);
        assertTrue(out.contains("an earlier run (pid " + crashed.get("pid") + ") died inside the OpenCL driver while loading "
                + "the cached binary " + entry + " of test/scale.cl [-DFACTOR=7] for #"), out);
        assertTrue(out.contains("its kernel cache entry " + entry + " was deleted and is rebuilt from source"), out);
        assertEquals("SOURCE", next.get("origin"), "the entry the dead run was loading was evicted");
        assertEquals(Arrays.toString(EXPECTED), next.get("result"));
        assertEquals(List.of(), markers(cache));
        assertEquals(0, count(child("build", cache).get("output"), "died inside"), "reported once");
    }

    @Test
    void markersOfLiveProcessesAreLeftAloneAndStaleOnesReportedOnce(@TempDir Path cache) throws Exception {
        Process gone = new ProcessBuilder("true").start();
        assertTrue(gone.waitFor(30, TimeUnit.SECONDS));
        long deadPid = gone.pid();
        Path stale = cache.resolve(StepMarker.PREFIX + deadPid + "-1" + StepMarker.SUFFIX);
        Files.writeString(stale, "pid=" + deadPid + "\nstarted=\nstep=building x.cl for a device\nentry=\n");
        try (StepMarker unused = StepMarker.begin(cache, "loading y.cl", "y-0123")) {
            Path liveFile = markers(cache).stream().filter(m -> !m.equals(stale)).findFirst().orElseThrow();
            // Not yet checked in this process for this folder (a fresh @TempDir).
            List<StepMarker.Stale> found = StepMarker.findStale(cache);
            assertEquals(1, found.size(), found.toString());
            assertEquals(deadPid, found.get(0).pid());
            assertNull(found.get(0).entry());
            List<String> evicted = new ArrayList<>();
            StepMarker.reportStale(cache, evicted::add);
            StepMarker.reportStale(cache, evicted::add);
            assertEquals(List.of(), evicted);
            assertFalse(Files.exists(stale));
            assertTrue(Files.exists(liveFile), "a live process's marker stays");
            assertEquals(List.of("WARNING an earlier run (pid " + deadPid + ") died inside the OpenCL driver while "
                    + "building x.cl for a device"), logged);
        }
        assertEquals(List.of(), markers(cache), "a finished step leaves no marker");
    }

    @Test
    void aRunThatDiedProbingTheDevicesIsExplainedAndANormalProbeLeavesNoMarker(@TempDir Path cache)
            throws Exception {
        Process gone = new ProcessBuilder("true").start();
        assertTrue(gone.waitFor(30, TimeUnit.SECONDS));
        Files.writeString(cache.resolve(StepMarker.PREFIX + gone.pid() + "-1" + StepMarker.SUFFIX), "pid=" + gone.pid()
                + "\nstarted=\nstep=probing the devices of the OpenCL platform Some Vendor's\nentry=\n");
        Map<String, String> out = child(DefaultDeviceMain.class, cache);
        assertEquals(1, count(out.get("output"), "died inside"), out.get("output"));
        assertTrue(out.get("output").contains("an earlier run (pid " + gone.pid() + ") died inside the OpenCL driver while "
                + "probing the devices of the OpenCL platform Some Vendor's"), out.get("output"));
        assertNotEquals("none", out.get("default"), out.toString());
        assertEquals(List.of(), markers(cache), "the probe's own markers are gone");
    }

    @Test
    void aMarkerCannotEvictOutsideTheCacheFolder(@TempDir Path cache) throws Exception {
        Files.writeString(cache.resolve(StepMarker.PREFIX + "999999999-1" + StepMarker.SUFFIX),
                "pid=999999999\nstarted=\nstep=s\nentry=../../etc/passwd\n");
        List<StepMarker.Stale> found = StepMarker.findStale(cache);
        assertEquals(1, found.size());
        assertNull(found.get(0).entry());
    }

    private static Path onlyEntry(Path cache) throws IOException {
        try (Stream<Path> files = Files.list(cache)) {
            List<Path> entries = files.filter(f -> f.toString().endsWith(ProgramCache.SUFFIX)).toList();
            assertEquals(1, entries.size(), entries.toString());
            return entries.get(0);
        }
    }

    private static List<Path> markers(Path cache) throws IOException {
        try (Stream<Path> files = Files.list(cache)) {
            return files.filter(f -> f.getFileName().toString().startsWith(StepMarker.PREFIX)).toList();
        }
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    /** Runs {@link ProgramCacheMain} in its own JVM; its {@code key=value} lines, its output and its rc. */
    static Map<String, String> child(String mode, Path cache) throws IOException, InterruptedException {
        return child(ProgramCacheMain.class, cache, mode, cache.toString());
    }

    static Map<String, String> child(Class<?> main, Path cache, String... args)
            throws IOException, InterruptedException {
        String mode = args.length > 0 ? args[0] : "";
        OpenClTests.device(); // skips, or fails in CI, without OpenCL
        // A JVM that pocl aborts writes its crash report into the cache folder, not the working directory.
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:ErrorFile=" + cache.resolve("hs_err_%p.log"), "-XX:-CreateCoredumpOnCrash", "-cp",
                System.getProperty("java.class.path"), main.getName());
        pb.command().addAll(List.of(args));
        pb.environment().put(ProgramCache.ENVIRONMENT_VARIABLE, cache.toString());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        byte[] bytes = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child JVM finished");
        String text = new String(bytes, StandardCharsets.UTF_8);
        Map<String, String> out = new HashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && line.substring(0, eq).matches("[a-z]+")) {
                out.put(line.substring(0, eq), line.substring(eq + 1).strip());
            }
        }
        out.put("output", text);
        out.put("rc", Integer.toString(p.exitValue()));
        out.put("pid", Long.toString(p.pid()));
        if (!mode.equals("crash")) {
            assertEquals(0, p.exitValue(), text);
        }
        return out;
    }
}
