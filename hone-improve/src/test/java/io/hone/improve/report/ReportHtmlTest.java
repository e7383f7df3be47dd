package io.hone.improve.report;

import io.hone.eval.Score;
import io.hone.improve.report.RunSummary.Ablation;
import io.hone.improve.report.RunSummary.CandidateRow;
import io.hone.improve.report.RunSummary.Comparison;
import io.hone.improve.report.RunSummary.ExampleDiff;
import io.hone.improve.report.RunSummary.LineageStep;
import io.hone.improve.report.RunSummary.RoundPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ReportHtmlTest {
    static final String PROMPT = "2 demos + instruction \"Answer with <b&w> only\"";
    static final String RAG = "bm25 k=3 chunk=128";
    static final String LORA = "LoRA r16 lr 2e-4 200 steps on renders";
    static final String BASE = "zero-shot | no retrieval | base";
    static final String BEST = PROMPT + " | " + RAG + " | " + LORA;

    private static Score s(double mean, double lo, double hi, int n) {
        return new Score("exact_match", mean, lo, hi, n);
    }

    private static Score dev(double mean) {
        return s(mean, mean - 0.06, mean + 0.06, 120);
    }

    private static Score test(double mean) {
        return s(mean, mean - 0.05, mean + 0.05, 200);
    }

    /** A run of rounds 0..3: baseline, then prompt, retrieval and LoRA moves; c6 wins. */
    static RunSummary sample() {
        List<CandidateRow> rows = List.of(
                new CandidateRow(0, "c0", null, "start", BASE, dev(0.412), true, 120, 0, 14.2),
                new CandidateRow(1, "c1", "c0", "reflect", PROMPT + " | no retrieval | base", dev(0.498), true, 260, 0, 31.0),
                new CandidateRow(1, "c2", "c0", "retrieval", "zero-shot | " + RAG + " | base", dev(0.545), true, 180, 0, 22.4),
                new CandidateRow(1, "c3", "c0", "demos", "4 demos | no retrieval | base", s(0.30, 0.10, 0.52, 20), false, 20, 0, 3.1),
                new CandidateRow(2, "c4", "c2", "merge", PROMPT + " | " + RAG + " | base", dev(0.621), true, 240, 0, 28.8),
                new CandidateRow(2, "c5", "c2", "chunk", "zero-shot | bm25 k=5 chunk=64 | base", s(0.50, 0.29, 0.71, 20), false, 20, 0, 2.7),
                new CandidateRow(3, "c6", "c4", "lora", BEST, dev(0.703), true, 300, 200, 412.5),
                new CandidateRow(3, "c7", "c4", "reflect", "instruction \"Be terse\" | " + RAG + " | base", dev(0.604), true, 240, 0, 29.9));
        List<RoundPoint> trajectory = List.of(
                new RoundPoint(0, "c0", BASE, dev(0.412), test(0.398)),
                new RoundPoint(1, "c2", rows.get(2).label(), dev(0.545), test(0.531)),
                new RoundPoint(2, "c4", rows.get(4).label(), dev(0.621), test(0.604)),
                new RoundPoint(3, "c6", BEST, dev(0.703), test(0.709)));
        List<LineageStep> lineage = List.of(
                new LineageStep("c0", "start: baseline", BASE, dev(0.412), 0, test(0.398)),
                new LineageStep("c2", "retrieval: bm25 k=3 chunk=128", rows.get(2).label(), dev(0.545), 0.133, test(0.531)),
                new LineageStep("c4", "merge: prompt of c1 into c2", rows.get(4).label(), dev(0.621), 0.076, test(0.604)),
                new LineageStep("c6", "lora: LoRA r16 on the parent's renders", BEST, dev(0.703), 0.082, test(0.709)));
        List<Ablation> ablations = List.of(
                new Ablation("prompt", "zero-shot | " + RAG + " | " + LORA, test(0.569), s(-0.140, -0.200, -0.080, 200)),
                new Ablation("retrieval", PROMPT + " | no retrieval | " + LORA, test(0.689), s(-0.020, -0.070, 0.030, 200)),
                new Ablation("weights", PROMPT + " | " + RAG + " | base", test(0.759), s(0.050, 0.010, 0.090, 200)));
        List<ExampleDiff> examples = new ArrayList<>();
        String[][] ex = {
                {"1", "1"}, {"0", "1"}, {"0", "1"}, {"1", "0"}, {"0", "0"}, {"0", "1"},
                {"1", "1"}, {"0", "1"}, {"1", "0"}, {"0", "0"}, {"0", "1"}, {"1", "1"}};
        for (int i = 0; i < ex.length; i++) {
            examples.add(new ExampleDiff("t" + i, "Question " + i + ": which flag turns on retrieval in hone eval?", "--rag",
                    ex[i][0].equals("1") ? "--rag" : "--retrieve", Double.parseDouble(ex[i][0]),
                    ex[i][1].equals("1") ? "--rag" : "I think it is --docs & <retrieval>", Double.parseDouble(ex[i][1])));
        }
        return new RunSummary("tasks/hone-cli-qa.jsonl", "models/qwen2.5-0.5b-instruct", "docs/", 7, "calls=2000 seconds=3600", "exact_match",
                120, 200, 1843.6, "no dev gain for 2 rounds", rows, trajectory, lineage, ablations, examples,
                new Comparison("baseline", BASE, s(0.311, 0.200, 0.422, 200)), new Comparison("c2", rows.get(2).label(), s(0.178, 0.090, 0.266, 200)),
                "c6", BEST, "hone eval --task tasks/hone-cli-qa.jsonl --model models/qwen2.5-0.5b-instruct --rag docs/ --adapter \"runs/c6\"");
    }

    @Test
    void hasEverySectionInOrder() {
        String html = ReportHtml.render(sample());
        List<String> headings = List.of("<h1>hone improve</h1>", ">Trajectory</h2>", ">Lineage of the winner</h2>", ">Ablation of the winner</h2>",
                ">Per-example wins and losses vs baseline</h2>", ">Every candidate scored</h2>");
        int at = -1;
        for (String h : headings) {
            int i = html.indexOf(h);
            assertThat(i).as(h).isGreaterThan(at);
            at = i;
        }
        assertThat(html).startsWith("<!doctype html>").endsWith("</html>\n")
                .doesNotContain("<script").doesNotContain("https://").doesNotContain(" src=").doesNotContain("<link")
                .contains("<b>+0.311</b> (95% CI +0.200 to +0.422)")
                .contains("<b>+0.178</b> (95% CI +0.090 to +0.266)")
                .contains("no dev gain for 2 rounds")
                .contains("<pre>hone eval --task tasks/hone-cli-qa.jsonl");
    }

    @Test
    void trajectoryHasADevAndATestPointPerRound() {
        String svg = svg(ReportHtml.render(sample()), "trajectory");
        assertThat(rounds(svg, "dev")).containsExactly("0", "1", "2", "3");
        assertThat(rounds(svg, "test")).containsExactly("0", "1", "2", "3");
        assertThat(svg).contains("test: scored once at the end, not used for selection").contains("stroke-dasharray");
    }

    @Test
    void escapesEveryText() {
        String html = ReportHtml.render(sample());
        assertThat(html).doesNotContain("<b&").doesNotContain("<retrieval>")
                .contains("Answer with &lt;b&amp;w&gt; only")
                .contains("--adapter &quot;runs/c6&quot;")
                .contains("--docs &amp; &lt;retrieval&gt;");
    }

    @Test
    void ablationVerdictsFollowThePairedCiOfTheWinnersAdvantage() {
        assertThat(ReportHtml.verdict(s(0.1, 0.02, 0.18, 50))).isEqualTo("contributes");
        assertThat(ReportHtml.verdict(s(0.02, -0.03, 0.07, 50))).isEqualTo("no measurable effect");
        assertThat(ReportHtml.verdict(s(-0.05, -0.09, -0.01, 50))).isEqualTo("hurts");
        // delta is ablated − winner: the winner's advantage is its negation, with the CI flipped
        Score adv = ReportHtml.advantage(new Ablation("prompt", "x", test(0.5), s(-0.14, -0.20, -0.08, 200)));
        assertThat(new double[]{adv.mean(), adv.ciLow(), adv.ciHigh()}).containsExactly(0.14, 0.08, 0.20);

        String html = ReportHtml.render(sample());
        String section = html.substring(html.indexOf("id=\"ablation\""), html.indexOf("id=\"examples\""));
        assertThat(section).containsPattern("<tr><td>prompt</td>.*\\+0\\.140 <span class=\"ci\">\\[\\+0\\.080, \\+0\\.200]</span>.*>contributes<")
                .containsPattern("<tr><td>retrieval</td>.*>no measurable effect<")
                .containsPattern("<tr><td>weights</td>.*>hurts<")
                .contains("<svg id=\"ablation-chart\"");
    }

    @Test
    void countsWinsLossesAndTies() {
        RunSummary s = sample();
        assertThat(ReportHtml.Tally.of(s.examples())).isEqualTo(new ReportHtml.Tally(5, 2, 3, 2));
        String html = ReportHtml.render(s);
        assertThat(html).contains("<b>5</b>wins").contains("<b>2</b>losses").contains("<b>3</b>ties, both right").contains("<b>2</b>ties, both wrong");
        assertThat(count(html, "<tr class=\"win\">")).isEqualTo(5);
        assertThat(count(html, "<tr class=\"loss\">")).isEqualTo(2);
    }

    @Test
    void capsTheChangedExamplesAt50Rows() {
        RunSummary s = sample();
        List<ExampleDiff> many = new ArrayList<>();
        for (int i = 0; i < 70; i++) many.add(new ExampleDiff("e" + i, "q", "a", "b", 0, "a", 1));
        String html = ReportHtml.render(withExamples(s, many));
        assertThat(count(html, "<tr class=\"win\">")).isEqualTo(ReportHtml.MAX_EXAMPLE_ROWS);
        assertThat(html).contains("first 50 of 70 changed examples").contains("<b>70</b>wins");
    }

    @Test
    void marksTheWinnerAndGroupsCandidatesByRound() {
        String html = ReportHtml.render(sample());
        assertThat(count(html, "<tr class=\"winner\">")).isEqualTo(1);
        assertThat(html).contains("<tr class=\"winner\"><td class=\"n\">3</td><td class=\"id\">c6 ★</td>")
                .contains("round 1 · 3 candidates").contains("minibatch (n=20)").contains("412.5");
        assertThat(html.indexOf("round 0 · 1 candidate<")).isLessThan(html.indexOf("round 1 · 3")).isLessThan(html.indexOf("round 3 · 2"));
    }

    @Test
    void rendersASummaryWithOneCandidateAndNothingToCompare() {
        CandidateRow only = new CandidateRow(0, "c0", null, "start", BASE, dev(0.4), true, 10, 0, 1.0);
        RunSummary s = new RunSummary("t.jsonl", "m", null, 1, "small", "exact_match", 10, 10, 3.2, "budget spent", List.of(only),
                List.of(new RoundPoint(0, "c0", BASE, dev(0.4), test(0.38))), List.of(new LineageStep("c0", "start: baseline", BASE, dev(0.4), 0, test(0.38))),
                List.of(), List.of(), null, null, "c0", BASE, "hone eval --task t.jsonl --model m");
        String html = ReportHtml.render(s);
        assertThat(html).contains(", no docs").contains("not available").contains("no single-lever configuration")
                .contains("No ablations").contains("<b>0</b>wins").doesNotContain("id=\"waterfall\"");
        assertThat(rounds(svg(html, "trajectory"), "dev")).containsExactly("0");

        RunSummary bare = new RunSummary(null, null, null, 0, null, null, 0, 0, 0, null, null, null, null, null, null, null, null, null, null, null);
        assertThat(ReportHtml.render(bare)).contains("No rounds were recorded").contains("No candidates were scored");
    }

    @Test
    void scalesTheTrajectoryToScoresAboveOne() {
        RunSummary s = sample();
        List<RoundPoint> big = List.of(new RoundPoint(0, "c0", BASE, s(12, 10, 14, 9), s(11, 9, 13, 9)),
                new RoundPoint(1, "c1", BASE, s(31.5, 28, 35, 9), s(30, 27, 33, 9)));
        String svg = svg(ReportHtml.render(new RunSummary(s.task(), s.model(), s.docs(), s.seed(), s.budget(), "bleu", 9, 9, 1, "x", s.candidates(), big,
                s.lineage(), s.ablations(), s.examples(), s.vsBaseline(), s.vsBestSingle(), s.bestId(), s.bestLabel(), s.command())), "trajectory");
        assertThat(svg).contains(">40</text>").doesNotContain(">1.0</text>");
    }

    @Test
    void writeReplacesTheFileAtomically(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("report.html");
        Files.writeString(out, "old");
        ReportHtml.write(sample(), out);
        assertThat(Files.readString(out)).isEqualTo(ReportHtml.render(sample()));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("report.html");
        }
    }

    private static RunSummary withExamples(RunSummary s, List<ExampleDiff> ex) {
        return new RunSummary(s.task(), s.model(), s.docs(), s.seed(), s.budget(), s.metric(), s.devN(), s.testN(), s.seconds(), s.stopReason(),
                s.candidates(), s.trajectory(), s.lineage(), s.ablations(), ex, s.vsBaseline(), s.vsBestSingle(), s.bestId(), s.bestLabel(), s.command());
    }

    private static String svg(String html, String id) {
        int at = html.indexOf("<svg id=\"" + id + "\"");
        assertThat(at).as("svg " + id).isNotNegative();
        return html.substring(at, html.indexOf("</svg>", at));
    }

    private static List<String> rounds(String svg, String series) {
        Matcher m = Pattern.compile("class=\"dot " + series + "\" data-round=\"(\\d+)\"").matcher(svg);
        List<String> r = new ArrayList<>();
        while (m.find()) r.add(m.group(1));
        return r;
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) n++;
        return n;
    }
}
