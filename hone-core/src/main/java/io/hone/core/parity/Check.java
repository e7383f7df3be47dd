package io.hone.core.parity;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.hone.core.io.JsonFile;

/** One parity comparison: what was compared, the error measured, the bound it must meet. */
public record Check(String name, double error, double tolerance, boolean pass, String detail) {
    public static Check within(String name, double error, double tolerance) {
        return new Check(name, error, tolerance, error <= tolerance, "");
    }

    public static Check exact(String name, boolean equal, String detail) {
        return new Check(name, equal ? 0 : 1, 0, equal, equal ? "identical" : detail);
    }

    /** {@code s} as a JSON string literal, for a mismatch's detail (shows escapes and white space). */
    static String quote(String s) {
        try {
            return JsonFile.MAPPER.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            return s;
        }
    }

    public String line() {
        String err = tolerance == 0 && detail != null && !detail.isEmpty()
                ? (pass ? detail : "MISMATCH " + detail)
                : String.format("max err %.3e (tol %.1e)%s", error, tolerance, detail.isEmpty() ? "" : " " + detail);
        return String.format("%-4s %-56s %s", pass ? "PASS" : "FAIL", name, err);
    }
}
