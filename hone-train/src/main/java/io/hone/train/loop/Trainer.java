package io.hone.train.loop;

import io.hone.core.HoneException;
import io.hone.core.progress.ProgressBar;
import io.hone.train.Param;
import io.hone.train.TrainableModel;
import io.hone.train.data.Collate;
import io.hone.train.data.EpochOrder;
import io.hone.train.data.Example;
import io.hone.train.data.TrainData;
import io.hone.train.optim.AdamW;
import io.hone.train.optim.GradClip;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
    private final TrainData data;
    private final int padId;
    private final Path runDir;
    private final ModelSaver saver;
    private final PrintStream log;
    private final boolean terminal;
    private long step, epoch, microInEpoch, microBatches;
    private boolean resumed;
    private Path lastCheckpoint;

    /**
     * @param trainLoss the last step's loss; after a resume with nothing left to train, the one metrics.jsonl recorded for
     *                  that step (NaN when it has none)
     * @param stepsRun  optimizer steps taken by this call (0: resumed at the end)
     */
    public record Result(long steps, double trainLoss, double evalLoss, Path checkpoint, long stepsRun) {}

    public Trainer(TrainableModel model, AdamW opt, TrainConfig cfg, TrainData data, int padId, Path runDir,
                   ModelSaver saver, PrintStream log) {
        this(model, opt, cfg, data, padId, runDir, saver, log, ProgressBar.isTerminal(log));
    }

    Trainer(TrainableModel model, AdamW opt, TrainConfig cfg, TrainData data, int padId, Path runDir,
            ModelSaver saver, PrintStream log, boolean terminal) {
        this.model = model;
        this.opt = opt;
        this.cfg = cfg;
        this.data = data;
        this.padId = padId;
        this.runDir = runDir;
        this.saver = saver;
        this.log = log;
        this.terminal = terminal;
    }

    public long totalSteps() {
        return cfg.totalSteps(data.rows().size());
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
        int rows = data.rows().size();
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
                for (long k = 0; k < micros; k++) {
                    List<Example> batch = microBatch(order, microInEpoch);
                    model.noiseStep(microBatches);
                    lossSum += model.forwardBackward(Collate.batch(batch, padId));
                    tokens += Collate.tokens(batch);
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
                        metrics.elapsedBefore() + (System.nanoTime() - started) / 1e9);
                tokensSeen += tokens;
                progress.update(step, String.format(Locale.ROOT, "loss %.4f  %.0f tok/s", loss,
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
        return new Result(step, trainLoss, evalLoss, lastCheckpoint, step - startStep);
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

    private List<Example> microBatch(int[] order, long micro) {
        int from = (int) (micro * cfg.batchSize()), to = Math.min(order.length, from + cfg.batchSize());
        var rows = new ArrayList<Example>(to - from);
        for (int i = from; i < to; i++) rows.add(data.rows().get(order[i]));
        return rows;
    }

    private double epochProgress(long perEpoch) {
        return epoch + (double) microInEpoch / perEpoch;
    }

    private double evaluate(MetricsLog metrics, ProgressBar progress) {
        if (data.validation().isEmpty()) return Double.NaN;
        Evaluator.Result r = Evaluator.evaluate(model.config(), model.weights(), data.validation());
        metrics.eval(step, epochProgress(cfg.microBatchesPerEpoch(data.rows().size())), r.loss(), r.tokens());
        progress.message(String.format(Locale.ROOT, "step %d: eval loss %.4f, perplexity %.3f (%d tokens)", step, r.loss(), r.perplexity(), r.tokens()));
        chart(metrics);
        return r.loss();
    }

    private void chart(MetricsLog metrics) {
        LossChart.write(runDir, metrics.trainLosses(), metrics.evalLosses(), "loss: " + runDir.getFileName());
    }

    private HoneException diverged(long badStep, double loss, double norm) {
        String what = !Double.isFinite(loss) ? "loss is " + loss : "gradient norm is " + norm;
        String keep = lastCheckpoint != null ? "the last good checkpoint is " + lastCheckpoint : "no checkpoint had been written yet";
        return new HoneException("step " + badStep + ": " + what + "; training stopped before updating the weights ("
                + keep + "). Try a lower --lr or --max-grad-norm.");
    }
}
