package org.lamina.backend.opencl;

import org.lamina.opencl.TestShapes;
import static org.junit.jupiter.api.Assertions.*;
import static org.lamina.testing.Approx.close;
import static org.lamina.testing.TestData.gaussian;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.lamina.backend.Backend;
import org.lamina.opencl.optim.OptimizerKernels;
import org.lamina.optim.AdagradParams;
import org.lamina.optim.AdamParams;
import org.lamina.optim.CaffeSgdParams;
import org.lamina.optim.RmspropParams;
import org.lamina.optim.SgdParams;
import org.lamina.tensor.Tensor;
import org.lamina.testing.TestBackends;

/**
 * Randomized comparison of the OpenCL optimizer updates with the Java reference: every rule, random
 * hyper-parameters (momentum, dampening, Nesterov, weight decay, betas, learning-rate decay, ...) and
 * parameter sizes, several steps in a row; the parameter and every state tensor are compared after
 * each step.
 */
class OptimizerDifferentialTest {
    static final int CONFIGURATIONS_PER_RULE = TestShapes.count(40, 3);

    /** One update rule with drawn hyper-parameters and the number of state tensors it keeps. */
    interface Rule {
        int states();

        void step(Backend be, Tensor param, Tensor grad, Tensor[] state, long t);
    }

    static Rule sgd(Random rnd) {
        double momentum = rnd.nextBoolean() ? 0 : rnd.nextDouble();
        boolean nesterov = momentum > 0 && rnd.nextBoolean();
        double dampening = nesterov || rnd.nextBoolean() ? 0 : rnd.nextDouble();
        SgdParams hp = new SgdParams(0.001 + 0.2 * rnd.nextDouble(), momentum, dampening,
                rnd.nextBoolean() ? 0 : 0.01 * rnd.nextDouble(), nesterov);
        return rule(hp.usesMomentum() ? 1 : 0, (be, p, g, s, t) -> be.optimizers().sgd(p, g,
                hp.usesMomentum() ? s[0] : null, hp, t), hp.toString());
    }

    static Rule caffe(Random rnd) {
        CaffeSgdParams hp = new CaffeSgdParams(0.001 + 0.1 * rnd.nextDouble(), rnd.nextBoolean() ? 0.9 : rnd.nextDouble(),
                rnd.nextBoolean() ? 0.0005 : 0.01 * rnd.nextDouble());
        return rule(1, (be, p, g, s, t) -> be.optimizers().sgdCaffe(p, g, s[0], hp), hp.toString());
    }

    static Rule adam(Random rnd) {
        AdamParams hp = new AdamParams(1e-4 + 0.01 * rnd.nextDouble(), rnd.nextBoolean() ? 0.9 : rnd.nextDouble() * 0.99,
                rnd.nextBoolean() ? 0.999 : 0.9 + 0.099 * rnd.nextDouble(), rnd.nextBoolean() ? 1e-8 : 1e-4,
                rnd.nextBoolean() ? 0 : 0.05 * rnd.nextDouble(), rnd.nextBoolean());
        return rule(2, (be, p, g, s, t) -> be.optimizers().adam(p, g, s[0], s[1], hp, t), hp.toString());
    }

    static Rule rmsprop(Random rnd) {
        RmspropParams hp = new RmspropParams(1e-4 + 0.01 * rnd.nextDouble(), rnd.nextBoolean() ? 0.99 : 0.5 + 0.49 * rnd.nextDouble(),
                rnd.nextBoolean() ? 1e-8 : 1e-3, rnd.nextBoolean() ? 0 : 0.01 * rnd.nextDouble(),
                rnd.nextBoolean() ? 0 : rnd.nextDouble());
        return rule(2, (be, p, g, s, t) -> be.optimizers().rmsprop(p, g, s[0], hp.usesMomentum() ? s[1] : null, hp),
                hp.toString());
    }

    static Rule adagrad(Random rnd) {
        AdagradParams hp = new AdagradParams(1e-3 + 0.05 * rnd.nextDouble(), rnd.nextBoolean() ? 0 : 0.1 * rnd.nextDouble(),
                rnd.nextBoolean() ? 0 : 0.01 * rnd.nextDouble(), rnd.nextBoolean() ? 1e-10 : 1e-6);
        return rule(1, (be, p, g, s, t) -> be.optimizers().adagrad(p, g, s[0], hp, t), hp.toString());
    }

    private interface StepFunction {
        void step(Backend be, Tensor param, Tensor grad, Tensor[] state, long t);
    }

    private static Rule rule(int states, StepFunction f, String description) {
        return new Rule() {
            @Override
            public int states() {
                return states;
            }

            @Override
            public void step(Backend be, Tensor param, Tensor grad, Tensor[] state, long t) {
                f.step(be, param, grad, state, t);
            }

            @Override
            public String toString() {
                return description;
            }
        };
    }

    @Test
    void everyRuleMatchesTheJavaReferenceOverSeveralSteps() {
        Random rnd = new Random(20261125);
        List<Function<Random, Rule>> rules = List.of(OptimizerDifferentialTest::sgd,
                OptimizerDifferentialTest::caffe, OptimizerDifferentialTest::adam, OptimizerDifferentialTest::rmsprop,
                OptimizerDifferentialTest::adagrad);
        int compared = 0;
        for (var make : rules) {
            for (int i = 0; i < CONFIGURATIONS_PER_RULE; i++) {
                Rule rule = make.apply(rnd);
                int size = 1 + rnd.nextInt(i % 5 == 0 ? TestShapes.count(20000, 2000) : 300);
                int steps = 3 + rnd.nextInt(4);
                float[] init = gaussian(rnd, size);
                List<float[]> grads = new ArrayList<>();
                for (int s = 0; s < steps; s++) {
                    grads.add(gaussian(rnd, size));
                }
                compare(rule, init, grads);
                compared++;
            }
        }
        assertEquals(5 * CONFIGURATIONS_PER_RULE, compared);
    }

    @Test
    void otherTuningsGiveTheSameUpdates() {
        OpenClBackend cl = TestBackends.openCl();
        Random rnd = new Random(99);
        int wg = OptimizerKernels.Tuning.SPEC.defaults(cl.context().device()).workGroup();
        for (int per : new int[] {2, 5}) {
            OptimizerKernels kernels = new OptimizerKernels(cl.context(), new OptimizerKernels.Tuning(per, wg));
            int size = 1 + rnd.nextInt(1000);
            float[] p = gaussian(rnd, size), g = gaussian(rnd, size);
            try (Tensor viaDefault = cl.tensor(p, size); Tensor viaTuned = cl.tensor(p, size);
                    Tensor grad = cl.tensor(g, size); Tensor m1 = cl.zeros(size); Tensor v1 = cl.zeros(size);
                    Tensor m2 = cl.zeros(size); Tensor v2 = cl.zeros(size)) {
                AdamParams hp = AdamParams.adam(0.01);
                for (long t = 1; t <= 3; t++) {
                    cl.optimizers().adam(viaDefault, grad, m1, v1, hp, t);
                    kernels.adam(size, OpenClBackend.buffer(viaTuned), OpenClBackend.buffer(grad),
                            OpenClBackend.buffer(m2), OpenClBackend.buffer(v2), hp.lr(), hp.beta1(), hp.beta2(),
                            hp.eps(), hp.weightDecay(), hp.decoupled(), t);
                }
                assertArrayEquals(viaDefault.toArray(), viaTuned.toArray(), per + " elements per item");
                assertArrayEquals(v1.toArray(), v2.toArray(), per + " elements per item");
            }
        }
    }

    private static void compare(Rule rule, float[] init, List<float[]> grads) {
        OpenClBackend cl = TestBackends.openCl();
        Backend java = TestBackends.java();
        int size = init.length;
        Tensor pj = java.tensor(init, size), pc = cl.tensor(init, size);
        Tensor[] sj = new Tensor[rule.states()], sc = new Tensor[rule.states()];
        try {
            for (int i = 0; i < sj.length; i++) {
                sj[i] = java.zeros(size);
                sc[i] = cl.zeros(size);
            }
            for (int s = 0; s < grads.size(); s++) {
                try (Tensor gj = java.tensor(grads.get(s), size); Tensor gc = cl.tensor(grads.get(s), size)) {
                    rule.step(java, pj, gj, sj, s + 1);
                    rule.step(cl, pc, gc, sc, s + 1);
                }
                String what = rule + ", " + size + " values, step " + (s + 1);
                close("param " + what, pj.toArray(), pc.toArray());
                for (int i = 0; i < sj.length; i++) {
                    close("state " + i + " " + what, sj[i].toArray(), sc[i].toArray());
                }
            }
        } finally {
            pj.close();
            pc.close();
            for (int i = 0; i < sj.length; i++) {
                if (sj[i] != null) {
                    sj[i].close();
                }
                if (sc[i] != null) {
                    sc[i].close();
                }
            }
        }
    }
}
