package io.hone.train.rl;

import io.hone.core.generate.SamplingConfig;
import io.hone.core.generate.TextGenerator;
import io.hone.core.generate.TokenLogProbs;
import io.hone.core.model.LlamaModel;
import io.hone.core.model.LlamaWeights;
import io.hone.core.tokenizer.Tokenizer;
import io.hone.train.Batch;
import io.hone.train.TrainableModel;
import io.hone.train.data.Collate;
import io.hone.train.data.TrainingSequence;
import io.hone.train.loop.Objective;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.hone.train.Seeds.mix;

/**
 * GRPO as a trainer {@link Objective}: a micro-batch of B prompts becomes B·G rollouts sampled from the current policy
 * (eval mode, batched decoding; seeds from the run seed, the micro-batch count and the rollout, so a resumed run draws
 * the same ones), rewarded by {@link Reward}, turned into group-normalised advantages and trained with
 * {@link GrpoLoss} on the completion tokens (prompt tokens masked). With β = 0, rollouts whose advantage is 0 (a group
 * whose rewards are all equal) add nothing and are left out of the forward; the normalisation still counts their
 * tokens, as TRL's. Validation: greedy completions of the validation prompts, mean reward.
 * Logged: {@code reward}, {@code reward_std}, {@code frac_reward_zero_std}, {@code completion_length}, {@code kl},
 * {@code clip_ratio} (TRL's names).
 */
public final class GrpoObjective implements Objective, AutoCloseable {
    private static final int DECODE_BATCH = 64;

    private final List<RlPrompt> train, validation;
    private final Tokenizer tok;
    private final Reward reward;
    private final GrpoSettings s;
    private final LlamaWeights reference;
    private final int padId;
    private final long seed;
    /** The prompts' token ids, encoded once (every epoch samples them again). */
    private final List<int[]> trainIds, validationIds;

    /** @param reference the KL reference (the base with the adapter off); may be null when β is 0 */
    public GrpoObjective(List<RlPrompt> train, List<RlPrompt> validation, Tokenizer tok, Reward reward, GrpoSettings s,
                         LlamaWeights reference, int padId, long seed) {
        this.train = train;
        this.validation = validation;
        this.tok = tok;
        this.reward = reward;
        this.s = s;
        this.reference = reference;
        this.padId = padId;
        this.seed = seed;
        this.trainIds = train.stream().map(p -> tok.encode(p.prompt(), true)).toList();
        this.validationIds = validation.stream().map(p -> tok.encode(p.prompt(), true)).toList();
    }

    @Override
    public int rows() {
        return train.size();
    }

    /** Rollouts of one micro-batch: ids, the prompt length of each, texts and rewards. */
    private record Rollouts(List<int[]> ids, int[] promptLen, double[] rewards, long tokens, int completionTokens) {}

    @Override
    public Step step(TrainableModel model, List<Integer> indices) {
        int g = s.generations();
        Rollouts r = rollout(model, indices, model.noiseStep());
        double[] adv = GrpoLoss.advantages(r.rewards(), g);
        var rows = new ArrayList<TrainingSequence>();
        var rowAdv = new ArrayList<Double>();
        var refLogps = new ArrayList<double[]>();
        LlamaModel ref = s.beta() != 0 ? new LlamaModel(model.config(), reference) : null;
        for (int i = 0; i < r.ids().size(); i++) {
            int[] ids = r.ids().get(i);
            if (ids.length == r.promptLen()[i] || (s.beta() == 0 && adv[i] == 0)) continue;
            long[] labels = new long[ids.length];
            for (int t = 0; t < ids.length; t++) labels[t] = t < r.promptLen()[i] ? TokenLogProbs.IGNORE : ids[t];
            TrainingSequence e = new TrainingSequence(ids, labels);
            rows.add(e);
            rowAdv.add(adv[i]);
            if (ref != null) refLogps.add(TokenLogProbs.of(ref, ids, labels));
        }
        var stats = new LinkedHashMap<String, Double>();
        double mean = Arrays.stream(r.rewards()).average().orElse(0);
        double[] std = GrpoLoss.groupStd(r.rewards(), g);
        stats.put("reward", mean);
        stats.put("reward_std", Arrays.stream(std).average().orElse(0));
        stats.put("frac_reward_zero_std", Arrays.stream(std).filter(x -> x == 0).count() / (double) std.length);
        stats.put("completion_length", r.completionTokens() / (double) r.ids().size());
        double loss = 0, kl = 0;
        int clipped = 0;
        if (!rows.isEmpty()) {
            Batch batch = Collate.batch(rows, padId);
            double norm = Math.max(1, r.completionTokens());
            double[] klSum = {0};
            int[] clips = {0};
            loss = model.forwardBackward(batch, (logp, dLogp) -> {
                double total = 0;
                for (int row = 0; row < rows.size(); row++) {
                    for (int t = 0; t < batch.seq(); t++) {
                        int at = row * batch.seq() + t;
                        if (Double.isNaN(logp[at])) continue;
                        double refLp = ref != null ? refLogps.get(row)[t] : 0;
                        // one update per batch of rollouts: π_old is π, detached
                        GrpoLoss.Token tk = GrpoLoss.token(logp[at], logp[at], refLp, rowAdv.get(row), s.epsLow(), s.epsHigh(), s.beta());
                        total += tk.loss() / norm;
                        dLogp[at] = (float) (tk.dLogp() / norm);
                        klSum[0] += tk.kl();
                        if (tk.clipped()) clips[0]++;
                    }
                }
                return total;
            });
            kl = klSum[0] / norm;
            clipped = clips[0];
        }
        if (s.beta() != 0) stats.put("kl", kl);
        stats.put("clip_ratio", clipped / Math.max(1.0, r.completionTokens()));
        return new Step(loss, r.tokens(), stats);
    }

    private Rollouts rollout(TrainableModel model, List<Integer> indices, long step) {
        var gen = new TextGenerator(new LlamaModel(model.config(), model.weights()), tok);
        List<int[]> prompts = new ArrayList<>();
        List<SamplingConfig> samplings = new ArrayList<>();
        for (int p : indices) {
            int[] ids = trainIds.get(p);
            for (int k = 0; k < s.generations(); k++) {
                prompts.add(ids);
                samplings.add(new SamplingConfig(s.maxNewTokens(), s.temperature(), s.topK(), s.topP(), 1, mix(mix(seed, step), p * 1_000L + k),
                        s.stop(), true));
            }
        }
        List<TextGenerator.Output> outs = gen.generateAll(prompts, samplings, DECODE_BATCH);
        var ids = new ArrayList<int[]>();
        int[] promptLen = new int[outs.size()];
        double[] rewards = new double[outs.size()];
        long tokens = 0;
        int completion = 0;
        for (int i = 0; i < outs.size(); i++) {
            TextGenerator.Output o = outs.get(i);
            int[] p = prompts.get(i);
            // the EOS that ended a completion is part of it (TRL's completion mask includes it): stopping is learned too
            int[] done = o.eos() >= 0 ? Arrays.copyOf(o.newIds(), o.newIds().length + 1) : o.newIds();
            if (o.eos() >= 0) done[done.length - 1] = o.eos();
            int[] all = Arrays.copyOf(p, p.length + done.length);
            System.arraycopy(done, 0, all, p.length, done.length);
            ids.add(all);
            promptLen[i] = p.length;
            rewards[i] = reward.score(train.get(indices.get(i / s.generations())), o.text());
            tokens += all.length;
            completion += done.length;
        }
        return new Rollouts(ids, promptLen, rewards, tokens, completion);
    }

    @Override
    public Eval evaluate(TrainableModel model) {
        if (validation.isEmpty()) return null;
        var gen = new TextGenerator(new LlamaModel(model.config(), model.weights()), tok);
        var greedy = SamplingConfig.greedy(s.maxNewTokens()).withStops(s.stop());
        List<TextGenerator.Output> outs = gen.generateAll(validationIds, java.util.Collections.nCopies(validationIds.size(), greedy), DECODE_BATCH);
        double sum = 0;
        long tokens = 0;
        for (int i = 0; i < outs.size(); i++) {
            sum += reward.score(validation.get(i), outs.get(i).text());
            tokens += outs.get(i).promptTokens() + outs.get(i).newTokens();
        }
        return new Eval(Double.NaN, tokens, Map.of("reward", sum / validation.size()));
    }

    @Override
    public String chartMetric() {
        return "reward";
    }

    @Override
    public String progress(Map<String, Double> metrics) {
        Double r = metrics.get("reward");
        return r == null ? "" : String.format(Locale.ROOT, "reward %.3f", r);
    }

    @Override
    public void close() {
        tok.close();
    }

}
