package io.hone.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hone.core.HoneException;
import io.hone.core.generate.SamplingConfig;
import io.hone.core.progress.ProgressBar;
import io.hone.eval.lm.LanguageModel;
import io.hone.eval.lm.LogLikelihood;
import io.hone.eval.metric.GenerativeMetric;
import io.hone.eval.metric.Metric;
import io.hone.eval.metric.MultipleChoice;
import io.hone.eval.metric.Perplexity;
import io.hone.eval.prompt.Prompt;
import io.hone.eval.prompt.PromptProgram;
import io.hone.eval.task.Example;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** Runs a prompt program over examples with a model and scores it with a metric. */
public final class Evaluation {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Examples whose prompts go to the model in one {@link LanguageModel#generateAll} call (progress moves per chunk). */
    static final int GENERATE_CHUNK = 32;

    private Evaluation() {}

    public static EvalReport run(LanguageModel lm, List<Example> examples, PromptProgram program, Metric metric, EvalOptions opts) {
        long t0 = System.nanoTime();
        var progress = ProgressBar.on(opts.progress(), "eval " + metric.name(), examples.size());
        List<ExampleResult> results = new ArrayList<>(examples.size());
        SamplingConfig sampling = withStops(opts.sampling(), program.stopStrings());
        if (metric instanceof GenerativeMetric g) {
            for (int i = 0; i < examples.size(); i += GENERATE_CHUNK) {
                List<Example> chunk = examples.subList(i, Math.min(examples.size(), i + GENERATE_CHUNK));
                results.addAll(generative(lm, chunk, program, g, sampling));
                progress.advance(chunk.size());
            }
        } else {
            for (Example ex : examples) {
                results.add(switch (metric) {
                    case MultipleChoice m -> multipleChoice(lm, ex, program);
                    case Perplexity p -> perplexity(lm, ex, program);
                    case GenerativeMetric g -> throw new AssertionError(g);
                });
                progress.advance(1);
            }
        }
        progress.finish();
        if (opts.out() != null) write(opts.out(), results);
        List<Score> others = new ArrayList<>();
        Score score;
        if (metric instanceof Perplexity) {
            double[] lp = results.stream().mapToDouble(r -> ((Number) r.extra().get("logprob")).doubleValue()).toArray();
            double[] tok = results.stream().mapToDouble(r -> ((Number) r.extra().get("tokens")).doubleValue()).toArray();
            score = Bootstrap.ratio("ppl", lp, tok, opts.seed(), true);
        } else {
            score = Bootstrap.mean(metric.name(), results.stream().mapToDouble(ExampleResult::score).toArray(), opts.seed());
            if (metric instanceof MultipleChoice) {
                double[] norm = results.stream().mapToDouble(r -> ((Number) r.extra().get("acc_norm")).doubleValue()).toArray();
                others.add(Bootstrap.mean("acc_norm", norm, opts.seed()));
            }
        }
        return new EvalReport(score, others, results, (System.nanoTime() - t0) / 1e9);
    }

    /** Paired bootstrap CI of candidate − baseline on the same examples (primary per-example scores). */
    public static Score improvement(EvalReport baseline, EvalReport candidate, long seed) {
        return Bootstrap.difference("Δ" + baseline.score().metric(), baseline.scores(), candidate.scores(), seed);
    }

    /** The examples' prompts go to the model together (a local model decodes them as one batch). */
    private static List<ExampleResult> generative(LanguageModel lm, List<Example> examples, PromptProgram program, GenerativeMetric metric, SamplingConfig s) {
        List<Prompt> prompts = examples.stream().map(program::render).toList();
        List<String> outputs = lm.generateAll(prompts, s);
        List<ExampleResult> results = new ArrayList<>(examples.size());
        for (int i = 0; i < examples.size(); i++) {
            Example ex = examples.get(i);
            String output = outputs.get(i).strip();
            var j = metric.judge(output, ex.targets());
            results.add(new ExampleResult(ex.id(), ex.input(), prompts.get(i).display(), output, j.extracted(), ex.targets(), j.score(), Map.of()));
        }
        return results;
    }

    private static ExampleResult multipleChoice(LanguageModel lm, Example ex, PromptProgram program) {
        if (!ex.isMultipleChoice()) throw new HoneException("example " + ex.id() + ": metric mc needs \"choices\"");
        Prompt prompt = program.render(ex);
        List<String> conts = ex.choices().stream().map(c -> MultipleChoice.DELIMITER + c).toList();
        List<LogLikelihood> lls = lm.logLikelihoods(prompt, conts);
        double[] lp = lls.stream().mapToDouble(LogLikelihood::logProb).toArray();
        var r = MultipleChoice.score(lp, ex.choices(), ex.gold());
        return new ExampleResult(ex.id(), ex.input(), prompt.display(), ex.choices().get(r.pred()), String.valueOf(r.pred()),
                ex.targets(), r.acc(), Map.of("acc_norm", r.accNorm(), "pred_norm", r.predNorm(), "loglikelihoods", lp, "gold", ex.gold()));
    }

    private static ExampleResult perplexity(LanguageModel lm, Example ex, PromptProgram program) {
        LogLikelihood ll;
        String shown;
        if (ex.target().isEmpty()) {
            ll = lm.rollingLogLikelihood(ex.input());
            shown = ex.input();
        } else {
            Prompt prompt = program.render(ex);
            ll = lm.logLikelihoods(prompt, List.of(MultipleChoice.DELIMITER + ex.target())).getFirst();
            shown = prompt.display();
        }
        double ppl = Perplexity.of(ll.logProb(), ll.tokens());
        return new ExampleResult(ex.id(), ex.input(), shown, "", "", ex.targets(), ppl,
                Map.of("logprob", ll.logProb(), "tokens", ll.tokens(), "greedy", ll.greedy()));
    }

    static SamplingConfig withStops(SamplingConfig s, List<String> extra) {
        if (extra.isEmpty()) return s;
        var stops = new LinkedHashSet<>(s.stopStrings());
        stops.addAll(extra);
        return new SamplingConfig(s.maxNewTokens(), s.temperature(), s.topK(), s.topP(), s.repetitionPenalty(), s.seed(),
                List.copyOf(stops), s.stopAtEos());
    }

    /** The per-example JSONL: one record per result, its {@code extra} fields after the common ones, in name order. */
    public static void write(java.nio.file.Path out, List<ExampleResult> results) {
        try {
            if (out.getParent() != null) Files.createDirectories(out.getParent());
            try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                for (ExampleResult r : results) {
                    ObjectNode o = JSON.createObjectNode().put("id", r.id()).put("input", r.input()).put("prompt", r.prompt())
                            .put("output", r.output()).put("extracted", r.extracted());
                    o.set("target", r.targets().size() == 1 ? JSON.getNodeFactory().textNode(r.targets().getFirst()) : JSON.valueToTree(r.targets()));
                    o.put("score", r.score());
                    r.extra().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> o.set(e.getKey(), JSON.valueToTree(e.getValue())));
                    w.write(o.toString());
                    w.newLine();
                }
            }
        } catch (IOException e) {
            throw new HoneException(out + ": cannot write: " + e.getMessage(), e);
        }
    }
}
