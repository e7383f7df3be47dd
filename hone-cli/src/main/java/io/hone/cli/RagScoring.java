package io.hone.cli;

import io.hone.core.HoneException;
import io.hone.eval.EvalReport;
import io.hone.eval.ExampleResult;
import io.hone.eval.metric.FaithfulnessJudge;
import io.hone.eval.task.Example;
import io.hone.improve.RagContext;
import io.hone.rag.eval.RagMetrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code hone eval --rag}'s retrieval metrics ({@link RagMetrics}, and the {@link FaithfulnessJudge}'s verdicts with
 * --judge-endpoint) per example, added to its record in the per-example JSONL, and their summary. A wrong answer is one
 * whose primary score is below 1.
 */
record RagScoring(EvalReport report, RagMetrics.Summary summary, FaithfulnessJudge.Summary judged) {
    static RagScoring of(List<Example> grounded, EvalReport r, FaithfulnessJudge judge) {
        Map<String, Example> byId = new HashMap<>();
        for (Example ex : grounded) byId.put(ex.id(), ex);
        List<RagMetrics.Case> cases = new ArrayList<>();
        List<FaithfulnessJudge.Item> items = new ArrayList<>();
        List<List<String>> docs = new ArrayList<>();
        for (ExampleResult e : r.examples()) {
            Example ex = byId.get(e.id());
            String context = ex.fields().getOrDefault(RagContext.FIELD, "");
            String answer = e.extracted() != null ? e.extracted() : e.output() == null ? "" : e.output();
            docs.add(RagContext.retrievedDocs(ex));
            cases.add(new RagMetrics.Case(context, docs.getLast(), e.targets(), ex.docs(), answer, e.score() >= 1));
            items.add(new FaithfulnessJudge.Item(context, ex.input(), answer));
        }
        List<FaithfulnessJudge.Judged> verdicts = null;
        if (judge != null) {
            try {
                verdicts = judge.judge(items);
            } catch (HoneException ex) {
                throw new HoneException("--judge-endpoint: " + ex.getMessage(), ex);
            }
        }
        List<ExampleResult> out = new ArrayList<>(r.examples().size());
        for (int i = 0; i < r.examples().size(); i++) {
            ExampleResult e = r.examples().get(i);
            RagMetrics.Case c = cases.get(i);
            RagMetrics.Scored s = RagMetrics.score(c);
            Map<String, Object> extra = new HashMap<>(e.extra());
            extra.put("context_recall", s.answerRecall());
            extra.put("context_hit", s.answerHit());
            if (s.docHit() != null) extra.put("doc_hit", s.docHit());
            extra.put("retrieved_docs", docs.get(i));
            extra.put("faithfulness", s.faithfulness());
            if (s.miss() != null) extra.put("miss", s.miss());
            if (verdicts != null) {
                extra.put("judge", verdicts.get(i).verdict().label());
                extra.put("judge_reply", verdicts.get(i).reply());
            }
            out.add(new ExampleResult(e.id(), e.input(), e.prompt(), e.output(), e.extracted(), e.targets(), e.score(), extra));
        }
        return new RagScoring(new EvalReport(r.score(), r.others(), out, r.seconds()), RagMetrics.summarize(cases),
                verdicts == null ? null : FaithfulnessJudge.summarize(verdicts));
    }
}
