package io.hone.core.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hone.core.HoneException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Python str methods in templates. Every expected value was printed by CPython 3.11. */
class ChatTemplatePythonStringsTest {
    static String render(String template, Map<String, Object> vars) {
        return ChatTemplate.of(template, "<s>", "</s>").render(List.of(), false, vars);
    }

    static String render(String template) {
        return render(template, Map.of());
    }

    @Test
    void splitLiteralSeparator() {
        assertThat(PyStrings.split("a|b||c", "|", -1)).containsExactly("a", "b", "", "c");
        assertThat(PyStrings.split("a,b,c", ",", 1)).containsExactly("a", "b,c");
        assertThat(PyStrings.split("a<>b<>", "<>", -1)).containsExactly("a", "b", "");
        assertThat(PyStrings.split("", ",", -1)).containsExactly("");
        assertThat(render("{{ 'a|b||c'.split('|') }}")).isEqualTo("['a', 'b', '', 'c']");
        assertThat(render("{{ 'a.b.c'.split('.') }}")).isEqualTo("['a', 'b', 'c']"); // a regex would see "any char"
        assertThat(render("{{ 'a,b,c'.split(',', 1) }}")).isEqualTo("['a', 'b,c']");
        assertThat(render("{{ 'a</think>\\nb'.split('</think>')[-1].lstrip('\\n') }}")).isEqualTo("b");
    }

    @Test
    void splitWhitespace() {
        assertThat(PyStrings.split("  a  b ", null, -1)).containsExactly("a", "b");
        assertThat(PyStrings.split(" a b  c ", null, 1)).containsExactly("a", "b  c ");
        assertThat(PyStrings.split("", null, -1)).isEmpty();
        assertThat(PyStrings.split("a\u3000b\u00a0c\u200bd", null, -1)).containsExactly("a", "b", "c\u200bd");
        assertThat(render("{{ '  a  b '.split() }}")).isEqualTo("['a', 'b']");
        assertThat(render("{{ ' a b  c '.split(none, 1) }}")).isEqualTo("['a', 'b  c ']");
        assertThat(render("{{ ''.split() }}")).isEqualTo("[]");
        assertThatThrownBy(() -> render("{{ 'a'.split('') }}")).isInstanceOf(HoneException.class)
                .hasMessage("chat template: line 1: empty separator");
    }

    @Test
    void stripFamily() {
        assertThat(PyStrings.strip("xxhixx", "x")).isEqualTo("hi");
        assertThat(PyStrings.strip("  \t hi \n\u0085", null)).isEqualTo("hi");
        assertThat(PyStrings.strip("\u200bhi", null)).isEqualTo("\u200bhi");
        assertThat(PyStrings.lstrip("abcxa", "ab")).isEqualTo("cxa");
        assertThat(PyStrings.rstrip("x\n\n", "\n")).isEqualTo("x");
        assertThat(render("{{ 'xxhixx'.strip('x') }}")).isEqualTo("hi");
        assertThat(render("[{{ '  hi  '.strip() }}][{{ '  hi  '.lstrip() }}][{{ '  hi  '.rstrip() }}]"))
                .isEqualTo("[hi][hi  ][  hi]");
        assertThat(render("{{ 'abcxa'.lstrip('ab') }}|{{ 'x\\n\\n'.rstrip('\\n') }}")).isEqualTo("cxa|x");
    }

    @Test
    void trimFilterIsPythonStrip() {
        assertThat(render("[{{ c | trim }}]", Map.of("c", "\u00a0 x\n\u2003"))).isEqualTo("[x]");
        assertThat(render("[{{ 'xxhixx' | trim('x') }}]")).isEqualTo("[hi]");
    }

    @Test
    void startsAndEndsWith() {
        assertThat(PyStrings.startswith("hello", List.of("x", "he"))).isTrue();
        assertThat(PyStrings.endswith("hello", List.of("lo", "x"))).isTrue();
        assertThat(PyStrings.startswith("hello", "")).isTrue();
        assertThat(render("{{ 'hello'.startswith('he') }} {{ 'hello'.startswith(('x', 'he')) }} "
                + "{{ 'hello'.endswith('lo') }} {{ 'hello'.endswith('x') }}")).isEqualTo("True True True False");
    }

    @Test
    void caseMethods() {
        assertThat(PyStrings.title("they're bill's friends")).isEqualTo("They'Re Bill'S Friends");
        assertThat(PyStrings.title("hELLO wORLD")).isEqualTo("Hello World");
        assertThat(PyStrings.title("ǆemal 3rd x1y")).isEqualTo("ǅemal 3Rd X1Y");
        assertThat(PyStrings.capitalize("hELLO wORLD")).isEqualTo("Hello world");
        assertThat(PyStrings.capitalize("ǆ")).isEqualTo("ǅ");
        assertThat(PyStrings.upper("ßtraße")).isEqualTo("SSTRASSE");
        assertThat(PyStrings.lower("ÀÉÎ")).isEqualTo("àéî");
        assertThat(render("{{ 'hello wORLD'.title() }} {{ 'hELLO'.capitalize() }} {{ 'Hi'.upper() }}{{ 'Hi'.lower() }}"))
                .isEqualTo("Hello World Hello HIhi");
    }

    @Test
    void replaceAndJoin() {
        assertThat(PyStrings.replace("aaa", "a", "b", 2)).isEqualTo("bba");
        assertThat(PyStrings.replace("ab", "", "-", -1)).isEqualTo("-a-b-");
        assertThat(PyStrings.replace("ab", "", "-", 2)).isEqualTo("-a-b");
        assertThat(PyStrings.join(", ", List.of("a", "b", "c"))).isEqualTo("a, b, c");
        assertThat(PyStrings.join("", List.of())).isEqualTo("");
        assertThat(render("{{ 'a-b-c'.replace('-', '+') }} {{ 'aaa'.replace('a', 'b', 2) }} {{ ', '.join(['a','b']) }}"))
                .isEqualTo("a+b+c bba a, b");
    }

    @Test
    void stringIndexing() {
        assertThat(render("{{ 'abc'[-1] }}{{ 'abc'[0] }}[{{ 'abc'[5] }}]{{ 'abcdef'[1:-1] }}")).isEqualTo("ca[]bcde");
    }

    @Test
    void wrongArgumentsFailTheRender() {
        assertThatThrownBy(() -> render("{{ 'a'.upper(1) }}")).isInstanceOf(HoneException.class)
                .hasMessage("chat template: line 1: upper() takes no arguments (1 given)");
        assertThatThrownBy(() -> render("\n{{ ', '.join([1, 2]) }}")).isInstanceOf(HoneException.class)
                .hasMessage("chat template: line 2: join() expects a string, got 1");
    }

    @Test
    void whitespaceIsPythonsIsspace() {
        // every code point for which CPython's str.isspace() is True
        int[] python = {0x9, 0xa, 0xb, 0xc, 0xd, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001,
            0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000};
        List<Integer> ours = new ArrayList<>();
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            if (PyStrings.isSpace(cp)) {
                ours.add(cp);
            }
        }
        assertThat(ours).containsExactly(java.util.Arrays.stream(python).boxed().toArray(Integer[]::new));
    }
}
