package org.lamina.cli.testplugins;

import org.lamina.spi.Loss;
import org.lamina.tensor.Tensor;

/** A plugin whose activation fails, packed into a bundle by {@code ContainerTest}. */
public final class ExplodingLoss implements Loss {

    public ExplodingLoss() {
        throw new IllegalStateException("out of coffee");
    }

    @Override
    public String name() {
        return "exploding";
    }

    @Override
    public Result evaluate(Tensor output, Tensor labels) {
        throw new UnsupportedOperationException();
    }
}
