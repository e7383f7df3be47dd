package io.hone.core.chat;

import com.hubspot.jinjava.interpret.CollectionTooBigException;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.OutputTooBigException;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.tag.ForTag;
import com.hubspot.jinjava.tree.TagNode;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What one render of a chat template may cost, so that a template written to blow up (a string doubled in a loop,
 * {@code range(10**9)}, loops nested a thousand deep) fails with one line in well under a second instead of running
 * out of memory or time. Real chat templates stay far below: they loop over the messages and tools once or twice.
 */
final class TemplateLimits {
    /** Rendered output and any string built on the way (16 Mi characters, far past any model's context). */
    static final long MAX_CHARS = 1L << 24;
    /** Loop iterations of one render, all loops together, and the longest {@code range()}. */
    static final long MAX_ITERATIONS = 1_000_000;

    /** Items of one list or dict. */
    static final int MAX_ITEMS = 1_000_000;

    private TemplateLimits() {}

    /**
     * The one-line reason when Jinjava stopped at one of these limits (a fatal error, or a warning for a {@code join}
     * it truncated), else null.
     */
    static String overLimit(TemplateError error) {
        for (Throwable t = error.getException(); t != null; t = t.getCause()) {
            if (t instanceof OutputTooBigException) return "the output or a string grows past " + MAX_CHARS + " characters";
            if (t instanceof CollectionTooBigException) return "a list or dict grows past " + MAX_ITEMS + " items";
        }
        String m = String.valueOf(error.getMessage());
        return switch (error.getReason()) {
            case OUTPUT_TOO_BIG -> "the output or a string grows past " + MAX_CHARS + " characters";
            case COLLECTION_TOO_BIG -> "a list or dict grows past " + MAX_ITEMS + " items";
            default -> m.contains("has been truncated") || m.contains("exceeds maximum allowed length")
                    ? "a string grows past " + MAX_CHARS + " characters" : null;
        };
    }

    /** Loop iterations spent so far in one render; shared by the interpreters of that render. */
    static final class Budget {
        private long iterations;

        void spend(long n) {
            iterations += n;
            if (iterations > MAX_ITERATIONS) {
                throw new PyError("the template loops more than " + MAX_ITERATIONS + " times in one render");
            }
        }
    }

    /** jinja2's {@code range(stop)}, {@code range(start, stop[, step])}, refused past {@link #MAX_ITERATIONS} items. */
    public static List<Long> range(Object first, Object... rest) {
        if (rest.length > 2) throw new PyError("range expected at most 3 arguments, got " + (rest.length + 1));
        long start = 0, stop, step = 1;
        if (rest.length == 0) {
            stop = integer(first);
        } else {
            start = integer(first);
            stop = integer(rest[0]);
            if (rest.length == 2) step = integer(rest[1]);
        }
        if (step == 0) throw new PyError("range() arg 3 must not be zero");
        long count = step > 0 ? (stop > start ? (stop - start - 1) / step + 1 : 0)
                : (start > stop ? (start - stop - 1) / -step + 1 : 0);
        if (count > MAX_ITERATIONS) {
            throw new PyError("range() of " + count + " items is over the limit of " + MAX_ITERATIONS);
        }
        List<Long> out = new ArrayList<>((int) count);
        for (long i = 0, v = start; i < count; i++, v += step) out.add(v);
        return out;
    }

    private static long integer(Object o) {
        if (o instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) return n.longValue();
        throw new PyError("range() takes integers, got " + PyRepr.str(o));
    }

    /** jinja2's {@code for}, counting each loop's items against the render's {@link Budget} before it runs. */
    static final class CountedFor extends ForTag {
        @Override
        public String renderForCollection(TagNode tagNode, JinjavaInterpreter interpreter, List<String> loopVars, Object collection) {
            if (interpreter instanceof PyInterpreter py) py.budget().spend(size(collection));
            return super.renderForCollection(tagNode, interpreter, loopVars, collection);
        }

        private static long size(Object c) {
            if (c instanceof Collection<?> x) return x.size();
            if (c instanceof Map<?, ?> x) return x.size();
            if (c instanceof CharSequence x) return x.length();
            if (c != null && c.getClass().isArray()) return Array.getLength(c);
            return 1;
        }
    }
}
