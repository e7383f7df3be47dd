package io.hone.cli;

import io.hone.core.HoneException;
import io.hone.train.LoraConfig;
import io.hone.train.data.TrainData;
import io.hone.train.loop.Finetune;
import io.hone.train.loop.TrainConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "finetune", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Fine-tune a Hugging Face model folder on a JSONL file ({\"text\"}, {\"prompt\",\"completion\"}, Alpaca "
                + "{\"instruction\",\"input\",\"output\"} or chat {\"messages\"}), with LoRA/rsLoRA/DoRA or all weights. Writes "
                + "OUT/adapter (PEFT) or OUT/model, checkpoints, metrics.jsonl and loss.html into OUT.")
public final class FinetuneCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", description = "YAML or JSON file with the same keys as the options (e.g. lr: 2e-4, max-seq-len: 512); options on the command line win.")
    Path config;
    @Option(names = "--model", description = "Base model folder (config.json, *.safetensors, tokenizer.json).")
    Path model;
    @Option(names = "--data", description = "Training data (JSONL).")
    Path data;
    @Option(names = "--out", description = "Run folder: checkpoints, metrics, final adapter/model.")
    Path out;
    @Option(names = "--method", defaultValue = "lora", description = "lora or full (default ${DEFAULT-VALUE}).")
    String method;
    @Option(names = "--rank", defaultValue = "16", description = "LoRA rank r (default ${DEFAULT-VALUE}).")
    int rank;
    @Option(names = "--alpha", defaultValue = "32", description = "LoRA alpha; scale alpha/r (default ${DEFAULT-VALUE}).")
    double alpha;
    @Option(names = "--dropout", defaultValue = "0.05", description = "LoRA dropout (default ${DEFAULT-VALUE}).")
    double dropout;
    @Option(names = "--targets", defaultValue = "all-linear", description = "all-linear, or modules such as q_proj,v_proj (default ${DEFAULT-VALUE}).")
    String targets;
    @Option(names = "--rslora", description = "rsLoRA scale alpha/sqrt(r).")
    boolean rslora;
    @Option(names = "--dora", description = "DoRA (weight-decomposed LoRA).")
    boolean dora;
    @Option(names = "--init", defaultValue = "default", description = "LoRA A init: default (kaiming-uniform) or gaussian.")
    String init;
    @Option(names = "--loraplus-ratio", defaultValue = "1", description = "LoRA+: B learns at this multiple of --lr (default ${DEFAULT-VALUE}, off).")
    double loraPlusRatio;
    @Option(names = "--lr", description = "Peak learning rate (default 2e-4 for lora, 2e-5 for full).")
    Double lr;
    @Option(names = "--epochs", defaultValue = "1", description = "Passes over the data (default ${DEFAULT-VALUE}).")
    int epochs;
    @Option(names = "--steps", defaultValue = "0", description = "Optimizer steps; overrides --epochs when > 0.")
    long steps;
    @Option(names = "--batch", defaultValue = "4", description = "Rows per micro-batch (default ${DEFAULT-VALUE}).")
    int batch;
    @Option(names = "--grad-accum", defaultValue = "1", description = "Micro-batches per optimizer step (default ${DEFAULT-VALUE}).")
    int gradAccum;
    @Option(names = "--schedule", defaultValue = "linear", description = "constant, linear or cosine (default ${DEFAULT-VALUE}).")
    String schedule;
    @Option(names = "--warmup", defaultValue = "0", description = "Warm-up steps, or a fraction of all steps when below 1 (default ${DEFAULT-VALUE}).")
    double warmup;
    @Option(names = "--max-seq-len", defaultValue = "512", description = "Truncate (and pack) to this many tokens (default ${DEFAULT-VALUE}).")
    int maxSeqLen;
    @Option(names = "--packing", description = "Pack several examples into each row of --max-seq-len tokens.")
    boolean packing;
    @Option(names = "--train-on-prompt", description = "Also train on prompt tokens / non-assistant turns.")
    boolean trainOnPrompt;
    @Option(names = "--val-split", defaultValue = "0", description = "Fraction of the data held out for validation (seeded).")
    double valSplit;
    @Option(names = "--val-file", description = "Validation data (JSONL) instead of a split.")
    Path valFile;
    @Option(names = "--eval-every", defaultValue = "0", description = "Validation loss every N steps (also at start and end).")
    int evalEvery;
    @Option(names = "--save-every", defaultValue = "0", description = "Checkpoint every N steps (also at the end).")
    int saveEvery;
    @Option(names = "--save-limit", defaultValue = "2", description = "Keep the newest N checkpoints; 0 = all (default ${DEFAULT-VALUE}).")
    int saveLimit;
    @Option(names = "--max-grad-norm", defaultValue = "1.0", description = "Clip the global gradient norm; 0 = off (default ${DEFAULT-VALUE}).")
    double maxGradNorm;
    @Option(names = "--weight-decay", defaultValue = "0", description = "AdamW decoupled weight decay (default ${DEFAULT-VALUE}).")
    double weightDecay;
    @Option(names = "--seed", defaultValue = "42", description = "Seed of adapter init, data order, split and dropout (default ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--checkpointing", description = "Gradient checkpointing: recompute each block in backward (less memory).")
    boolean checkpointing;
    @Option(names = "--resume", description = "Continue from a checkpoint folder, or a run folder's newest checkpoint.")
    Path resume;

    @Override
    public Integer call() {
        if (config != null) TrainingConfigFile.apply(config, spec);
        if (model == null || data == null || out == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give --model, --data and --out (on the command line or in --config)");
        }
        boolean full = switch (method.toLowerCase(Locale.ROOT)) {
            case "full" -> true;
            case "lora" -> false;
            default -> throw new HoneException("--method must be lora or full, got '" + method + "'");
        };
        LoraConfig lora = full ? null : loraConfig();
        double peak = lr != null ? lr : full ? 2e-5 : 2e-4;
        TrainConfig train = new TrainConfig(peak, epochs, steps, batch, gradAccum, schedule.toLowerCase(Locale.ROOT), warmup,
                maxGradNorm, weightDecay, evalEvery, saveEvery, saveLimit, seed);
        var opts = new TrainData.Options(maxSeqLen, packing, trainOnPrompt, valSplit, valFile, seed);
        long t0 = System.nanoTime();
        Finetune.Outcome o = new Finetune(model, data, lora, loraPlusRatio, opts, train, checkpointing, resume, out).run(System.out, System.err);
        System.out.printf(Locale.ROOT, "done: %d steps in %.1f s, final train loss %.4f%s%n", o.result().steps(), (System.nanoTime() - t0) / 1e9,
                o.result().trainLoss(), Double.isNaN(o.result().evalLoss()) ? ""
                        : String.format(Locale.ROOT, ", eval loss %.4f (perplexity %.3f)", o.result().evalLoss(), Math.exp(o.result().evalLoss())));
        return 0;
    }

    private LoraConfig loraConfig() {
        if (!init.equals("default") && !init.equals("gaussian")) throw new HoneException("--init must be default or gaussian, got '" + init + "'");
        try {
            boolean all = targets.equals(LoraConfig.ALL_LINEAR);
            List<String> list = all ? null : Arrays.stream(targets.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
            return new LoraConfig(rank, alpha, dropout, list, all ? LoraConfig.ALL_LINEAR : null, rslora, dora, init);
        } catch (IllegalArgumentException e) {
            throw new HoneException("finetune: " + e.getMessage());
        }
    }
}
