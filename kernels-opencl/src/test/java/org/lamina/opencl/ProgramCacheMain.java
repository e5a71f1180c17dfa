package org.lamina.opencl;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Run in a JVM of its own by {@link ProgramCacheTest}, for the steps that can abort the process inside
 * the driver. {@code build DIR}: builds {@link ProgramTest#SCALE} with the kernel cache in DIR and
 * prints where the program came from and what it computed. {@code crash DIR}: hands the driver half
 * of DIR's cached binary, past the checks, as a damaged file once did; pocl aborts there.
 */
public final class ProgramCacheMain {
    static final String OPTIONS = "-DFACTOR=7";

    private ProgramCacheMain() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[1]);
        ClContext.Options opts = ClContext.Options.defaults().cache(ProgramCache.at(dir));
        try (ClContext ctx = ClContext.create(OpenClTests.device(), opts)) {
            if (args[0].equals("crash")) {
                String key = ProgramCache.key(ctx.device(), ProgramTest.SCALE, OPTIONS);
                byte[] bin = ProgramCache.at(dir).load(key).orElseThrow();
                try {
                    ctx.fromCache(ProgramTest.SCALE, OPTIONS, key, Arrays.copyOf(bin, bin.length / 2));
                    System.out.println("loaded");
                } catch (ClException e) {
                    System.out.println("rejected=" + e.getMessage());
                }
                return;
            }
            Program p = ctx.program(ProgramTest.SCALE, Map.of("FACTOR", 7));
            System.out.println("origin=" + p.origin());
            System.out.println("result=" + Arrays.toString(ProgramTest.run(ctx, p, new float[] {1, -2, 0.5f})));
        }
    }
}
