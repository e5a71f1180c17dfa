package org.lamina.plugins.optimizers;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lamina.spi.Updater;
import org.lamina.tensor.Tensor;

/** An {@link Updater} that updates each parameter on its own, with its state in {@link StateBuffers}. */
abstract class StatefulUpdater implements Updater {
    protected final StateBuffers state;

    StatefulUpdater(String optimizer, Set<String> kinds) {
        this.state = new StateBuffers(optimizer, kinds);
    }

    /** One step of the rule for one parameter. */
    protected abstract void update(Param p, double lr, int step);

    @Override
    public final void step(List<Param> params, double lr, int step) {
        for (Param p : params) {
            update(p, lr, step);
        }
        state.stepped();
    }

    @Override
    public final Map<String, Tensor> state() {
        return state.all();
    }

    @Override
    public final void restore(Map<String, Tensor> saved) {
        state.restore(saved);
    }

    @Override
    public final void close() {
        state.close();
    }
}
