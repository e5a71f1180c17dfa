package org.lamina.ops;

import org.lamina.tensor.Tensor;

/**
 * The gradients a layer with a weight and a bias produces; a field is null where that gradient was
 * not asked for or does not exist.
 */
public record Gradients(Tensor input, Tensor weight, Tensor bias) implements AutoCloseable {
    @Override
    public void close() {
        for (Tensor t : new Tensor[] {input, weight, bias}) {
            if (t != null) {
                t.close();
            }
        }
    }
}
