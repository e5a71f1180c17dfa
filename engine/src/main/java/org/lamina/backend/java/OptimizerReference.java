package org.lamina.backend.java;

import org.lamina.optim.AdagradParams;
import org.lamina.optim.AdamParams;
import org.lamina.optim.CaffeSgdParams;
import org.lamina.optim.RmspropParams;
import org.lamina.optim.SgdParams;

/**
 * The optimizer update rules as their records document them, one step, in place, in double precision:
 * the Java backend's optimizers and the ground truth of the optimizer tests. {@code p} is the parameter,
 * {@code g} its gradient (read only); the other arrays are the rule's state, updated in place.
 */
public final class OptimizerReference {
    private OptimizerReference() {
    }

    /** {@link SgdParams}: {@code buf} may be null without momentum. */
    public static void sgd(double[] p, double[] g, double[] buf, SgdParams hp, long step) {
        for (int i = 0; i < p.length; i++) {
            double d = g[i] + hp.weightDecay() * p[i];
            if (hp.usesMomentum()) {
                buf[i] = step == 1 ? d : hp.momentum() * buf[i] + (1 - hp.dampening()) * d;
                d = hp.nesterov() ? d + hp.momentum() * buf[i] : buf[i];
            }
            p[i] -= hp.lr() * d;
        }
    }

    /** {@link CaffeSgdParams}: {@code v = momentum v - wd lr w - lr g; w = w + v}. */
    public static void sgdCaffe(double[] w, double[] g, double[] v, CaffeSgdParams hp) {
        for (int i = 0; i < w.length; i++) {
            v[i] = hp.momentum() * v[i] - hp.weightDecay() * hp.lr() * w[i] - hp.lr() * g[i];
            w[i] += v[i];
        }
    }

    /** {@link AdamParams}: Adam, or AdamW when decoupled. */
    public static void adam(double[] p, double[] g, double[] m, double[] v, AdamParams hp, long step) {
        double stepSize = hp.lr() / (1 - Math.pow(hp.beta1(), step));
        double bc2Sqrt = Math.sqrt(1 - Math.pow(hp.beta2(), step));
        for (int i = 0; i < p.length; i++) {
            double d = g[i];
            if (hp.decoupled()) {
                p[i] *= 1 - hp.lr() * hp.weightDecay();
            } else {
                d += hp.weightDecay() * p[i];
            }
            m[i] = hp.beta1() * m[i] + (1 - hp.beta1()) * d;
            v[i] = hp.beta2() * v[i] + (1 - hp.beta2()) * d * d;
            p[i] -= stepSize * m[i] / (Math.sqrt(v[i]) / bc2Sqrt + hp.eps());
        }
    }

    /** {@link RmspropParams}: {@code buf} may be null without momentum. */
    public static void rmsprop(double[] p, double[] g, double[] sq, double[] buf, RmspropParams hp) {
        for (int i = 0; i < p.length; i++) {
            double d = g[i] + hp.weightDecay() * p[i];
            sq[i] = hp.alpha() * sq[i] + (1 - hp.alpha()) * d * d;
            double avg = Math.sqrt(sq[i]) + hp.eps();
            if (hp.usesMomentum()) {
                buf[i] = hp.momentum() * buf[i] + d / avg;
                p[i] -= hp.lr() * buf[i];
            } else {
                p[i] -= hp.lr() * d / avg;
            }
        }
    }

    /** {@link AdagradParams}. */
    public static void adagrad(double[] p, double[] g, double[] sum, AdagradParams hp, long step) {
        double clr = hp.learningRate(step);
        for (int i = 0; i < p.length; i++) {
            double d = g[i] + hp.weightDecay() * p[i];
            sum[i] += d * d;
            p[i] -= clr * d / (Math.sqrt(sum[i]) + hp.eps());
        }
    }
}
