package io.hone.core.chat;

import io.hone.core.HoneException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** A template written to blow up memory or time fails with one line, quickly; ordinary loops are not cut short. */
class ChatTemplateLimitsTest {
    private static String render(String template) {
        return ChatTemplate.of(template, "<s>", "</s>").render(List.of(ChatMessage.user("hi")), true);
    }

    private static void fails(String template, String message) {
        assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
                assertThatThrownBy(() -> render(template)).isInstanceOf(HoneException.class).hasMessage(message));
    }

    @Test
    void aStringDoubledInALoopStopsAtTheCharacterLimit() {
        fails("{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s }}",
                "chat template: line 1: the output or a string grows past 16777216 characters");
        fails("{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s + ns.s %}{% endfor %}",
                "chat template: line 1: the output or a string grows past 16777216 characters");
        // join would truncate the string silently
        fails("{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = [ns.s, ns.s] | join('') %}{% endfor %}",
                "chat template: line 1: the output or a string grows past 16777216 characters");
    }

    @Test
    void outputPastTheLimitFails() {
        fails("{% set s = '" + "x".repeat(100) + "' %}{% for i in range(1000000) %}{{ s }}{% endfor %}",
                "chat template: the output or a string grows past 16777216 characters");
    }

    @Test
    void aListDoubledInALoopStopsAtTheItemLimit() {
        fails("{% set ns = namespace(l=[]) %}{% for i in range(30) %}{% set ns.l = ns.l + ns.l + [1] %}{% endfor %}",
                "chat template: line 1: a list or dict grows past 1000000 items");
    }

    @Test
    void loopsAreCountedAcrossTheRender() {
        fails("{% for i in range(10**9) %}a{% endfor %}",
                "chat template: line 1: range() of 1000000000 items is over the limit of 1000000");
        fails("{% for i in range(1000) %}{% for j in range(1000) %}{% for k in range(1000) %}{% endfor %}{% endfor %}{% endfor %}",
                "chat template: line 1: the template loops more than 1000000 times in one render");
    }

    @Test
    void rangeIsPythonsAndNotCutAtAThousand() {
        assertThat(render("{{ range(3) | list }} {{ range(1, 10, 3) | list }} {{ range(5, 0, -2) | list }} {{ range(0) | list }}"))
                .isEqualTo("[0, 1, 2] [1, 4, 7] [5, 3, 1] []");
        assertThat(render("{% for i in range(5000) %}a{% endfor %}")).hasSize(5000);
        fails("{{ range(1, 2, 0) }}", "chat template: line 1: range() arg 3 must not be zero");
    }
}
