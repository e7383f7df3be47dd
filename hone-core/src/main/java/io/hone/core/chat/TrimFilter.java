package io.hone.core.chat;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.AdvancedFilter;
import java.util.Map;

/** jinja2's {@code trim(value, chars=None)}: {@code str(value).strip(chars)} with Python's whitespace set. */
final class TrimFilter implements AdvancedFilter {
    @Override
    public String getName() {
        return "trim";
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
        Object chars = args.length > 0 ? args[0] : kwargs.get("chars");
        return PyStrings.strip(var == null ? "" : PyRepr.str(var), chars == null ? null : PyRepr.str(chars));
    }
}
