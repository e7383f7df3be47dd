package io.hone.train.loop;

import io.hone.core.HoneException;
import io.hone.core.progress.ProgressBar;
import io.hone.train.Param;
import io.hone.train.TrainableModel;
import io.hone.train.data.EpochOrder;
import io.hone.train.data.TrainData;
import io.hone.train.optim.AdamW;
import io.hone.train.optim.GradClip;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The training loop: micro-batches in a seeded per-epoch order, gradient accumulation (mean over the step's
 * micro-batches), clipping, the learning-rate schedule, the optimizer step; validation loss at the start, every
 * {@code evalEvery} steps and at the end; a checkpoint every {@code saveEvery} steps and at the end; metrics and the loss
 * chart in the run folder. A non-finite loss or gradient norm stops the run before the optimizer touches the weights,
 * keeping the last checkpoint. {@link #resume} continues a checkpoint bit for bit.
 */
public final class Trainer {
    private final TrainableModel model;
    private final AdamW opt;
    private final TrainConfig cfg;
    private final Objective objective;
    private final Path runDir;
    private final ModelSaver saver;
    private final PrintStream log;
    private final boolean terminal;
    private long step, epoch, microInEpoch, microBatches;
    private boolean resumed;
    private Path lastCheckpoint;
    private Map<String, Double> lastEvalMetrics = Map.of();

    /**
     * @param trainLoss the last step's loss; after a resume with nothing left to train, the one metrics.jsonl recorded for
     *                  that step (NaN when it has none)
     * @param stepsRun  optimizer steps taken by this call (0: resumed at the end)
     * @param evalMetrics the objective's other values at the last evaluation of this call (e.g. {@code perplexity},
     *                    {@code rewards/accuracies}); empty when none ran
     */
    public record Result(long steps, double trainLoss, double evalLoss, Path checkpoint, long stepsRun, Map<String, Double> evalMetrics) {}

    public Trainer(TrainableModel model, AdamW opt, TrainConfig cfg, TrainData data, int padId, Path runDir,
                   ModelSaver saver, PrintStream log) {
        this(model, opt, cfg, new LanguageModeling(data, padId), runDir, saver, log, ProgressBar.isTerminal(log));
    }

    public Trainer(TrainableModel model, AdamW opt, TrainConfig cfg, Objective objective, Path runDir, ModelSaver saver, PrintStream log) {
        this(model, opt, cfg, objective, runDir, saver, log, ProgressBar.isTerminal(log));
    }

    Trainer(TrainableModel model, AdamW opt, TrainConfig cfg, Objective objective, Path runDir,
            ModelSaver saver, PrintStream log, boolean terminal) {
        this.model = model;
        this.opt = opt;
        this.cfg = cfg;
        this.objective = objective;
        this.runDir = runDir;
        this.saver = saver;
        this.log = log;
        this.terminal = terminal;
    }

    public long totalSteps() {
        return cfg.totalSteps(objective.rows());
    }

    /** Loads weights, optimizer state and position from a checkpoint folder written by this trainer. */
    public void resume(Path checkpoint) {
        TrainerState s = TrainerState.read(checkpoint);
        if (!s.config().equals(cfg)) {
            log.println("warning: resuming with a different configuration than " + checkpoint + " was trained with; "
                    + "the run will not match an uninterrupted one (was " + s.config() + ")");
        }
        Path weights = Files.exists(checkpoint.resolve("adapter_model.safetensors"))
                ? checkpoint.resolve("adapter_model.safetensors") : checkpoint.resolve("model.safetensors");
        Checkpoints.loadParams(weights, model.params());
        Checkpoints.loadOptimizer(checkpoint, opt);
        step = s.step();
        epoch = s.epoch();
        microInEpoch = s.microInEpoch();
        microBatches = s.microBatches();
        resumed = true;
        lastCheckpoint = checkpoint;
    }

    public Result train() {
        return train(Long.MAX_VALUE);
    }

    /** Trains until {@code stopAt} steps (or the end): an interruption, for tests. */
    Result train(long stopAt) {
        try {
            Files.createDirectories(runDir);
        } catch (IOException e) {
            throw new HoneException(runDir + ": cannot create (" + e.getMessage() + ")");
        }
        int swept = Checkpoints.sweep(runDir);
        if (swept > 0) log.println("removed " + swept + " leftover temp file(s)/folder(s) of an interrupted write in " + runDir);
        List<Param> params = model.params();
        int rows = objective.rows();
        long total = totalSteps(), perEpoch = cfg.microBatchesPerEpoch(rows);
        var schedule = cfg.lrSchedule(rows);
        int[] order = EpochOrder.of(rows, cfg.seed(), epoch);
        double trainLoss = Double.NaN, evalLoss = Double.NaN;
        long startStep = step;
        try (MetricsLog metrics = MetricsLog.open(runDir, resumed ? step : -1)) {
            var progress = ProgressBar.on(log, "train", total, terminal).unit("steps").from(step).withoutRate();
            long tokensSeen = 0;
            if (!resumed) evalLoss = evaluate(metrics, progress);
            else { // what the checkpoint's run recorded, in case no step is left to take
                trainLoss = last(metrics.trainLosses());
                evalLoss = last(metrics.evalLosses());
            }
            long started = System.nanoTime(), lastEval = resumed ? -1 : step;
            while (step < total && step < stopAt) {
                long t0 = System.nanoTime();
                long micros = Math.min(cfg.gradAccum(), perEpoch - microInEpoch);
                double lossSum = 0;
                long tokens = 0;
                var extra = new LinkedHashMap<String, Double>();
                for (long k = 0; k < micros; k++) {
                    model.noiseStep(microBatches);
                    Objective.Step s = objective.step(model, microBatch(order, microInEpoch));
                    lossSum += s.loss();
                    tokens += s.tokens();
                    s.metrics().forEach((key, v) -> extra.merge(key, v / micros, Double::sum));
                    microInEpoch++;
                    microBatches++;
                }
                if (microInEpoch == perEpoch) {
                    epoch++;
                    microInEpoch = 0;
                    order = EpochOrder.of(rows, cfg.seed(), epoch);
                }
                double loss = lossSum / micros;
                if (micros > 1) scale(params, (float) (1.0 / micros));
                double norm = GradClip.clip(params, cfg.maxGradNorm());
                if (!Double.isFinite(loss) || !Double.isFinite(norm)) {
                    chart(metrics);
                    progress.finish();
                    throw diverged(step + 1, loss, norm);
                }
                double factor = schedule.factor(step), lr = cfg.lr() * factor;
                opt.step(factor);
                model.zeroGrad();
                step++;
                trainLoss = loss;
                double secs = (System.nanoTime() - t0) / 1e9;
                metrics.train(step, epochProgress(perEpoch), loss, lr, norm, tokens, tokens / secs,
                        metrics.elapsedBefore() + (System.nanoTime() - started) / 1e9, extra);
                tokensSeen += tokens;
                String more = objective.progress(extra);
                progress.update(step, String.format(Locale.ROOT, "loss %.4f  %s%.0f tok/s", loss, more.isEmpty() ? "" : more + "  ",
                        tokensSeen / Math.max(progress.seconds(), 1e-9)));
                boolean last = step == total;
                if ((cfg.evalEvery() > 0 && step % cfg.evalEvery() == 0) || last) {
                    evalLoss = evaluate(metrics, progress);
                    lastEval = step;
                }
                if ((cfg.saveEvery() > 0 && step % cfg.saveEvery() == 0) || last) {
                    lastCheckpoint = Checkpoints.save(runDir, new TrainerState(step, epoch, microInEpoch, microBatches, total, cfg),
                            saver, opt, cfg.saveLimit());
                    chart(metrics);
                }
            }
            if (lastEval != step) chart(metrics);
            progress.finish();
        }
        return new Result(step, trainLoss, evalLoss, lastCheckpoint, step - startStep, lastEvalMetrics);
    }

    private double last(List<MetricsLog.Point> points) {
        return points.isEmpty() || points.getLast().step() != step ? Double.NaN : points.getLast().value();
    }

    /** Mean over the step's micro-batches: their gradients were summed. */
    private static void scale(List<Param> params, float factor) {
        for (Param p : params) {
            float[] g = p.grad();
            for (int i = 0; i < g.length; i++) g[i] *= factor;
        }
    }

    private List<Integer> microBatch(int[] order, long micro) {
        int from = (int) (micro * cfg.batchSize()), to = Math.min(order.length, from + cfg.batchSize());
        var rows = new ArrayList<Integer>(to - from);
        for (int i = from; i < to; i++) rows.add(order[i]);
        return rows;
    }

    private double epochProgress(long perEpoch) {
        return epoch + (double) microInEpoch / perEpoch;
    }

    private double evaluate(MetricsLog metrics, ProgressBar progress) {
        Objective.Eval r = objective.evaluate(model);
        if (r == null) return Double.NaN;
        metrics.eval(step, epochProgress(cfg.microBatchesPerEpoch(objective.rows())), r.loss(), r.tokens(), r.metrics());
        var parts = new ArrayList<String>();
        if (!Double.isNaN(r.loss())) parts.add(String.format(Locale.ROOT, "loss %.4f", r.loss()));
        r.metrics().forEach((k, v) -> parts.add(String.format(Locale.ROOT, "%s %.3f", k, v)));
        progress.message(String.format(Locale.ROOT, "step %d: eval %s (%d tokens)", step, String.join(", ", parts), r.tokens()));
        chart(metrics);
        lastEvalMetrics = r.metrics();
        return r.loss();
    }

    private void chart(MetricsLog metrics) {
        LossChart.write(runDir, metrics.trainLosses(), metrics.evalLosses(), "loss: " + runDir.getFileName());
        String k = objective.chartMetric();
        if (k != null) LossChart.write(runDir, "reward", k, metrics.series(k), metrics.series("eval_" + k), k + ": " + runDir.getFileName());
    }

    private HoneException diverged(long badStep, double loss, double norm) {
        String what = !Double.isFinite(loss) ? "loss is " + loss : "gradient norm is " + norm;
        String keep = lastCheckpoint != null ? "the last good checkpoint is " + lastCheckpoint : "no checkpoint had been written yet";
        return new HoneException("step " + badStep + ": " + what + "; training stopped before updating the weights ("
                + keep + "). Try a lower --lr or --max-grad-norm.");
    }
}
