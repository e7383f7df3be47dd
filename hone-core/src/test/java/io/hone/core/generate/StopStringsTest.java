package io.hone.core.generate;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StopStringsTest {
    @Test
    void holdsBackAPossibleStopPrefixAndCutsAtTheStop() {
        StopStrings s = new StopStrings(List.of("\nUser:"));
        StringBuilder shown = new StringBuilder();
        for (String piece : List.of("Hello", " there", "\n", "Us", "er:", " more")) {
            shown.append(s.accept(piece));
            if (s.stopped()) break;
        }
        assertThat(s.stopped()).isTrue();
        assertThat(shown.toString()).isEqualTo("Hello there");
        assertThat(s.text()).isEqualTo("Hello there");
    }

    @Test
    void releasesHeldTextWhenItTurnsOutNotToBeAStop() {
        StopStrings s = new StopStrings(List.of("END"));
        assertThat(s.accept("abc E")).isEqualTo("abc ");
        assertThat(s.accept("N")).isEmpty();
        assertThat(s.accept("x")).isEqualTo("ENx");
        assertThat(s.flush()).isEmpty();
        assertThat(s.stopped()).isFalse();
    }

    @Test
    void stopInsideOnePieceAndEarliestOfSeveral() {
        StopStrings s = new StopStrings(List.of("zz", "b"));
        assertThat(s.accept("aaabzz")).isEqualTo("aaa");
        assertThat(s.stopped()).isTrue();
    }

    @Test
    void flushReturnsHeldBackTailAtTheEnd() {
        StopStrings s = new StopStrings(List.of("###"));
        assertThat(s.accept("answer #")).isEqualTo("answer ");
        assertThat(s.flush()).isEqualTo("#");
    }
}
