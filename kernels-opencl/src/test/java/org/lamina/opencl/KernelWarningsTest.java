package org.lamina.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every OpenCL program of Lamina (each {@code .cl} file of kernels-opencl and of the plugins, with the
 * common header, as the kernel families build them) compiles on the test device without a single
 * compiler warning: a user's first run prints no "N warnings generated." from pocl. Each file is
 * built with its defaults and with the defines that select every other branch of its {@code #if}s
 * (the tuning variants: GEMM's vector widths and layouts, the depthwise kernel's vector path, the
 * vector width of Winograd and the dilation phases).
 */
class KernelWarningsTest {

    /**
     * The defines of each file's other branches; every file is also built with none (its defaults),
     * but those whose host always sets a define ({@link #REQUIRED}).
     */
    private static final Map<String, List<Map<String, Object>>> VARIANTS = Map.of(
            "gemm.cl", gemmVariants(),
            "im2col.cl", List.of(Map.of("OY_PER_ITEM", 1), Map.of("OY_PER_ITEM", 4)),
            "phases.cl", List.of(Map.of("VEC", 4), Map.of("VEC", 8)),
            "winograd.cl", List.of(Map.of("VEC", 4), Map.of("VEC", 8)),
            "winograd4.cl", List.of(Map.of("VEC", 4), Map.of("VEC", 8)),
            "depthwise_conv2d.cl", List.of(Map.of("OX_TILE", 1), Map.of("OX_TILE", 16)));

    /** Files without defaults: Im2colConv2dKernels always sets OY_PER_ITEM; the VEC families (common.cl) VEC. */
    private static final List<String> REQUIRED = List.of("im2col.cl", "phases.cl", "winograd.cl", "winograd4.cl");

    private static List<Map<String, Object>> gemmVariants() {
        List<Map<String, Object>> out = new ArrayList<>();
        // Scalar and vector loads up to float16 (which clang's x86 ABI note is about), both layouts
        // of the work-group.
        int[][] vwRowsFastest = {{1, 0}, {4, 1}, {16, 0}};
        for (int[] v : vwRowsFastest) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("TM", 4);
            d.put("TN", Math.max(8, v[0]));
            d.put("VW", v[0]);
            d.put("ROWS_FASTEST", v[1]);
            out.add(d);
        }
        return out;
    }

    @Test
    void everyProgramBuildsWithoutCompilerWarnings() throws IOException {
        Device device = OpenClTests.device();
        Assumptions.assumeTrue(device.platformName().toLowerCase(Locale.ROOT).contains("portable computing language"),
                "the warning check runs on pocl, whose compiler (clang) is the one CI has: " + device);
        List<Path> files = sources();
        assertTrue(files.size() >= 18, "the .cl files of kernels-opencl and the plugins: " + files);

        List<String> warnings = new ArrayList<>();
        int built = 0;
        // The kernel cache is off and each source gets a comment of its own, so that neither Lamina's
        // nor pocl's cache hands back a binary instead of compiling (a cached build has no log).
        String nonce = "\n// " + UUID.randomUUID() + "\n";
        try (ClContext ctx = ClContext.create(device, ClContext.Options.defaults().cache(ProgramCache.disabled()))) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                ProgramSource source = ProgramSource.of(name, Files.readString(file, StandardCharsets.UTF_8) + nonce)
                        .withCommonHeader();
                List<Map<String, Object>> variants = new ArrayList<>();
                if (!REQUIRED.contains(name)) {
                    variants.add(Map.of());
                }
                variants.addAll(VARIANTS.getOrDefault(name, List.of()));
                for (Map<String, Object> defines : variants) {
                    Program p;
                    try {
                        p = ctx.program(source, defines);
                    } catch (BuildException e) {
                        warnings.add(name + " " + defines + ": does not build: " + e.getMessage());
                        continue;
                    }
                    built++;
                    if (p.origin() != Program.Origin.SOURCE) {
                        warnings.add(name + " " + defines + ": not compiled from source but " + p.origin());
                    } else if (p.buildLog().toLowerCase(Locale.ROOT).contains("warning")) {
                        warnings.add(name + " " + defines + ":\n" + p.buildLog());
                    }
                }
            }
        }
        assertEquals(List.of(), warnings, "compiler warnings in " + warnings.size() + " of " + built + " builds");
    }

    /** The .cl files under kernels-opencl and the plugins, but the common header (built into every other). */
    static List<Path> sources() throws IOException {
        Path root = Path.of("").toAbsolutePath();
        while (root != null && !Files.isRegularFile(root.resolve("kernels-opencl/pom.xml"))) {
            root = root.getParent();
        }
        assertTrue(root != null, "the project root above " + Path.of("").toAbsolutePath());
        List<Path> out = new ArrayList<>();
        for (Path dir : List.of(root.resolve("kernels-opencl/src/main"), root.resolve("plugins"))) {
            try (Stream<Path> s = Files.walk(dir)) {
                s.filter(p -> p.toString().endsWith(".cl") && !p.toString().contains("/target/")
                        && !p.getFileName().toString().equals("common.cl")).sorted().forEach(out::add);
            }
        }
        return out;
    }
}
