package io.hone.train;

import io.hone.core.ops.DenseLinear;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Central differences for LoRA and DoRA layers, with input dropout and a base bias. */
class AdapterLinearGradTest {
    private static final float EPS = 1e-2f;
    private final SplittableRandom rnd = new SplittableRandom(5);
    private final int rows = 5, in = 7, out = 6, r = 3;
    private final long seed = 1234;

    @Test
    void loraWithDropout() {
        var base = new DenseLinear(TinyModels.random(rnd, out * in, 0.5), TinyModels.random(rnd, out, 0.5), out, in);
        var lora = new LoraLinear("m", base, TinyModels.random(rnd, r * in, 0.5), TinyModels.random(rnd, out * r, 0.5), r, 2.5f, 0.3);
        float[] x = TinyModels.random(rnd, rows * in, 1), g = TinyModels.random(rnd, rows * out, 1);
        float[] y = new float[rows * out], dx = new float[x.length];
        var saved = lora.forwardTrain(x, rows, y, seed);
        lora.backward(saved, x, g, rows, dx);
        DoubleSupplier loss = () -> {
            float[] o = new float[rows * out];
            lora.forwardTrain(x, rows, o, seed);
            return dot(g, o);
        };
        check("dx", dx, x, loss);
        check("dA", lora.a().grad(), lora.a().value(), loss);
        check("dB", lora.b().grad(), lora.b().value(), loss);

        float[] eval = new float[rows * out], withoutDropout = new float[rows * out];
        lora.forward(x, rows, eval);
        new LoraLinear("m", base, lora.a().value(), lora.b().value(), r, 2.5f, 0).forwardTrain(x, rows, withoutDropout, seed);
        assertThat(eval).containsExactly(withoutDropout);
    }

    @Test
    void doraWithoutDropoutMatchesPeftFormula() {
        dora(0);
    }

    @Test
    void doraWithDropout() {
        dora(0.25);
    }

    private void dora(double p) {
        float[] w = TinyModels.random(rnd, out * in, 0.5), bias = TinyModels.random(rnd, out, 0.5);
        var base = new DenseLinear(w, bias, out, in);
        float s = 1.5f;
        var dora = new DoraLinear("m", base, TinyModels.random(rnd, r * in, 0.5), TinyModels.random(rnd, out * r, 0.5),
                null, r, s, p);
        for (int i = 0; i < out; i++) dora.magnitude().value()[i] *= (float) (1 + 0.3 * rnd.nextGaussian());
        float[] x = TinyModels.random(rnd, rows * in, 1), g = TinyModels.random(rnd, rows * out, 1);
        float[] y = new float[rows * out], dx = new float[x.length];
        var saved = dora.forwardTrain(x, rows, y, seed);
        dora.backward(saved, x, g, rows, dx);

        // PEFT's DoRA with the norm frozen at its current value: the function whose gradient the backward is
        float[] norm0 = dora.weightNorm();
        DoubleSupplier frozenNorm = () -> dot(g, reference(w, bias, dora, norm0, x, s, p));
        assertThat(maxAbsDiff(y, reference(w, bias, dora, norm0, x, s, p))).isLessThan(1e-5);
        DoubleSupplier real = () -> {
            float[] o = new float[rows * out];
            dora.forwardTrain(x, rows, o, seed);
            return dot(g, o);
        };
        check("dx", dx, x, real);
        check("dm", dora.magnitude().grad(), dora.magnitude().value(), real);
        check("dA", dora.a().grad(), dora.a().value(), frozenNorm);
        check("dB", dora.b().grad(), dora.b().value(), frozenNorm);
    }

    /** y = Wx + b + (c−1)·W·xd + c·s·B·A·xd, c = m/norm0, computed in double by plain loops. */
    private float[] reference(float[] w, float[] bias, DoraLinear d, float[] norm0, float[] x, float s, double p) {
        float[] xd = new float[x.length];
        if (p > 0) Dropout.apply(x, xd, x.length, p, seed);
        else System.arraycopy(x, 0, xd, 0, x.length);
        float[] a = d.a().value(), b = d.b().value(), m = d.magnitude().value(), y = new float[rows * out];
        for (int t = 0; t < rows; t++) {
            for (int o = 0; o < out; o++) {
                double wx = 0, wxd = 0, lora = 0;
                for (int i = 0; i < in; i++) {
                    wx += (double) w[o * in + i] * x[t * in + i];
                    wxd += (double) w[o * in + i] * xd[t * in + i];
                }
                for (int k = 0; k < r; k++) {
                    double ax = 0;
                    for (int i = 0; i < in; i++) ax += (double) a[k * in + i] * xd[t * in + i];
                    lora += b[o * r + k] * ax;
                }
                double c = m[o] / (double) norm0[o];
                y[t * out + o] = (float) (wx + bias[o] + (c - 1) * wxd + c * s * lora);
            }
        }
        return y;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (double) a[i] * b[i];
        return s;
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }

    private static void check(String what, float[] analytic, float[] param, DoubleSupplier loss) {
        double d = 0, n = 0;
        for (int i = 0; i < param.length; i++) {
            float keep = param[i];
            param[i] = keep + EPS;
            double up = loss.getAsDouble();
            param[i] = keep - EPS;
            double down = loss.getAsDouble();
            param[i] = keep;
            double fd = (up - down) / (2 * EPS);
            d += (fd - analytic[i]) * (fd - analytic[i]);
            n += fd * fd;
        }
        assertThat(n).as(what + " numeric gradient is zero").isGreaterThan(0);
        assertThat(Math.sqrt(d / n)).as(what + " ‖analytic − numeric‖/‖numeric‖").isLessThan(2e-3);
    }
}
