package org.lamina.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.lamina.opencl.Buffer;
import org.lamina.opencl.ClContext;
import org.lamina.opencl.Device;
import org.lamina.opencl.Devices;
import org.lamina.opencl.gemm.GemmKernels;

/**
 * Times Lamina's OpenCL GEMM ({@code C = A B}, row-major, float32) for the GEMM peer script
 * ({@code benchmarks/compare-gemm.sh}), which drives it through standard input so that its runs and
 * OpenBLAS's interleave in one session: each line {@code M N K RUNS} answers with one line
 * {@code M N K ms ms ...}, the seconds of each run (after one warm-up run) as milliseconds, each run
 * ended by {@code clFinish}. The first line it prints names the device and the GEMM tuning.
 *
 * <pre>{@code java -cp lamina-benchmarks.jar org.lamina.benchmarks.GemmTimer [DEVICE]}</pre>
 */
public final class GemmTimer {
    private GemmTimer() {
    }

    public static void main(String[] args) throws IOException {
        Device device = args.length > 0 ? Devices.select(args[0]) : Devices.preferred()
                .orElseThrow(() -> new IllegalStateException("gemm timer: no OpenCL device"));
        try (ClContext ctx = ClContext.create(device)) {
            GemmKernels gemm = new GemmKernels(ctx);
            System.out.println("device " + device + "; gemm tuning " + gemm.tuning());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            Random rnd = new Random(1);
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] f = line.trim().split("\\s+");
                if (f.length != 4) {
                    System.out.println("error: expected M N K RUNS, got '" + line + "'");
                    System.out.flush();
                    continue;
                }
                int m = Integer.parseInt(f[0]), n = Integer.parseInt(f[1]), k = Integer.parseInt(f[2]);
                int runs = Integer.parseInt(f[3]);
                StringBuilder out = new StringBuilder(m + " " + n + " " + k);
                try (Buffer a = ctx.upload(random(rnd, (long) m * k)); Buffer b = ctx.upload(random(rnd, (long) k * n));
                        Buffer c = ctx.allocate((long) m * n)) {
                    gemm.matmul(a, false, b, false, c, m, n, k);
                    ctx.finish();
                    for (int r = 0; r < runs; r++) {
                        long t0 = System.nanoTime();
                        gemm.matmul(a, false, b, false, c, m, n, k);
                        ctx.finish();
                        out.append(String.format(" %.4f", (System.nanoTime() - t0) / 1e6));
                    }
                }
                System.out.println(out);
                System.out.flush();
            }
        }
    }

    private static float[] random(Random rnd, long n) {
        float[] v = new float[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextFloat() - 0.5f;
        }
        return v;
    }
}
