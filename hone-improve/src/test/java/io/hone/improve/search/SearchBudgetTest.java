package io.hone.improve.search;

import io.hone.core.HoneException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SearchBudgetTest {
    @Test
    void parsesPresetsAndLists() {
        assertThat(SearchBudget.parse("small")).isEqualTo(SearchBudget.SMALL);
        SearchBudget b = SearchBudget.parse("1h30m,5000calls,3000steps,4rounds");
        assertThat(b.seconds()).isEqualTo(5400);
        assertThat(b.calls()).isEqualTo(5000);
        assertThat(b.steps()).isEqualTo(3000);
        assertThat(b.rounds()).isEqualTo(4);
        assertThat(SearchBudget.parse("90s").rounds()).isEqualTo(SearchBudget.FULL.rounds());
    }

    @Test
    void saysWhichLimitWasHit() {
        SearchBudget b = SearchBudget.parse("2m,100calls,50steps");
        assertThat(b.exhausted(119, 99, 49)).isNull();
        assertThat(b.exhausted(120, 0, 0)).contains("wall-clock");
        assertThat(b.exhausted(0, 100, 0)).contains("100 model calls");
        assertThat(b.exhausted(0, 0, 50)).contains("50 training steps");
        assertThat(b.stepsLeft(20)).isEqualTo(30);
        assertThat(SearchBudget.parse("10m").stepsLeft(1_000_000)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void refusesWhatItCannotRead() {
        assertThatThrownBy(() -> SearchBudget.parse("30 minutes")).isInstanceOf(HoneException.class).hasMessageContaining("--budget");
        assertThatThrownBy(() -> SearchBudget.parse("5m,lots")).isInstanceOf(HoneException.class).hasMessageContaining("'lots'");
    }
}
