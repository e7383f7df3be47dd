package io.hone.rag.retrieve;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ReciprocalRankFusionTest {
    static Hit hit(String id) {
        return new Hit(id, id, "", "", 0, "", 0f);
    }

    @Test
    void sumsReciprocalRanksWithK60() {
        var fused = ReciprocalRankFusion.fuse(List.of(List.of(hit("a"), hit("b"), hit("c")), List.of(hit("c"), hit("a"), hit("d"))), 60, 10);
        // a: 1/61 + 1/62 = 0.032522, c: 1/63 + 1/61 = 0.032266, b: 1/62, d: 1/63
        assertThat(fused).extracting(Hit::chunkId).containsExactly("a", "c", "b", "d");
        assertThat(fused.get(0).score()).isCloseTo((float) (1.0 / 61 + 1.0 / 62), within(1e-6f));
        assertThat(fused.get(3).score()).isCloseTo((float) (1.0 / 63), within(1e-6f));
    }

    @Test
    void limitKeepsTheBest() {
        var fused = ReciprocalRankFusion.fuse(List.of(List.of(hit("a"), hit("b")), List.of(hit("b"))), 60, 1);
        assertThat(fused).extracting(Hit::chunkId).containsExactly("b");
    }
}
