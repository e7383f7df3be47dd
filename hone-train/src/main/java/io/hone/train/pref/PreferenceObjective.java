package io.hone.train.pref;

import io.hone.core.HoneException;
import io.hone.core.model.LlamaModel;
import io.hone.train.Batch;
import io.hone.train.TokenObjective;
import io.hone.train.TrainableModel;
import io.hone.train.data.Collate;
import io.hone.train.data.TrainingSequence;
import io.hone.train.loop.Objective;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * DPO / IPO / ORPO as a trainer {@link Objective}. A micro-batch of B pairs runs as one batch of 2B rows (the chosen
 * completions, then the rejected ones, as TRL's {@code concatenated_forward}); each row's sequence log-prob is the sum
 * (DPO) or mean (IPO, ORPO) of its completion tokens' log-probs; the loss is the mean of the pairs'
 * {@link PreferenceLoss} terms, plus the NLL of the chosen tokens (mean over all of them) weighted 1 for ORPO and
 * {@code rpoAlpha} for DPO/IPO (TRL's {@code rpo_alpha}, Pang et al.'s RPO; 0 = off). Logged as TRL logs
 * them: {@code rewards/chosen}, {@code rewards/rejected}, {@code rewards/accuracies}, {@code rewards/margins},
 * {@code logps/chosen}, {@code logps/rejected} (and ORPO's {@code nll_loss}, {@code log_odds_ratio}).
 */
public final class PreferenceObjective implements Objective {
    private final PreferenceData data;
    private final PreferenceLoss loss;
    private final double beta, labelSmoothing, nllWeight;
    private final int padId;
    private final double[][] refTrain, refVal;

    /** @param ref the reference model's sequence log-probs of {@code data.train()} and {@code data.validation()}; null for ORPO */
    public PreferenceObjective(PreferenceData data, PreferenceLoss loss, double beta, double labelSmoothing, int padId,
                               double[][] refTrain, double[][] refVal) {
        this(data, loss, beta, labelSmoothing, 0, padId, refTrain, refVal);
    }

    /** @param rpoAlpha weight of the chosen completions' NLL added to DPO/IPO (ORPO always adds it with weight 1) */
    public PreferenceObjective(PreferenceData data, PreferenceLoss loss, double beta, double labelSmoothing, double rpoAlpha, int padId,
                               double[][] refTrain, double[][] refVal) {
        if (rpoAlpha < 0) throw new HoneException("rpo alpha cannot be negative, got " + rpoAlpha);
        if (rpoAlpha > 0 && loss == PreferenceLoss.ORPO) throw new HoneException("rpo alpha applies to DPO/IPO (ORPO has its own NLL term)");
        if (!(beta > 0)) throw new HoneException("beta must be positive, got " + beta);
        if (labelSmoothing < 0 || labelSmoothing >= 0.5) throw new HoneException("label smoothing must be in [0, 0.5), got " + labelSmoothing);
        if (labelSmoothing > 0 && loss != PreferenceLoss.SIGMOID) throw new HoneException("label smoothing applies to the sigmoid (DPO) loss only");
        this.data = data;
        this.loss = loss;
        this.beta = beta;
        this.labelSmoothing = labelSmoothing;
        this.nllWeight = loss == PreferenceLoss.ORPO ? 1 : rpoAlpha;
        this.padId = padId;
        this.refTrain = refTrain;
        this.refVal = refVal;
    }

    @Override
    public int rows() {
        return data.train().size();
    }

    @Override
    public Step step(TrainableModel model, List<Integer> indices) {
        int b = indices.size();
        var rows = new ArrayList<TrainingSequence>(2 * b);
        for (int i : indices) rows.add(data.train().get(i).chosen());
        for (int i : indices) rows.add(data.train().get(i).rejected());
        Batch batch = Collate.batch(rows, padId);
        var stats = new Stats();
        double value = model.forwardBackward(batch, new PairLoss(indices, batch.seq(), stats));
        return new Step(value, Collate.tokens(rows), stats.metrics(b));
    }

    @Override
    public Eval evaluate(TrainableModel model) {
        if (data.validation().isEmpty()) return null;
        var m = new LlamaModel(model.config(), model.weights());
        var stats = new Stats();
        double total = 0, nllSum = 0;
        long tokens = 0, chosenTokens = 0;
        for (int i = 0; i < data.validation().size(); i++) {
            PreferencePair p = data.validation().get(i);
            double pc = ReferenceModel.sequence(m, p.chosen(), loss.averaged()), pr = ReferenceModel.sequence(m, p.rejected(), loss.averaged());
            double[] ref = refVal != null ? refVal[i] : new double[2];
            PreferenceLoss.Terms t = loss.terms(pc, pr, ref[0], ref[1], beta, labelSmoothing);
            total += t.loss();
            nllSum -= (loss.averaged() ? pc * p.chosen().trainedTokens() : pc);
            chosenTokens += p.chosen().trainedTokens();
            stats.add(t, pc, pr);
            tokens += p.chosen().length() + p.rejected().length();
        }
        int n = data.validation().size();
        if (nllWeight > 0) { // as in training: the mean over all chosen tokens
            total += nllWeight * nllSum / chosenTokens * n;
            stats.nll = nllSum / chosenTokens * n;
        }
        return new Eval(total / n, tokens, stats.metrics(n));
    }

    @Override
    public String chartMetric() {
        return "rewards/accuracies";
    }

    @Override
    public String progress(Map<String, Double> metrics) {
        Double acc = metrics.get("rewards/accuracies"), margin = metrics.get("rewards/margins");
        return acc == null ? "" : String.format(Locale.ROOT, "acc %.2f  margin %.3f", acc, margin);
    }

    /** The batch's token objective: rows 0..B−1 chosen, B..2B−1 rejected. */
    private final class PairLoss implements TokenObjective {
        private final List<Integer> indices;
        private final int seq;
        private final Stats stats;

        PairLoss(List<Integer> indices, int seq, Stats stats) {
            this.indices = indices;
            this.seq = seq;
            this.stats = stats;
        }

        @Override
        public double apply(double[] logp, float[] dLogp) {
            int b = indices.size();
            double[] seqLogp = new double[2 * b];
            int[] count = new int[2 * b];
            long chosenTokens = 0;
            for (int r = 0; r < 2 * b; r++) {
                for (int t = r * seq; t < (r + 1) * seq; t++) {
                    if (Double.isNaN(logp[t])) continue;
                    seqLogp[r] += logp[t];
                    count[r]++;
                }
                if (r < b) chosenTokens += count[r];
            }
            double[] perRow = new double[2 * b]; // dL/d(sequence log-prob) of each row
            double total = 0;
            for (int i = 0; i < b; i++) {
                double pc = seqLogp[i], pr = seqLogp[b + i];
                if (loss.averaged()) {
                    pc /= count[i];
                    pr /= count[b + i];
                }
                double[] ref = refTrain != null ? refTrain[indices.get(i)] : new double[2];
                PreferenceLoss.Terms t = loss.terms(pc, pr, ref[0], ref[1], beta, labelSmoothing);
                total += t.loss() / b;
                perRow[i] = t.dChosen() / b / (loss.averaged() ? count[i] : 1);
                perRow[b + i] = t.dRejected() / b / (loss.averaged() ? count[b + i] : 1);
                stats.add(t, pc, pr);
            }
            double nll = 0;
            if (nllWeight > 0) {
                for (int i = 0; i < b; i++) nll -= seqLogp[i];
                nll /= chosenTokens;
                total += nllWeight * nll;
                stats.nll = nll * b; // metrics() divides by b
            }
            for (int r = 0; r < 2 * b; r++) {
                float g = (float) (perRow[r] - (r < b ? nllWeight / chosenTokens : 0));
                for (int t = r * seq; t < (r + 1) * seq; t++) if (!Double.isNaN(logp[t])) dLogp[t] = g;
            }
            return total;
        }
    }

    /** Sums of TRL's logged values over pairs. */
    private final class Stats {
        double chosen, rejected, correct, chosenLogp, rejectedLogp, logOdds, ratio, nll;

        void add(PreferenceLoss.Terms t, double pc, double pr) {
            chosen += t.chosenReward();
            rejected += t.rejectedReward();
            if (t.chosenReward() > t.rejectedReward()) correct++;
            chosenLogp += pc;
            rejectedLogp += pr;
            if (loss == PreferenceLoss.ORPO) {
                double odds = PreferenceLoss.logOdds(pc, pr);
                logOdds += odds;
                ratio += PreferenceLoss.logSigmoid(odds);
            }
        }

        Map<String, Double> metrics(int n) {
            var m = new LinkedHashMap<String, Double>();
            m.put("rewards/chosen", chosen / n);
            m.put("rewards/rejected", rejected / n);
            m.put("rewards/accuracies", correct / n);
            m.put("rewards/margins", (chosen - rejected) / n);
            m.put("logps/chosen", chosenLogp / n);
            m.put("logps/rejected", rejectedLogp / n);
            if (nllWeight > 0) m.put("nll_loss", nll / n);
            if (loss == PreferenceLoss.ORPO) {
                m.put("log_odds_ratio", ratio / n);
                m.put("log_odds_chosen", logOdds / n);
            }
            return m;
        }
    }
}
