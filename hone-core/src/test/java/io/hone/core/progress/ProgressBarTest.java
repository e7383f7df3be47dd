package io.hone.core.progress;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressBarTest {
    static final long MS = 1_000_000L, S = 1000 * MS;
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    final AtomicLong now = new AtomicLong(1_000 * S);

    ProgressBar bar(String label, long total, boolean terminal) {
        return new ProgressBar(out, label, total, terminal, now::get);
    }

    String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Lines split at \n only (String.lines() would also split at the terminal's \r). */
    List<String> lines() {
        return List.of(text().split("\n"));
    }

    @Test
    void notATerminalPrintsTheFirstUpdateAboutEveryFivePercentAndTheLast() {
        var p = bar("eval em", 200, false);
        for (int i = 1; i <= 200; i++) {
            now.addAndGet(200 * MS);
            p.update(i);
        }
        p.finish();
        List<String> lines = lines();
        List<String> expected = LongStream.concat(LongStream.of(1), LongStream.rangeClosed(1, 20).map(k -> k * 10))
                .mapToObj(d -> " " + d + "/200  ").toList();
        assertThat(lines).hasSize(expected.size());
        for (int i = 0; i < lines.size(); i++) assertThat(lines.get(i)).contains(expected.get(i));
        assertThat(text()).doesNotContain("\r").doesNotContain("\u001b");
        assertThat(lines.getLast()).endsWith("ETA 0:00");
    }

    @Test
    void notATerminalPrintsWhenAMarkIsPassedAndFinishPrintsAnUnshownLastUpdate() {
        var p = bar("indexing", 100, false).unit("chunks");
        for (long d = 3; d <= 99; d += 3) { // 3, 6, ..., 99, a second apart
            now.addAndGet(S);
            p.update(d);
        }
        p.finish();
        // the first update, then the first one at or past each multiple of 5, then 99 (shown by finish)
        assertThat(lines()).extracting(l -> l.substring(l.indexOf("] ") + 2, l.indexOf("/100")))
                .containsExactly("3", "6", "12", "15", "21", "27", "30", "36", "42", "45", "51", "57", "60", "66", "72",
                        "75", "81", "87", "90", "96", "99");
        var q = bar("x", 100, false);
        bytes.reset();
        q.update(1);
        q.update(2);
        q.finish(); // the run stopped early: its last state is still printed, once
        q.finish();
        assertThat(lines()).hasSize(2).last().asString().contains(" 2/100");
    }

    @Test
    void notATerminalAFastJobLogsItsFirstAndLastUpdateOnlyAndMarksWaitASecond() {
        var p = bar("indexing", 60, false);
        for (int i = 1; i <= 60; i++) {
            now.addAndGet(MS);
            p.update(i);
        }
        p.finish();
        assertThat(lines()).hasSize(2);
        assertThat(lines().get(0)).contains(" 1/60 ");
        assertThat(lines().get(1)).contains(" 60/60 ");
        bytes.reset();
        var q = bar("train", 100, false);
        for (int i = 1; i <= 100; i++) {
            now.addAndGet(300 * MS); // a 5% mark every 1.5 s: each printed at its first update a second after the last line
            q.update(i);
        }
        assertThat(lines()).hasSize(21);
    }

    @Test
    void lineCarriesLabelBarDoneTotalRateElapsedAndEta() {
        var p = bar("eval em", 40, false);
        now.addAndGet(5 * S);
        p.update(10);
        assertThat(text()).isEqualTo("eval em [######..................] 10/40  2.00/s  elapsed 0:05  ETA 0:15\n");
    }

    @Test
    void callerFieldsReplaceTheRateAndResumedWorkCountsFromItsStart() {
        var p = bar("train", 100, false).unit("steps").from(40).withoutRate();
        now.addAndGet(30 * S);
        p.update(50, "loss 0.1234  512 tok/s");
        // 10 steps in 30 s: 50 to go take 150 s
        assertThat(text()).isEqualTo("train [############............] 50/100 steps  loss 0.1234  512 tok/s  elapsed 0:30  ETA 2:30\n");
    }

    @Test
    void terminalRedrawsInPlaceAtMostFourTimesASecondAndAlwaysTheFinalUpdate() {
        var p = bar("embedding", 10, true).unit("chunks");
        for (int i = 1; i <= 10; i++) {
            now.addAndGet(100 * MS);
            p.advance(1);
        }
        // drawn at 1 (first), 4 (+300 ms), 7 (+300 ms) and 10 (final, +300 ms)
        String s = text();
        assertThat(s.chars().filter(c -> c == '\r').count()).isEqualTo(4);
        assertThat(s).startsWith("\rembedding [").contains(" 4/10 chunks", " 7/10 chunks").doesNotContain("\n")
                .endsWith("10/10 chunks  10.0 chunks/s  elapsed 0:01  ETA 0:00\u001b[K");
        p.finish();
        assertThat(text()).endsWith("\u001b[K\n");
    }

    @Test
    void terminalFinishDrawsAThrottledLastUpdate() {
        var p = bar("x", 10, true);
        p.update(1);
        p.update(2);
        assertThat(text()).doesNotContain(" 2/10");
        p.finish();
        assertThat(text()).contains("\rx [####....................] 2/10").endsWith("\u001b[K\n");
    }

    @Test
    void unknownTotalShowsScaledAmountAndRateButNoFillAndNoEta() {
        var p = bar("download", -1, false).unit("MB", 1e6);
        now.addAndGet(2 * S);
        p.update(3_000_000);
        now.addAndGet(10 * S);
        p.update(9_000_000); // no 5% marks: the next plain line comes after 30 s or at finish
        assertThat(text()).isEqualTo("download [........................] 3.0 MB  1.50 MB/s  elapsed 0:02\n");
        p.finish();
        assertThat(lines().getLast())
                .isEqualTo("download [........................] 9.0 MB  0.75 MB/s  elapsed 0:12");
        assertThat(text()).doesNotContain("ETA").doesNotContain("#");
    }

    @Test
    void timesAreMinutesSecondsThenHoursMinutesSeconds() {
        assertThat(ProgressBar.time(0)).isEqualTo("0:00");
        assertThat(ProgressBar.time(59.4)).isEqualTo("0:59");
        assertThat(ProgressBar.time(61)).isEqualTo("1:01");
        assertThat(ProgressBar.time(3599.4)).isEqualTo("59:59");
        assertThat(ProgressBar.time(3600)).isEqualTo("1:00:00");
        assertThat(ProgressBar.time(3725)).isEqualTo("1:02:05");
        assertThat(ProgressBar.time(36_000 + 61)).isEqualTo("10:01:01");
        var p = bar("x", 100, false);
        now.addAndGet(60 * S);
        p.update(1); // 99 to go at one a minute
        assertThat(text()).endsWith("elapsed 1:00  ETA 1:39:00\n");
    }

    @Test
    void messageEndsAnOpenLineFirst() {
        var p = bar("train", 10, true);
        p.message("step 0: eval loss 2.0000");
        p.update(1, "loss 1.9");
        p.message("step 1: eval loss 1.8000");
        now.addAndGet(S);
        p.update(2, "loss 1.7");
        p.finish();
        List<String> lines = lines();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).isEqualTo("step 0: eval loss 2.0000");
        assertThat(lines.get(1)).startsWith("\rtrain [##").contains(" 1/10  ", "  loss 1.9  ").endsWith("\u001b[K");
        assertThat(lines.get(2)).isEqualTo("step 1: eval loss 1.8000");
        assertThat(lines.get(3)).startsWith("\rtrain [####").contains(" 2/10  ", "  loss 1.7  ");

        bytes.reset();
        var plain = bar("train", 10, false);
        plain.update(1);
        plain.message("hello");
        plain.finish();
        assertThat(lines()).hasSize(2).last().isEqualTo("hello");
    }

    @Test
    void nullStreamIsSilentAndACapturedStreamIsNoTerminal() {
        var p = ProgressBar.on(null, "x", 3);
        p.update(1);
        p.message("m");
        p.advance(2);
        p.finish();
        assertThat(p.seconds()).isGreaterThanOrEqualTo(0);
        assertThat(ProgressBar.isTerminal(out)).isFalse();
        assertThat(ProgressBar.isTerminal(null)).isFalse();
    }
}
