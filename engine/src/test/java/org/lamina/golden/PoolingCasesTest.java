package org.lamina.golden;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lamina.testing.TestBackends;

/** The pooling runner checks max pooling's aux indices exactly, though the format leaves them unchecked. */
class PoolingCasesTest {

    @Test
    void wrongReferenceIndicesFailTheCase(@TempDir Path dir) throws IOException {
        Path src = TestBackends.golden().get("max_pool2d_3x3_s2_pad1").dir();
        Path copy = dir.resolve("max_pool2d_3x3_s2_pad1");
        Files.createDirectories(copy);
        try (var files = Files.list(src)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        GoldenCase intact = GoldenSet.open(dir).cases().get(0);
        assertEquals(CaseResult.Status.PASS, Conformance.standard().run(intact, TestBackends.java()).status());

        ByteBuffer indices = ByteBuffer.wrap(Files.readAllBytes(copy.resolve("indices.f32")))
                .order(ByteOrder.LITTLE_ENDIAN);
        indices.putFloat(4 * 3, indices.getFloat(4 * 3) + 1);
        Files.write(copy.resolve("indices.f32"), indices.array());
        CaseResult r = Conformance.standard().run(GoldenSet.open(dir).cases().get(0), TestBackends.java());
        assertEquals(CaseResult.Status.FAIL, r.status());
        assertTrue(r.detail().contains("indices: 1 of 80 differ, first at 3"), r.detail());
    }
}
