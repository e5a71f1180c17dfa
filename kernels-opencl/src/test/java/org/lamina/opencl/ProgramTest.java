package org.lamina.opencl;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgramTest {
    static final ProgramSource SCALE = ProgramSource.of("test/scale.cl", """
            #ifndef FACTOR
            #define FACTOR 1
            #endif
            __kernel void scale(__global const float* x, __global float* y, const int n) {
                const int i = get_global_id(0);
                if (i < n) y[i] = x[i] * FACTOR;
            }
            """);

    @Test
    void definesReachTheKernelAndEqualSettingsShareAProgram() {
        ClContext ctx = OpenClTests.context();
        Program three = ctx.program(SCALE, Map.of("FACTOR", 3));
        assertSame(three, ctx.program(SCALE, Map.of("FACTOR", 3)));
        assertNotSame(three, ctx.program(SCALE, Map.of("FACTOR", 5)));
        assertEquals("-DFACTOR=3", three.options());
        assertArrayEquals(new float[] {3, 6, 9}, run(ctx, three, new float[] {1, 2, 3}));
        assertArrayEquals(new float[] {5, 10, 15}, run(ctx, ctx.program(SCALE, Map.of("FACTOR", 5)), new float[] {1, 2, 3}));
    }

    @Test
    void aFailedBuildCarriesTheFullBuildLog() {
        ClContext ctx = OpenClTests.context();
        ProgramSource broken = ProgramSource.of("test/broken.cl", """
                __kernel void broken(__global float* y) {
                    y[0] = undeclared_thing + 1.0f;
                }
                """);
        BuildException e = assertThrows(BuildException.class, () -> ctx.program(broken, Map.of()));
        assertTrue(e.buildLog().contains("undeclared_thing"), "log: " + e.buildLog());
        assertTrue(e.getMessage().contains("CL_BUILD_PROGRAM_FAILURE"), e.getMessage());
        assertTrue(e.getMessage().contains("test/broken.cl"), e.getMessage());
        assertTrue(e.getMessage().contains(e.buildLog().strip()), "message ends with the log");
    }

    @Test
    void badDefinesAreRejectedBeforeTheCompiler() {
        assertThrows(IllegalArgumentException.class, () -> BuildOptions.of(Map.of("lower", 1)));
        assertThrows(IllegalArgumentException.class, () -> BuildOptions.of(Map.of("X", "1; rm -rf")));
        assertEquals("-DA=1 -DB=0 -DC=7", BuildOptions.of(Map.of("C", 7, "A", true, "B", false)));
    }

    @Test
    void driverErrorsCarryTheirNames() {
        ClContext ctx = OpenClTests.context();
        Kernel k = ctx.program(SCALE, Map.of("FACTOR", 2)).kernel("scale");
        long tooBig = ctx.device().maxWorkGroupSize() * 2;
        try (Buffer x = ctx.allocate(tooBig); Buffer y = ctx.allocate(tooBig)) {
            // Too large a work-group is caught before the driver (LaunchLimitsTest), wrong arguments too
            // (KernelArgsTest); an error of the driver itself carries its name, as a missing kernel shows.
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> k.args().buffer(x).buffer(y).i((int) tooBig).launch(new long[] {tooBig},
                            new long[] {tooBig}));
            assertTrue(e.getMessage().contains("scale"), e.getMessage());
        }
        ClException missing = assertThrows(ClException.class,
                () -> ctx.program(SCALE, Map.of("FACTOR", 2)).kernel("no_such_kernel"));
        assertEquals("CL_INVALID_KERNEL_NAME", missing.errorName());
    }

    @Test
    void binariesRoundTripThroughTheDiskCache(@TempDir Path cacheDir) throws Exception {
        Device device = OpenClTests.device();
        ClContext.Options opts = ClContext.Options.defaults().cache(ProgramCache.at(cacheDir));
        float[] expected;
        try (ClContext first = ClContext.create(device, opts)) {
            Program p = first.program(SCALE, Map.of("FACTOR", 7));
            assertEquals(Program.Origin.SOURCE, p.origin());
            expected = run(first, p, new float[] {1, -2, 0.5f});
        }
        assertEquals(1, Files.list(cacheDir).filter(f -> f.toString().endsWith(ProgramCache.SUFFIX)).count());
        try (ClContext second = ClContext.create(device, opts)) {
            Program p = second.program(SCALE, Map.of("FACTOR", 7));
            assertEquals(Program.Origin.DISK_CACHE, p.origin());
            assertArrayEquals(expected, run(second, p, new float[] {1, -2, 0.5f}));
        }
        // A corrupt binary is evicted and rebuilt from source, not fatal.
        Path bin = Files.list(cacheDir).filter(f -> f.toString().endsWith(ProgramCache.SUFFIX)).findFirst().orElseThrow();
        Files.write(bin, new byte[] {1, 2, 3, 4});
        try (ClContext third = ClContext.create(device, opts)) {
            Program p = third.program(SCALE, Map.of("FACTOR", 7));
            assertEquals(Program.Origin.SOURCE, p.origin());
            assertArrayEquals(expected, run(third, p, new float[] {1, -2, 0.5f}));
        }
        assertTrue(Files.size(bin) > 4, "the corrupt file was replaced");
    }

    @Test
    void prebuiltBinariesRunWithoutTheSource(@TempDir Path dir) {
        Device device = OpenClTests.device();
        ClContext.Options noCache = ClContext.Options.defaults().cache(ProgramCache.disabled());
        float[] expected;
        try (ClContext builder = ClContext.create(device, noCache)) {
            Program p = builder.program(SCALE, Map.of("FACTOR", 4));
            expected = run(builder, p, new float[] {2, 3});
            var files = builder.exportBinaries(dir);
            assertEquals(1, files.size());
            assertEquals(ClContext.prebuiltName(SCALE, "-DFACTOR=4"), files.get(0).getFileName().toString());
        }
        try (ClContext runner = ClContext.create(device, noCache.prebuilt(dir))) {
            Program p = runner.program(SCALE, Map.of("FACTOR", 4));
            assertEquals(Program.Origin.PREBUILT, p.origin());
            assertArrayEquals(expected, run(runner, p, new float[] {2, 3}));
            assertArrayEquals(new float[] {8, 12}, expected);
        }
    }

    @Test
    void aPrebuiltBinaryTheDriverRejectsIsAnError(@TempDir Path dir) throws Exception {
        Device device = OpenClTests.device();
        Path file = dir.resolve(ClContext.prebuiltName(SCALE, "-DFACTOR=9"));
        Files.write(file, new byte[] {9, 9, 9});
        // A raw binary with a matching checksum beside it passes the check and reaches the driver.
        Files.writeString(dir.resolve(file.getFileName() + ".sha256"),
                CheckedBinary.sha256Hex(new byte[] {9, 9, 9}) + "  " + file.getFileName() + "\n");
        try (ClContext ctx = ClContext.create(device,
                ClContext.Options.defaults().cache(ProgramCache.disabled()).prebuilt(dir))) {
            ClException e = assertThrows(ClException.class, () -> ctx.program(SCALE, Map.of("FACTOR", 9)));
            assertTrue(e.getMessage().contains("clCreateProgramWithBinary") || e.getMessage().contains("clBuildProgram")
                    || e instanceof BuildException, e.getMessage());
        }
    }

    @Test
    void aDamagedPrebuiltBinaryIsAnErrorNamingTheFileBeforeTheDriverSeesIt(@TempDir Path dir) throws Exception {
        Device device = OpenClTests.device();
        ClContext.Options noCache = ClContext.Options.defaults().cache(ProgramCache.disabled());
        Path file;
        try (ClContext builder = ClContext.create(device, noCache)) {
            builder.program(SCALE, Map.of("FACTOR", 4));
            file = builder.exportBinaries(dir).get(0);
        }
        byte[] whole = Files.readAllBytes(file);
        byte[] raw = CheckedBinary.decode(whole);
        Files.write(file, Arrays.copyOf(whole, whole.length / 2));
        assertEquals("prebuilt program binary " + file + " is damaged (truncated (" + (whole.length / 2
                - CheckedBinary.HEADER_BYTES) + " of " + raw.length + " bytes)); export it again (ClContext.exportBinaries)",
                prebuiltError(device, dir));

        // A raw binary (another tool's output) is loaded only with a checksum to check it against.
        Files.write(file, raw);
        assertEquals("prebuilt program binary " + file + " has no Lamina header and no " + file.getFileName()
                + ".sha256 beside it, so it cannot be checked before the driver reads it; export it with "
                + "ClContext.exportBinaries, or record its checksum: sha256sum " + file.getFileName() + " > "
                + file.getFileName() + ".sha256", prebuiltError(device, dir));
        Path sidecar = dir.resolve(file.getFileName() + ".sha256");
        Files.writeString(sidecar, CheckedBinary.sha256Hex(raw) + "  " + file.getFileName() + "\n");
        Files.write(file, Arrays.copyOf(raw, raw.length / 2));
        String e = prebuiltError(device, dir);
        assertTrue(e.startsWith("prebuilt program binary " + file + " does not match its checksum in "
                + sidecar.getFileName() + " (" + raw.length / 2 + " bytes, SHA-256 "), e);
        Files.write(file, raw);
        try (ClContext runner = ClContext.create(device, noCache.prebuilt(dir))) {
            Program p = runner.program(SCALE, Map.of("FACTOR", 4));
            assertEquals(Program.Origin.PREBUILT, p.origin());
            assertArrayEquals(new float[] {8, 12}, run(runner, p, new float[] {2, 3}));
        }
    }

    private static String prebuiltError(Device device, Path dir) {
        try (ClContext ctx = ClContext.create(device,
                ClContext.Options.defaults().cache(ProgramCache.disabled()).prebuilt(dir))) {
            return assertThrows(IllegalArgumentException.class, () -> ctx.program(SCALE, Map.of("FACTOR", 4)))
                    .getMessage();
        }
    }

    static float[] run(ClContext ctx, Program p, float[] input) {
        try (Buffer x = ctx.upload(input); Buffer y = ctx.allocate(input.length)) {
            p.kernel("scale").args().buffer(x).buffer(y).i(input.length).launch(new long[] {input.length}, null);
            return ctx.read(y);
        }
    }
}
