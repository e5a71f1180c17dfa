package org.lamina.golden;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.testing.TestBackends;

/** The checker itself: it fails wrong results, skips unknown ops, and reads any set in the format. */
class ConformanceCheckTest {

    @Test
    void aWrongValueFailsTheCase() {
        GoldenCase c = TestBackends.golden().get("conv2d_3x3_pad1");
        Map<String, float[]> got = new HashMap<>();
        for (TensorSpec t : c.checked()) {
            got.put(t.name(), c.load(t.name()));
        }
        assertEquals(CaseResult.Status.PASS, Conformance.check(c, got).status());
        float[] out = got.get("output").clone();
        out[7] += 0.01f;
        got.put("output", out);
        CaseResult r = Conformance.check(c, got);
        assertEquals(CaseResult.Status.FAIL, r.status());
        assertTrue(r.detail().contains("output: 1 of"), r.detail());
        assertEquals(0.01, r.maxAbsError(), 1e-6);
        got.remove("grad_weight");
        assertTrue(Conformance.check(c, got).detail().contains("grad_weight was not computed"));
    }

    @Test
    void aNaNNeverPasses() {
        GoldenCase c = TestBackends.golden().get("conv2d_3x3_pad1");
        Map<String, float[]> got = new HashMap<>();
        for (TensorSpec t : c.checked()) {
            got.put(t.name(), c.load(t.name()));
        }
        got.get("grad_bias")[0] = Float.NaN;
        assertEquals(CaseResult.Status.FAIL, Conformance.check(c, got).status());
    }

    @Test
    void unknownOpsAreSkipped(@TempDir Path dir) throws IOException {
        Path caseDir = dir.resolve("mystery");
        Files.createDirectories(caseDir);
        Files.writeString(caseDir.resolve("case.json"), """
                {"name": "mystery", "op": "fancy_op", "params": {},
                 "tensors": [{"name": "output", "file": "output.f32", "shape": [1], "role": "output", "check": true,
                              "atol": 0, "rtol": 0}]}
                """);
        Files.write(caseDir.resolve("output.f32"), new byte[4]);
        GoldenSet set = GoldenSet.open(dir); // no index.json: found by scanning
        CaseResult r = Conformance.standard().run(set.cases().get(0), TestBackends.java());
        assertEquals(CaseResult.Status.SKIP, r.status());
        assertTrue(r.detail().contains("fancy_op"));
    }

    @Test
    void aTruncatedTensorFileIsNamed(@TempDir Path dir) throws IOException {
        Path src = TestBackends.golden().get("conv2d_5x5_valid").dir();
        Path copy = dir.resolve("conv2d_5x5_valid");
        Files.createDirectories(copy);
        try (var files = Files.list(src)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        byte[] weight = Files.readAllBytes(copy.resolve("weight.f32"));
        Files.write(copy.resolve("weight.f32"), Arrays.copyOf(weight, weight.length - 4));
        CaseResult r = Conformance.standard().run(GoldenSet.open(dir).cases().get(0), TestBackends.java());
        assertEquals(CaseResult.Status.FAIL, r.status());
        assertTrue(r.detail().contains("weight.f32") && r.detail().contains("bytes"), r.detail());
    }

    /** Issue 16 item 8: a missing and a truncated file, input or expected output, each fail their case alike. */
    @Test
    void missingAndTruncatedTensorFilesFailTheirCaseAlike(@TempDir Path dir) throws IOException {
        Path src = TestBackends.golden().get("conv2d_5x5_valid").dir();
        for (String file : new String[] {"weight.f32", "output.f32"}) {
            for (boolean missing : new boolean[] {true, false}) {
                Path copy = dir.resolve(file + missing).resolve("conv2d_5x5_valid");
                Files.createDirectories(copy);
                try (var files = Files.list(src)) {
                    for (Path f : files.toList()) {
                        Files.copy(f, copy.resolve(f.getFileName()));
                    }
                }
                Path f = copy.resolve(file);
                if (missing) {
                    Files.delete(f);
                } else {
                    Files.write(f, Arrays.copyOf(Files.readAllBytes(f), 6));
                }
                CaseResult r = Conformance.standard().run(GoldenSet.open(copy.getParent()).cases().get(0),
                        TestBackends.java());
                assertEquals(CaseResult.Status.FAIL, r.status(), file + " missing=" + missing);
                assertTrue(r.detail().contains("case conv2d_5x5_valid: " + f + (missing ? " is missing" : " holds 6 bytes")),
                        r.detail());
            }
        }
    }

    @Test
    void aDirectoryThatIsNoSetIsAClearError(@TempDir Path dir) {
        var e = assertThrows(IllegalArgumentException.class, () -> GoldenSet.open(dir));
        assertTrue(e.getMessage().contains(dir.toString()));
    }
}
