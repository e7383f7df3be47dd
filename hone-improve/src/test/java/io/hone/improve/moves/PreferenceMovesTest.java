package io.hone.improve.moves;

import io.hone.core.HoneException;
import io.hone.improve.search.Weights;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pairs dpo-from-metric builds from scored answers, the --moves switches, and the per-stage budget estimate. */
class PreferenceMovesTest {
    private static OwnAnswers.Answer yes(String s) {
        return new OwnAnswers.Answer(s, true);
    }

    private static OwnAnswers.Answer no(String s) {
        return new OwnAnswers.Answer(s, false);
    }

    @Test
    void everyRejectedAnswerIsPairedWithAnAcceptedOneInTurn() {
        // greedy wrong, then samples: accepted, wrong, accepted, wrong
        var p = PreferenceMoves.pairs(List.of(no("$87"), yes("$870 (price)"), no("870"), yes("$870.00 (price)"), no("red (colour)")), "$870 (price)");
        assertThat(p.pairs()).containsExactly(new PreferenceMoves.Choice("$870 (price)", "$87"), new PreferenceMoves.Choice("$870.00 (price)", "870"),
                new PreferenceMoves.Choice("$870 (price)", "red (colour)"));
        assertThat(p.fromGold()).isFalse();
    }

    @Test
    void withNoAcceptedAnswerTheTargetIsChosen() {
        var p = PreferenceMoves.pairs(List.of(no("$87"), no("")), "$870 (price)");
        assertThat(p.pairs()).containsExactly(new PreferenceMoves.Choice("$870 (price)", "$87"), new PreferenceMoves.Choice("$870 (price)", ""));
        assertThat(p.fromGold()).isTrue();
    }

    @Test
    void withNothingRejectedThereIsNoPair() {
        var p = PreferenceMoves.pairs(List.of(yes("$870 (price)"), yes("$870.00 (price)")), "$870 (price)");
        assertThat(p.pairs()).isEmpty();
        assertThat(p.fromGold()).isFalse();
        assertThat(PreferenceMoves.pairs(List.of(), "t").fromGold()).isFalse();
    }

    @Test
    void movesSwitchOnAndOffInTheirOwnOrder() {
        assertThat(WeightMoves.switched(WeightMoves.DEFAULT_ON, "+grpo,+dpo-from-metric"))
                .containsExactly("train-qlora", "self-train", "hparam-race", "dpo-from-metric", "grpo");
        assertThat(WeightMoves.switched(WeightMoves.DEFAULT_ON, " -self-train , grpo,-train-qlora")).containsExactly("hparam-race", "grpo");
        assertThat(WeightMoves.switched(List.of("grpo"), "-grpo")).isEmpty();
        for (String bad : List.of("bogus", "+", "+grpo,,", "train-lora", "*grpo")) {
            assertThatThrownBy(() -> WeightMoves.switched(WeightMoves.DEFAULT_ON, bad)).as(bad).isInstanceOf(HoneException.class)
                    .hasMessageStartingWith("--moves: ").hasMessageContaining("dpo-from-metric, grpo");
        }
        assertThatThrownBy(() -> WeightMoves.switched(WeightMoves.DEFAULT_ON, " ")).isInstanceOf(HoneException.class).hasMessageStartingWith("--moves: empty");
    }

    private static MoveContext ctx(long stepsLeft, double secondsLeft, Map<String, Double> rates) {
        var s = new MoveSettings(2, 8, 1, 512, List.of(512), List.of(1), List.of("bm25"), 4, 2e-3, 4, 3, 0.8,
                WeightMoves.DEFAULT_ON, 0.1, 1, 8, 0.8, 40);
        return new MoveContext(List.of(), List.of(), null, null, null, s, List.of(), stepsLeft, secondsLeft, rates, 0, System.err);
    }

    @Test
    void aStageNotSeenYetIsEstimatedFromTheSupervisedRate() {
        var c = ctx(1000, 100, Map.of(Weights.SFT, 1.0));
        assertThat(c.fits(100)).isTrue();
        assertThat(c.fits(101)).isFalse();
        assertThat(c.fits(33, Weights.DPO)).isTrue(); // 3 supervised steps each
        assertThat(c.fits(34, Weights.DPO)).isFalse();
        assertThat(c.fits(12, Weights.GRPO)).isTrue(); // 4 prompts x 8 rollouts, decoded and trained: 8 supervised steps each
        assertThat(c.fits(13, Weights.GRPO)).isFalse();
        // once the stage has run, its own rate
        var seen = ctx(1000, 100, Map.of(Weights.SFT, 1.0, Weights.GRPO, 0.5));
        assertThat(seen.fits(200, Weights.GRPO)).isTrue();
        assertThat(seen.fits(201, Weights.GRPO)).isFalse();
        // the steps budget counts every stage's optimizer steps alike
        assertThat(ctx(10, Double.POSITIVE_INFINITY, Map.of()).fits(11, Weights.GRPO)).isFalse();
        assertThat(ctx(10, Double.POSITIVE_INFINITY, Map.of()).fits(10, Weights.GRPO)).isTrue();
    }
}
