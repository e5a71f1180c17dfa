package org.lamina.backend.opencl;

import org.lamina.opencl.TestShapes;
import static org.junit.jupiter.api.Assertions.*;
import static org.lamina.testing.Approx.close;
import static org.lamina.testing.TestData.gaussian;
import static org.lamina.testing.TestData.size;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lamina.backend.Backend;
import org.lamina.ops.Add;
import org.lamina.ops.Concat;
import org.lamina.ops.Copy;
import org.lamina.ops.Fill;
import org.lamina.ops.Flatten;
import org.lamina.ops.Scale;
import org.lamina.tensor.Tensor;
import org.lamina.testing.TestBackends;

/**
 * Randomized comparison of the OpenCL element-wise and structural ops with the Java reference over
 * many shapes: add and its backward, accumulate (also into itself), scale and scale in place, fill,
 * copy, concatenation of 1 to 5 tensors along dimension 1 and its split.
 */
class ElementwiseDifferentialTest {
    static final int CONFIGURATIONS = TestShapes.count(80, 8);

    @Test
    void elementwiseOpsMatchTheJavaReference() {
        Backend cl = TestBackends.openCl(), java = TestBackends.java();
        Random rnd = new Random(99);
        for (int k = 0; k < CONFIGURATIONS; k++) {
            int[] shape = ActivationDifferentialTest.randomShape(rnd);
            float[] a = gaussian(rnd, size(shape)), b = gaussian(rnd, size(shape));
            double alpha = rnd.nextGaussian() * 3;
            String what = "shape " + Arrays.toString(shape) + " alpha " + alpha;
            List<float[]> ref = elementwise(java, shape, a, b, alpha);
            List<float[]> got = elementwise(cl, shape, a, b, alpha);
            String[] names = {"add", "add backward a", "add backward b", "accumulate", "accumulate into itself",
                "scale", "scale in place", "scale backward", "fill", "copy"};
            for (int i = 0; i < names.length; i++) {
                close(names[i] + " " + what, ref.get(i), got.get(i));
            }
            assertArrayEquals(a, got.get(9), "copy is exact, " + what);
        }
    }

    private static List<float[]> elementwise(Backend be, int[] shape, float[] a, float[] b, double alpha) {
        List<float[]> out = new ArrayList<>();
        Scale scale = new Scale(alpha);
        try (Tensor ta = be.tensor(a, shape); Tensor tb = be.tensor(b, shape); Tensor sum = new Add().forward(ta, tb);
                Add.InputGradients g = new Add().backward(tb); Tensor acc = be.tensor(a, shape);
                Tensor self = be.tensor(a, shape); Tensor scaled = scale.forward(ta); Tensor inPlace = be.tensor(a, shape);
                Tensor scaledBack = scale.backward(tb); Tensor filled = be.tensor(a, shape); Tensor copy = Copy.apply(ta)) {
            Add.accumulate(acc, tb, alpha);
            Add.accumulate(self, self);
            scale.forwardInPlace(inPlace);
            Fill.apply(filled, alpha);
            for (Tensor t : new Tensor[] {sum, g.a(), g.b(), acc, self, scaled, inPlace, scaledBack, filled,
                copy}) {
                out.add(t.toArray());
            }
        }
        return out;
    }

    @Test
    void concatAndSplitMatchTheJavaReference() {
        Backend cl = TestBackends.openCl(), java = TestBackends.java();
        Random rnd = new Random(123);
        Concat concat = new Concat();
        for (int k = 0; k < CONFIGURATIONS; k++) {
            int parts = 1 + rnd.nextInt(5);
            int n = 1 + rnd.nextInt(4);
            int[] rest = rnd.nextInt(4) == 0 ? new int[0] : new int[] {1 + rnd.nextInt(9), 1 + rnd.nextInt(9)};
            int[] channels = new int[parts];
            List<float[]> values = new ArrayList<>();
            List<int[]> shapes = new ArrayList<>();
            int total = 0;
            for (int i = 0; i < parts; i++) {
                channels[i] = rnd.nextInt(8) == 0 ? 0 : 1 + rnd.nextInt(12);
                total += channels[i];
                int[] s = new int[2 + rest.length];
                s[0] = n;
                s[1] = channels[i];
                System.arraycopy(rest, 0, s, 2, rest.length);
                shapes.add(s);
                values.add(gaussian(rnd, size(s)));
            }
            int[] outShape = shapes.get(0).clone();
            outShape[1] = total;
            float[] dy = gaussian(rnd, size(outShape));
            String what = "channels " + Arrays.toString(channels) + " n " + n + " rest " + Arrays.toString(rest);
            List<float[]> ref = concatAndSplit(java, concat, values, shapes, dy, outShape);
            List<float[]> got = concatAndSplit(cl, concat, values, shapes, dy, outShape);
            for (int i = 0; i < ref.size(); i++) {
                assertArrayEquals(ref.get(i), got.get(i), (i == 0 ? "concat " : "split " + (i - 1) + " ") + what);
            }
        }
    }

    private static List<float[]> concatAndSplit(Backend be, Concat concat, List<float[]> values, List<int[]> shapes,
            float[] dy, int[] outShape) {
        List<Tensor> inputs = new ArrayList<>();
        try {
            for (int i = 0; i < values.size(); i++) {
                inputs.add(be.tensor(values.get(i), shapes.get(i)));
            }
            List<float[]> out = new ArrayList<>();
            try (Tensor y = concat.forward(inputs); Tensor tdy = be.tensor(dy, outShape)) {
                assertArrayEquals(outShape, y.dims());
                out.add(y.toArray());
                List<Tensor> grads = concat.backward(inputs, tdy);
                for (int i = 0; i < grads.size(); i++) {
                    assertArrayEquals(shapes.get(i), grads.get(i).dims());
                    out.add(grads.get(i).toArray());
                    grads.get(i).close();
                }
            }
            return out;
        } finally {
            inputs.forEach(Tensor::close);
        }
    }

    @Test
    void flattenIsAViewBothWays() {
        for (Backend b : new Backend[] {TestBackends.openCl(), TestBackends.java()}) {
            float[] values = gaussian(new Random(8), 2 * 3 * 4 * 5);
            Tensor x = b.tensor(values, 2, 3, 4, 5);
            Flatten flatten = new Flatten();
            Tensor flat = flatten.forward(x);
            assertArrayEquals(new int[] {2, 60}, flat.dims());
            assertTrue(x.sharesStorage() && flat.sharesStorage(), "no copy on " + b.name());
            Tensor back = flatten.backward(flat, 2, 3, 4, 5);
            assertArrayEquals(new int[] {2, 3, 4, 5}, back.dims());
            x.close();
            flat.close();
            assertArrayEquals(values, back.toArray(), "the last view keeps the values alive on " + b.name());
            back.close();
        }
    }
}
