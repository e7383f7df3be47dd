package io.hone.core.chat;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.AdvancedFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code tojson} as transformers defines it for chat templates:
 * {@code tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False)} → {@code json.dumps(...)}.
 * (Jinjava's own tojson writes compact Jackson output; jinja2's sorts keys and escapes HTML.)
 */
final class ToJsonFilter implements AdvancedFilter {
    private static final List<String> PARAMS = List.of("ensure_ascii", "indent", "separators", "sort_keys");

    @Override
    public String getName() {
        return "tojson";
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
        Object[] values = new Object[PARAMS.size()];
        if (args.length > PARAMS.size()) {
            throw new PyError("tojson takes at most 4 arguments");
        }
        System.arraycopy(args, 0, values, 0, args.length);
        kwargs.forEach((name, value) -> {
            int i = PARAMS.indexOf(name);
            if (i < 0) {
                throw new PyError("tojson got an unexpected keyword argument '" + name + "'");
            }
            values[i] = value;
        });
        return new PyJson(indent(values[1]), truthy(values[0]), separators(values[2]), truthy(values[3])).write(var);
    }

    private static boolean truthy(Object o) {
        return o instanceof Boolean b ? b : o instanceof Number n ? n.doubleValue() != 0 : o != null;
    }

    /** Python: an int n means n spaces, a string is used as is, None means one line. */
    private static String indent(Object o) {
        return switch (o) {
            case null -> null;
            case Number n -> " ".repeat((int) Math.max(0, n.longValue()));
            default -> o.toString();
        };
    }

    private static List<String> separators(Object o) {
        if (o == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        if (o instanceof Iterable<?> items) {
            items.forEach(x -> out.add(String.valueOf(x)));
        }
        if (out.size() != 2) {
            throw new PyError("tojson separators must be a pair of strings");
        }
        return out;
    }
}
