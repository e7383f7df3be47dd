package io.hone.train.optim;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

/** Values of transformers' schedule lambdas (warmup 2, total 10), worked out by hand. */
class LrScheduleTest {
    @Test
    void constantWithWarmup() {
        var s = LrSchedule.constant(2);
        assertThat(new double[]{s.factor(0), s.factor(1), s.factor(2), s.factor(1000)}).containsExactly(0, 0.5, 1, 1);
        assertThat(LrSchedule.named("constant", 5, 10).factor(0)).isEqualTo(1);
    }

    @Test
    void linearWithWarmup() {
        var s = LrSchedule.linear(2, 10);
        // after warmup (10 − step) / 8
        assertThat(new double[]{s.factor(0), s.factor(1), s.factor(2), s.factor(6), s.factor(10), s.factor(12)})
                .containsExactly(0, 0.5, 1, 0.5, 0, 0);
    }

    @Test
    void cosineWithWarmup() {
        var s = LrSchedule.cosine(2, 10);
        assertThat(s.factor(1)).isEqualTo(0.5);
        assertThat(s.factor(2)).isEqualTo(1.0);
        assertThat(s.factor(6)).isCloseTo(0.5, offset(1e-15)); // halfway: 0.5·(1 + cos(π/2))
        assertThat(s.factor(4)).isCloseTo(0.5 * (1 + Math.sqrt(0.5)), offset(1e-15)); // progress 1/4
        assertThat(s.factor(10)).isCloseTo(0, offset(1e-15));
        assertThat(s.factor(14)).isCloseTo(0.5, offset(1e-15)); // transformers' lambda rises again past total
        var noWarmup = LrSchedule.cosine(0, 4);
        assertThat(noWarmup.factor(0)).isEqualTo(1.0);
    }

    @Test
    void badArguments() {
        assertThatThrownBy(() -> LrSchedule.linear(-1, 10)).hasMessage("warmup steps must be >= 0, got -1");
        assertThatThrownBy(() -> LrSchedule.named("polynomial", 0, 1)).hasMessageStartingWith("unknown lr scheduler 'polynomial'");
    }
}
