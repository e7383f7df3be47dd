package io.hone.core.parity;

/** Error measures used by the fixtures README tolerances. */
public final class Compare {
    private Compare() {}

    public static double maxAbsDiff(float[] a, int aOff, float[] b, int bOff, int n) {
        double m = 0;
        for (int i = 0; i < n; i++) {
            double d = Math.abs((double) a[aOff + i] - b[bOff + i]);
            if (!(d <= m)) m = Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
        }
        return m;
    }

    public static double maxAbs(float[] a) {
        double m = 0;
        for (float v : a) m = Math.max(m, Math.abs(v));
        return m;
    }

    /** ‖a − b‖ / ‖b‖, computed in double. */
    public static double relNorm(float[] a, float[] b) {
        double num = 0, den = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (double) a[i] - b[i];
            num += d * d;
            den += (double) b[i] * b[i];
        }
        return Math.sqrt(num) / Math.max(Math.sqrt(den), 1e-30);
    }
}
