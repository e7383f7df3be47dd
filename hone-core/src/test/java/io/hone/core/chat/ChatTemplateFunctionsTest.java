package io.hone.core.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hone.core.HoneException;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** raise_exception and strftime_now as transformers defines them. strftime values printed by CPython 3.11. */
class ChatTemplateFunctionsTest {
    @Test
    void raiseExceptionFailsTheRenderWithTheTemplatesMessage() {
        ChatTemplate t = ChatTemplate.of("before {% for m in messages %}{% if m.role == 'system' %}"
                + "{{ raise_exception('System role not supported') }}{% endif %}{{ m.content }}{% endfor %} after", "", "");
        assertThat(t.render(List.of(ChatMessage.user("ok")), false)).isEqualTo("before ok after");
        assertThatThrownBy(() -> t.render(List.of(ChatMessage.system("s"), ChatMessage.user("u")), false))
                .isExactlyInstanceOf(HoneException.class)
                .hasMessage("chat template: System role not supported");
    }

    @Test
    void raiseExceptionInsideSetAndNestedExpressions() {
        ChatTemplate t = ChatTemplate.of("{% set x = raise_exception('from set: ' ~ messages|length) %}x", "", "");
        assertThatThrownBy(() -> t.render(List.of(), false)).isInstanceOf(HoneException.class)
                .hasMessage("chat template: from set: 0");
    }

    @Test
    void functionsAreDefined() {
        assertThat(ChatTemplate.of("{{ strftime_now is defined }} {{ raise_exception is defined }} {{ nope is defined }}",
                "", "").render(List.of(), false)).isEqualTo("True True False");
    }

    static String strftime(LocalDateTime at, String format) {
        ZoneId zone = ZoneId.of("Europe/Zurich");
        Clock clock = Clock.fixed(at.atZone(zone).toInstant(), zone);
        return ChatTemplate.of("{{ strftime_now(f) }}", "", "").withClock(clock).render(List.of(), false, Map.of("f", format));
    }

    @Test
    void strftimeNowUsesLocalTimeOfTheClock() {
        LocalDateTime t = LocalDateTime.of(2024, 7, 5, 9, 3, 7, 123_456_000);
        assertThat(strftime(t, "%d %b %Y")).isEqualTo("05 Jul 2024");
        assertThat(strftime(t, "%d %B %Y")).isEqualTo("05 July 2024");
        assertThat(strftime(t, "%Y-%m-%d %H:%M:%S")).isEqualTo("2024-07-05 09:03:07");
        assertThat(strftime(t, "%A %a %B %b")).isEqualTo("Friday Fri July Jul");
        assertThat(strftime(t, "%p %I %j %y %e %%")).isEqualTo("AM 09 187 24  5 %");
        assertThat(strftime(t, "%-d %-m %-H %-I %-j")).isEqualTo("5 7 9 9 187");
        assertThat(strftime(t, "%c")).isEqualTo("Fri Jul  5 09:03:07 2024");
        assertThat(strftime(t, "%x %X %D %F %T %R")).isEqualTo("07/05/24 09:03:07 07/05/24 2024-07-05 09:03:07 09:03");
        assertThat(strftime(t, "%U %W %V %G %u %w")).isEqualTo("26 27 27 2024 5 5");
        assertThat(strftime(t, "%f|%z|%Z|%Q")).isEqualTo("123456|||%Q");
    }

    @Test
    void strftimeEdgesOfTheYear() {
        LocalDateTime last = LocalDateTime.of(2024, 12, 31, 23, 59, 59);
        assertThat(strftime(last, "%p %I %j %y %e %%")).isEqualTo("PM 11 366 24 31 %");
        assertThat(strftime(last, "%U %W %V %G %u %w")).isEqualTo("52 53 01 2025 2 2");
        LocalDateTime first = LocalDateTime.of(2023, 1, 1, 0, 0, 0);
        assertThat(strftime(first, "%p %I %j %y %e %%")).isEqualTo("AM 12 001 23  1 %");
        assertThat(strftime(first, "%-d %-m %-H %-I %-j")).isEqualTo("1 1 0 12 1");
        assertThat(strftime(first, "%U %W %V %G %u %w")).isEqualTo("01 00 52 2022 7 0");
        assertThat(strftime(first, "%c")).isEqualTo("Sun Jan  1 00:00:00 2023");
    }

    @Test
    void llama31DateLine() {
        String template = "{%- if not date_string is defined %}{%- if strftime_now is defined %}"
                + "{%- set date_string = strftime_now(\"%d %b %Y\") %}{%- else %}{%- set date_string = \"26 Jul 2024\" %}"
                + "{%- endif %}{%- endif %}Today Date: {{ date_string }}";
        ZoneId zone = ZoneId.of("America/Los_Angeles");
        Clock clock = Clock.fixed(LocalDateTime.of(2025, 3, 9, 23, 30).atZone(zone).toInstant(), zone);
        ChatTemplate t = ChatTemplate.of(template, "", "").withClock(clock);
        assertThat(t.render(List.of(), false)).isEqualTo("Today Date: 09 Mar 2025");
        assertThat(t.render(List.of(), false, Map.of("date_string", "1 Jan 2025"))).isEqualTo("Today Date: 1 Jan 2025");
    }
}
