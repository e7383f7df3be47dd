package io.hone.core.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hone.core.HoneException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Jinja semantics chat templates rely on: whitespace control, precedence, loops, slicing, namespace, tests.
 * Each expected string was produced by jinja2 3.1.6 configured as transformers configures it
 * (ImmutableSandboxedEnvironment, trim_blocks, lstrip_blocks, loopcontrols).
 */
class ChatTemplateJinjaTest {
    /** {template, variables as JSON, jinja2's output}. */
    static final String[][] JINJA2 = {
            {"{% raw %}\n  {{ x }}\n  {% endraw %}\nz", "{}", "\n  {{ x }}\nz"},
            {" {% raw -%}  a  {%- endraw %} b", "{}", "a b"},
            {"a  {#- c -#}  b", "{}", "ab"},
            {"a\n  {#+ c #}\nb", "{}", "a\n  b"},
            {"a\n\t {% if 1 %}x{% endif %}", "{}", "a\nx"},
            {"a\n  {%+ if 1 %}x{% endif %}\n", "{}", "a\n  x"},
            {"{% if 1 +%}\nx{% endif %}\n\n", "{}", "\nx"},
            {"line1\r\nline2\r{{ 'x' }}\r\n", "{}", "line1\nline2\nx"},
            {"{{ '%}' }}{% set s = '}}' %}{{ s }}{{ \"-%}\" }}", "{}", "%}}}-%}"},
            {"{% set d = {'a': {'b': 1}} %}{{ d['a']['b'] }}", "{}", "1"},
            {"  {{ 'a' }}\n  {{- 'b' -}}  \n  c", "{}", "  abc"},
            {"{%- if true %}\n    a\n{%- endif %}\n", "{}", "    a"},
            {"{% for i in [1,2] -%}\n  {{ i }}\n{%- endfor %}", "{}", "12"},
            {"{#- start -#}\n  {% set x = 1 -%}\n  {{ x }}\n", "{}", "1"},
            {"{% if true %}   \nA{% endif %}", "{}", "   \nA"},
            {"x {% if true %}\n y{% endif %}", "{}", "x  y"},
            {"{{ 1 }}\n  {% if 1 %}z{% endif %}", "{}", "1\nz"},
            {"{% if 1 %}\n  {% if 1 %}\n  q\n  {% endif %}\n{% endif %}", "{}", "  q\n"},
            {"{{ 5 -}}  x", "{}", "5x"},
            {"{{ 5 - 2 }}", "{}", "3"},
            {"{{ not 1 == 2 }} {{ not x is defined }} {{ not y is defined }} {{ not x in [1] }} {{ x is not none }} {{ x not in [2] }} {{ not not x }} {{ not x and true }} {{ [1,2,3][::-1] }} {{ 'abc'[::-1] }} {{ not(x == 1) }} {{ 1 if not x == 2 else 0 }}", "{\"x\": 1}", "True False True False True True True False [3, 2, 1] cba False 1"},
            {"{% for m in xs[::-1] %}{{ loop.index0 }}{{ m }}{% endfor %}{% if not xs|length == 3 %}X{% endif %}", "{\"xs\": [1, 2, 3]}", "031221"},
            {"{% set ns = namespace(a=not false) %}{{ ns.a }} {{ [not false, not 1 > 2] }} {{ {'k': not 0 == 0} }}", "{}", "True [True, True] {'k': False}"},
            {"a {% if true %}b{% endif %}c", "{}", "a bc"},
            {"a {% if false %}b{% endif %} c", "{}", "a  c"},
            {"x\n   {% if true %}\n  b\n   {% endif %}\ny", "{}", "x\n  b\ny"},
            {"x\n   {%+ if true %}\n  b\n   {% endif %}\ny", "{}", "x\n     b\ny"},
            {"{{ 'abc'[-1] }}", "{}", "c"},
            {"{{ 'abc'[1:] }}|{{ 'abcdef'[1:-1] }}|{{ [1,2,3][-2:] }}|{{ [1,2,3][:2] }}", "{}", "bc|bcde|[2, 3]|[1, 2]"},
            {"{# comment #}\nA\n{# c2 #}  \nB", "{}", "A\n  \nB"},
            {"A {# c #} B", "{}", "A  B"},
            {"{% for x in [1,2] %}\n  {{ x }}\n{% endfor %}\n", "{}", "  1\n  2\n"},
            {"{%- for x in [1,2] -%}\n  {{- x -}}  \n{%- endfor -%}\n\n", "{}", "12"},
            {"  {{ 'a' }}  \n  {% set x = 1 %}  \nz", "{}", "  a  \n  \nz"},
            {"{% macro f(a, b='d') %}[{{ a }}{{ b }}]{% endmacro %}{{ f('x') }}{{ f('x', b='y') }}", "{}", "[xd][xy]"},
            {"{% set parts = 'a</think>b'.split('</think>') %}{{ parts[-1].lstrip('\\n') }}{{ parts|length }}", "{}", "b2"},
            {"{{ 'a</think>\\nb'.split('</think>')[-1].lstrip('\\n') }}", "{}", "b"},
            {"{% if m.content is string %}S{% endif %}{% if m.tool_calls is defined and m.tool_calls %}T{% endif %}", "{\"m\": {\"content\": \"x\", \"tool_calls\": [{\"a\": 1}]}}", "ST"},
            {"{{ m['tool_calls'][0]['function']['arguments'] | tojson }}", "{\"m\": {\"tool_calls\": [{\"function\": {\"name\": \"f\", \"arguments\": {\"b\": 1, \"a\": [1.5, \"é\"]}}}]}}", "{\"b\": 1, \"a\": [1.5, \"é\"]}"},
            {"{%- set ns = namespace(last=-1) %}{%- for m in xs %}{%- if m.role == 'user' %}{%- set ns.last = loop.index0 %}{%- endif %}{%- endfor %}{{ ns.last }}", "{\"xs\": [{\"role\": \"user\"}, {\"role\": \"assistant\"}, {\"role\": \"user\"}, {\"role\": \"assistant\"}]}", "2"},
            {"{{ (xs | length) - 1 }} {{ xs|length - 1 }}", "{\"xs\": [1, 2, 3]}", "2 2"},
            {"{{ '<tool_call>\\n' ~ tc | tojson ~ '\\n</tool_call>' }}", "{\"tc\": {\"name\": \"f\", \"arguments\": {\"x\": 1}}}", "<tool_call>\n{\"name\": \"f\", \"arguments\": {\"x\": 1}}\n</tool_call>"},
            {"{{ 'a' + 'b' | upper }}", "{}", "aB"},
            {"{{ not true }} {{ 1 == 1.0 }} {{ 'a' != 'b' and true }} {{ none is none }}", "{}", "False True True True"},
            {"{{ x | default('d') }} {{ '' | default('d', true) }}", "{}", "d d"},
            {"{% for k in d %}{{ k }}{% endfor %} {{ d | length }} {{ d.keys() | list }}", "{\"d\": {\"b\": 1, \"a\": 2}}", "ba 2 ['b', 'a']"},
            {"{{ [3,1,2] | sort | join(',') }} {{ ['a','b'] | join }} {{ [1,2] | first }} {{ [1,2] | last }}", "{}", "1,2,3 ab 1 2"},
            {"{{ 5 / 2 }} {{ 4 / 2 }} {{ 1.0 }} {{ 0.1 + 0.2 }} {{ 1e20 }} {{ 10 ** 16 }} {{ 2.5 | int }} {{ '3' | int + 1 }}", "{}", "2.5 2.0 1.0 0.30000000000000004 1e+20 10000000000000000 2 4"},
            {"{{ range(3) | list }} {% for i in range(1, 3) %}{{ i }}{% endfor %}", "{}", "[0, 1, 2] 12"},
            {"{{ 'hello'|capitalize }} {{ 'hello world'|title }} {{ 'AbC'|lower }} {{ 'abc'|upper }} {{ 'a b c'|wordcount }}", "{}", "Hello Hello World abc ABC 3"},
            {"{{ '%s and %s' | format('a', 'b') }}", "{}", "a and b"},
            {"{{ xs | selectattr('role', 'equalto', 'user') | map(attribute='content') | join(' ') }}", "{\"xs\": [{\"role\": \"user\", \"content\": \"a\"}, {\"role\": \"assistant\", \"content\": \"b\"}, {\"role\": \"user\", \"content\": \"c\"}]}", "a c"},
            {"{{ m.content }}", "{\"m\": {\"content\": \"{{ 1 + 1 }} {% if %}\"}}", "{{ 1 + 1 }} {% if %}"},
            {"{% for m in xs %}{% if loop.first %}F{% endif %}{{ loop.revindex0 }}{% if not loop.last %},{% endif %}{% endfor %}", "{\"xs\": [1, 2, 3]}", "F2,1,0"},
            {"{% for m in xs %}{% if m == 2 %}{% continue %}{% endif %}{{ m }}{% endfor %}", "{\"xs\": [1, 2, 3]}", "13"},
            {"{{ 'Ab'.startswith('a') }} {{ 'Ab'.lower().startswith('a') }} {{ '  x  '.strip().upper() }}", "{}", "False True X"},
            {"{{ d.get('missing') is none }} {{ d['a'] }} {{ d.a }}", "{\"d\": {\"a\": 1}}", "True 1 1"},
            {"{{ (xs[::-1])[0].a }} {% for m in xs[1:][::-1] %}{{ m.a }}{% endfor %}", "{\"xs\": [{\"a\": 1}, {\"a\": 2}, {\"a\": 3}]}", "3 32"},
            {"{% macro f(a, b=1 + 1) %}{{ a }}{{ b }}{% endmacro %}{{ f(1) }}{{ f(1, b=2 * 3) }}", "{}", "1216"},
            {"{{ 'not this' if not false else 'x' }} {{ \"a not b\" }}", "{}", "not this a not b"},
            {"{{ xs | map(attribute='a') | list }} {{ xs | selectattr('skip') | list | length }}", "{\"xs\": [{\"a\": 1, \"skip\": true}, {\"a\": 2, \"skip\": false}]}", "[1, 2] 1"},
    };

    @TestFactory
    List<DynamicTest> rendersLikeJinja2() {
        ObjectMapper json = new ObjectMapper();
        List<DynamicTest> tests = new ArrayList<>();
        for (String[] c : JINJA2) {
            tests.add(DynamicTest.dynamicTest(c[0], () -> {
                @SuppressWarnings("unchecked")
                Map<String, Object> vars = json.readValue(c[1], LinkedHashMap.class);
                assertThat(ChatTemplatePythonStringsTest.render(c[0], vars)).isEqualTo(c[2]);
            }));
        }
        return tests;
    }

    @Test
    void messagesAreMapsWithRoleAndContent() {
        ChatTemplate t = ChatTemplate.of("{% for m in messages %}{{ loop.index0 }}:{{ m.role }}={{ m['content'] }}"
                + "{% if not loop.last %}, {% endif %}{% endfor %}{% if add_generation_prompt %}>{% endif %}"
                + " {{ messages[1:] | length }} {{ messages[-1].content }}", "", "");
        List<ChatMessage> conv = List.of(ChatMessage.system("s"), ChatMessage.user("u"), ChatMessage.assistant("a"));
        assertThat(t.render(conv, true)).isEqualTo("0:system=s, 1:user=u, 2:assistant=a> 2 a");
        assertThat(t.render(conv, false)).isEqualTo("0:system=s, 1:user=u, 2:assistant=a 2 a");
    }

    @Test
    void messageTextIsNeverInterpretedAsTemplate() {
        ChatTemplate t = ChatTemplate.of("{{ messages[0].content }}", "", "");
        assertThat(t.render(List.of(ChatMessage.user("{{ 1 + 1 }} {% if %} {# x #}")), false))
                .isEqualTo("{{ 1 + 1 }} {% if %} {# x #}");
    }

    @Test
    void undefinedRendersEmptyAndExtraVariablesAreVisible() {
        ChatTemplate t = ChatTemplate.of("[{{ nothing }}][{{ nothing.deeper }}]{% if tools is defined %}{{ tools | length }}"
                + "{% endif %}{{ bos_token }}{{ eos_token }}", "<s>", "</s>");
        assertThat(t.render(List.of(), false)).isEqualTo("[][]<s></s>");
        assertThat(t.render(List.of(), false, Map.of("tools", List.of(1, 2), "eos_token", "<eos>")))
                .isEqualTo("[][]2<s><eos>");
    }

    @Test
    void loopFiltersFailInsteadOfLoopingOverNothing() {
        assertThatThrownBy(() -> ChatTemplatePythonStringsTest.render("{% for x in xs if x %}{{ x }}{% endfor %}"))
                .isInstanceOf(HoneException.class)
                .hasMessage("chat template: loop filters ({% for x in xs if condition %}) are not supported: for x in xs if x");
        assertThat(ChatTemplatePythonStringsTest.render("{% for x in (xs if xs else [0]) %}{{ x }}{% endfor %}",
                Map.of("xs", List.of()))).isEqualTo("0");
    }

    @Test
    void templateErrorsFailWithTheLine() {
        assertThatThrownBy(() -> ChatTemplatePythonStringsTest.render("ok\n{{ 1 + }}"))
                .isInstanceOf(HoneException.class).hasMessageStartingWith("chat template: line 2: ");
        assertThatThrownBy(() -> ChatTemplatePythonStringsTest.render("{% if true %}never closed"))
                .isInstanceOf(HoneException.class).hasMessageStartingWith("chat template: line 1: ");
        assertThatThrownBy(() -> ChatTemplatePythonStringsTest.render("{{ 'unclosed }}"))
                .isInstanceOf(HoneException.class).hasMessage("chat template: unclosed {{ at offset 0");
    }
}
