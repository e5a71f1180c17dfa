package org.lamina.backend.java;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.lamina.backend.ElementwiseOps;
import org.lamina.backend.Tensors;
import org.lamina.tensor.Tensor;

/** {@link ElementwiseOps} on the host, through {@link ElementwiseReference}. */
final class JavaElementwise implements ElementwiseOps {
    private final JavaBackend backend;

    JavaElementwise(JavaBackend backend) {
        this.backend = backend;
    }

    @Override
    public Tensor add(Tensor a, Tensor b) {
        double[] x = backend.doubles(a);
        double[] c = new double[x.length];
        ElementwiseReference.add(x, backend.doubles(b), c);
        return backend.fromDoubles(c, a.dims());
    }

    @Override
    public void accumulate(Tensor target, Tensor source, double alpha) {
        double[] t = backend.doubles(target);
        ElementwiseReference.accumulate(t, backend.doubles(source), alpha);
        store(t, target);
    }

    @Override
    public Tensor scale(Tensor x, double alpha) {
        double[] v = backend.doubles(x);
        ElementwiseReference.scale(v, alpha, v);
        return backend.fromDoubles(v, x.dims());
    }

    @Override
    public void scaleInPlace(Tensor x, double alpha) {
        double[] v = backend.doubles(x);
        ElementwiseReference.scale(v, alpha, v);
        store(v, x);
    }

    @Override
    public void fill(Tensor target, double value) {
        Tensors.requireOn(backend, target);
        float[] t = backend.data(target);
        Arrays.fill(t, 0, target.size(), (float) value);
    }

    @Override
    public Tensor copy(Tensor x) {
        return backend.fromDoubles(backend.doubles(x), x.dims());
    }

    @Override
    public Tensor concat(List<Tensor> inputs) {
        int[] dims = inputs.get(0).dims();
        int[] channels = new int[inputs.size()];
        double[][] values = new double[inputs.size()][];
        int total = 0;
        for (int i = 0; i < channels.length; i++) {
            channels[i] = inputs.get(i).dim(1);
            values[i] = backend.doubles(inputs.get(i));
            total += channels[i];
        }
        dims[1] = total;
        double[] y = new double[size(dims)];
        ElementwiseReference.concat(dims[0], JavaActivations.inner(dims), values, channels, y);
        return backend.fromDoubles(y, dims);
    }

    @Override
    public List<Tensor> split(Tensor dy, int[] channels) {
        int[] dims = dy.dims();
        double[][] outputs = new double[channels.length][];
        int inner = JavaActivations.inner(dims);
        for (int i = 0; i < channels.length; i++) {
            outputs[i] = new double[dims[0] * channels[i] * inner];
        }
        ElementwiseReference.split(dims[0], inner, backend.doubles(dy), channels,
                outputs);
        List<Tensor> out = new ArrayList<>();
        for (int i = 0; i < channels.length; i++) {
            int[] d = dims.clone();
            d[1] = channels[i];
            out.add(backend.fromDoubles(outputs[i], d));
        }
        return out;
    }

    private void store(double[] values, Tensor t) {
        float[] target = backend.data(t);
        for (int i = 0; i < values.length; i++) {
            target[i] = (float) values[i];
        }
    }

    private static int size(int[] dims) {
        int s = 1;
        for (int d : dims) {
            s *= d;
        }
        return s;
    }
}
