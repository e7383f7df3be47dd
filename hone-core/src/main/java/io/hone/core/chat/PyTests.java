package io.hone.core.chat;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import java.util.Map;

/** jinja2's {@code iterable} and {@code sequence} tests, which are true for strings and dicts (Jinjava's are not). */
final class PyTests {
    private PyTests() {}

    static boolean iterableOrSequence(Object value) {
        return value instanceof Iterable<?> || value instanceof Map<?, ?> || value instanceof CharSequence
                || value instanceof com.hubspot.jinjava.objects.SafeString || (value != null && value.getClass().isArray());
    }

    static ExpTest named(String name) {
        return new ExpTest() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public boolean evaluate(Object value, JinjavaInterpreter interpreter, Object... args) {
                return iterableOrSequence(value);
            }
        };
    }
}
