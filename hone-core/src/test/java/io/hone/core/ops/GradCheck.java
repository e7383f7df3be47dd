package io.hone.core.ops;

import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Central finite differences in FP32 (eps 1e-2 by default) against an analytic gradient, compared by relative norm. */
final class GradCheck {
    static final float EPS = 1e-2f;
    static final double TOL = 2e-3;

    private GradCheck() {}

    static float[] random(SplittableRandom rnd, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) ((rnd.nextDouble() * 2 - 1) * scale);
        return a;
    }

    /** Σ r_i·y_i in double: a scalar loss whose gradient wrt y is r. */
    static double dot(float[] r, float[] y) {
        double s = 0;
        for (int i = 0; i < y.length; i++) s += (double) r[i] * y[i];
        return s;
    }

    static double[] numeric(float[] p, DoubleSupplier loss) {
        double[] g = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            float keep = p[i];
            p[i] = keep + EPS;
            double up = loss.getAsDouble();
            p[i] = keep - EPS;
            double down = loss.getAsDouble();
            p[i] = keep;
            g[i] = (up - down) / (2.0 * EPS);
        }
        return g;
    }

    static void check(String what, float[] analytic, float[] param, DoubleSupplier loss) {
        double[] num = numeric(param, loss);
        double d = 0, n = 0;
        for (int i = 0; i < num.length; i++) {
            d += (analytic[i] - num[i]) * (analytic[i] - num[i]);
            n += num[i] * num[i];
        }
        assertThat(n).as(what + ": numeric gradient is zero").isGreaterThan(0);
        assertThat(Math.sqrt(d / n)).as(what + " ‖analytic − numeric‖/‖numeric‖").isLessThan(TOL);
    }
}
