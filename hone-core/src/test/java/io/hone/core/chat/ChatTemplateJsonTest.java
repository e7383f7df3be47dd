package io.hone.core.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hone.core.HoneException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** transformers' tojson (json.dumps with ensure_ascii=False) and Python printing. Expected values from CPython 3.11. */
class ChatTemplateJsonTest {
    static String render(String template, Map<String, Object> vars) {
        return ChatTemplatePythonStringsTest.render(template, vars);
    }

    static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void tojsonOneLineKeepsInsertionOrderAndUnicode() {
        Map<String, Object> d = ordered("z", 1, "a", "é", "n", null, "b", true, "f", 1.5, "l", List.of(1, "x"));
        assertThat(render("{{ d | tojson }}", Map.of("d", d)))
                .isEqualTo("{\"z\": 1, \"a\": \"é\", \"n\": null, \"b\": true, \"f\": 1.5, \"l\": [1, \"x\"]}");
    }

    @Test
    void tojsonIndent() {
        Map<String, Object> d = ordered("z", 1, "a", List.of(1, 2), "e", Map.of(), "el", List.of());
        assertThat(render("{{ d | tojson(indent=2) }}", Map.of("d", d)))
                .isEqualTo("{\n  \"z\": 1,\n  \"a\": [\n    1,\n    2\n  ],\n  \"e\": {},\n  \"el\": []\n}");
    }

    @Test
    void tojsonOptions() {
        Map<String, Object> d = ordered("b", "é", "a", 1);
        assertThat(render("{{ d | tojson(sort_keys=true) }}", Map.of("d", d))).isEqualTo("{\"a\": 1, \"b\": \"é\"}");
        assertThat(render("{{ d | tojson(ensure_ascii=true) }}", Map.of("d", d))).isEqualTo("{\"b\": \"\\u00e9\", \"a\": 1}");
        assertThat(render("{{ d | tojson(separators=(',', ':')) }}", Map.of("d", d))).isEqualTo("{\"b\":\"é\",\"a\":1}");
        assertThat(new PyJson(null, true, null, false).write("🦙")).isEqualTo("\"\\ud83e\\udd99\"");
        assertThatThrownBy(() -> render("{{ d | tojson(bogus=1) }}", Map.of("d", d))).isInstanceOf(HoneException.class)
                .hasMessage("chat template: line 1: tojson got an unexpected keyword argument 'bogus'");
    }

    @Test
    void tojsonEscapes() {
        String s = "日本 \"q\" <b> \\ / \u0001\u007f\u2028\t\n\r\b\f";
        assertThat(PyJson.dumps(s)).isEqualTo("\"日本 \\\"q\\\" <b> \\\\ / \\u0001\u007f\u2028\\t\\n\\r\\b\\f\"");
    }

    @Test
    void toolSchemaAsToolCallingTemplatesEmbedIt() {
        Map<String, Object> props = ordered("city", ordered("type", "string", "description", "City, e.g. Zürich"));
        Map<String, Object> tool = ordered("type", "function", "function", ordered("name", "get_weather",
                "parameters", ordered("type", "object", "properties", props, "required", List.of("city"))));
        assertThat(render("{% for t in tools %}{{ t | tojson }}{% endfor %}", Map.of("tools", List.of(tool))))
                .isEqualTo("{\"type\": \"function\", \"function\": {\"name\": \"get_weather\", \"parameters\": "
                        + "{\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\", \"description\": "
                        + "\"City, e.g. Zürich\"}}, \"required\": [\"city\"]}}}");
    }

    @Test
    void floatsAsPythonRepr() {
        double[] values = {0.0, -0.0, 1.0, 1.5, 0.1, 0.1 + 0.2, 1e16, 1e15, 123456789012345680.0, 1e-4, 1e-5, 1.5e-7,
            2.5e-300, Double.MAX_VALUE, Double.MIN_VALUE, 100.0, 1234.5678, -3.25, 3.14159, 1.0 / 3, 2.0 / 3 * 1e20};
        String[] python = {"0.0", "-0.0", "1.0", "1.5", "0.1", "0.30000000000000004", "1e+16", "1000000000000000.0",
            "1.2345678901234568e+17", "0.0001", "1e-05", "1.5e-07", "2.5e-300", "1.7976931348623157e+308", "5e-324",
            "100.0", "1234.5678", "-3.25", "3.14159", "0.3333333333333333", "6.666666666666666e+19"};
        for (int i = 0; i < values.length; i++) {
            assertThat(PyRepr.floatRepr(values[i])).as("%s", values[i]).isEqualTo(python[i]);
        }
        assertThat(PyRepr.floatRepr(Double.POSITIVE_INFINITY)).isEqualTo("inf");
        assertThat(PyRepr.floatRepr(Double.NaN)).isEqualTo("nan");
        assertThat(PyJson.dumps(List.of(Double.POSITIVE_INFINITY, Double.NaN, 1e-7)))
                .isEqualTo("[Infinity, NaN, 1e-07]");
    }

    @Test
    void valuesPrintAsPythonStr() {
        assertThat(render("{{ true }} {{ false }} {{ [1, 'a', none, true] }} {{ {'a': 1} }} {{ 7 / 2 }} {{ x }}",
                Map.of("x", 0.5))).isEqualTo("True False [1, 'a', None, True] {'a': 1} 3.5 0.5");
        assertThat(PyRepr.repr("it's")).isEqualTo("\"it's\"");
        assertThat(PyRepr.repr("say \"hi\"")).isEqualTo("'say \"hi\"'");
        assertThat(PyRepr.repr("both ' and \"")).isEqualTo("'both \\' and \"'");
        assertThat(PyRepr.repr("tab\tnl\nbs\\")).isEqualTo("'tab\\tnl\\nbs\\\\'");
        assertThat(PyRepr.repr("\u0000\u007f\u0085\u00a0\u200b\u2028é日🦙"))
                .isEqualTo("'\\x00\\x7f\\x85\\xa0\\u200b\\u2028é日🦙'");
    }
}
