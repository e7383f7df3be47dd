package io.hone.cli;

import io.hone.core.HoneException;
import io.hone.core.quant.QuantConfig;
import io.hone.train.AdapterRecipe;
import io.hone.train.LoraConfig;
import io.hone.train.TrainingMethod;
import io.hone.train.data.TrainData;
import io.hone.train.loop.Finetune;
import io.hone.train.loop.TrainConfig;
import io.hone.train.loop.Trainer;
import io.hone.train.pref.PreferenceLoss;
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
                + "{\"instruction\",\"input\",\"output\"} or chat {\"messages\"}), with LoRA/rsLoRA/DoRA, QLoRA (LoRA over a 4-bit "
                + "base) or all weights. Writes OUT/adapter (PEFT) or OUT/model, checkpoints, metrics.jsonl and loss.html into OUT.",
        footer = {"", "--method qlora quantizes the base on load (--quant nf4|fp4, --double-quant on by default, --block-size 64; "
                + "a bitsandbytes 4-bit folder is used as it is) and trains LoRA over it. Its recipe defaults (QLoRA paper, qlora.py), "
                + "used unless given: --rank 64 --alpha 16 --targets all-linear --lr 2e-4 --max-grad-norm 0.3 --schedule constant. "
                + "DoRA over a 4-bit base is not supported."})
public final class FinetuneCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", description = "YAML or JSON file with the same keys as the options (e.g. lr: 2e-4, max-seq-len: 512); options on the command line win.")
    Path config;
    @Option(names = "--model", description = "Base model folder (config.json, *.safetensors, tokenizer.json) or Hub id owner/name[@revision].")
    Path model;
    @Option(names = "--data", description = "Training data (JSONL).")
    Path data;
    @Option(names = "--out", description = "Run folder: checkpoints, metrics, final adapter/model.")
    Path out;
    @Option(names = "--method", defaultValue = "lora", description = "lora, qlora or full (default ${DEFAULT-VALUE}); dpo, orpo or grpo = that --stage with lora.")
    String method;
    @Option(names = "--stage", defaultValue = "sft", description = "sft (supervised), dpo (DPO/IPO on {prompt, chosen, rejected} pairs, reference = the base "
            + "with the adapter off), orpo (odds ratio + chosen NLL, no reference) or grpo (rollouts rewarded by a --task's metric) (default ${DEFAULT-VALUE}).")
    String stage;
    @picocli.CommandLine.Mixin
    GrpoOptions grpo;
    @Option(names = "--loss-type", defaultValue = "sigmoid", description = "dpo: sigmoid (DPO) or ipo (default ${DEFAULT-VALUE}).")
    String lossType;
    @Option(names = "--beta", defaultValue = "0.1", description = "dpo/orpo: beta (DPO's KL strength, IPO's tau, ORPO's lambda; default ${DEFAULT-VALUE}, TRL's).")
    double beta;
    @Option(names = "--label-smoothing", defaultValue = "0", description = "dpo sigmoid: label smoothing (cDPO), in [0, 0.5) (default ${DEFAULT-VALUE}).")
    double labelSmoothing;
    @Option(names = "--rpo-alpha", defaultValue = "0", description = "dpo: add this weight times the chosen completions' NLL (TRL's rpo_alpha; default ${DEFAULT-VALUE}, pure DPO).")
    double rpoAlpha;
    @picocli.CommandLine.Mixin
    QuantOptions quant;
    @Option(names = "--rank", description = "LoRA rank r (default 16; qlora 64).")
    Integer rank;
    @Option(names = "--alpha", description = "LoRA alpha; scale alpha/r (default 32; qlora 16).")
    Double alpha;
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
    @Option(names = "--lr", description = "Peak learning rate (default 2e-4 for lora and qlora, 2e-5 for full).")
    Double lr;
    @Option(names = "--epochs", defaultValue = "1", description = "Passes over the data (default ${DEFAULT-VALUE}).")
    int epochs;
    @Option(names = "--steps", defaultValue = "0", description = "Optimizer steps; overrides --epochs when > 0.")
    long steps;
    @Option(names = "--batch", defaultValue = "4", description = "Rows per micro-batch (default ${DEFAULT-VALUE}).")
    int batch;
    @Option(names = "--grad-accum", defaultValue = "1", description = "Micro-batches per optimizer step (default ${DEFAULT-VALUE}).")
    int gradAccum;
    @Option(names = "--schedule", description = "constant, linear or cosine (default linear; qlora constant).")
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
    @Option(names = "--max-grad-norm", description = "Clip the global gradient norm; 0 = off (default 1.0; qlora 0.3).")
    Double maxGradNorm;
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
        String m = method.toLowerCase(Locale.ROOT), st = stage.toLowerCase(Locale.ROOT);
        if (List.of("dpo", "orpo", "grpo").contains(m)) {
            if (!st.equals("sft") && !st.equals(m)) throw new HoneException("--method " + m + " and --stage " + stage + " disagree");
            st = m;
            m = "lora";
        }
        boolean rl = st.equals("grpo");
        if (model == null || (data == null && !rl) || out == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give --model, " + (rl ? "" : "--data ") + "and --out (on the command line or in --config)");
        }
        if (rl && data != null) throw new HoneException("--stage grpo reads its prompts from --task, not --data");
        model = Hub.local(model, "--model");
        TrainingMethod trained = TrainingMethod.parse(m, "--method", ", dpo, orpo or grpo");
        Finetune.Preference preference = rl ? null : preference(st);
        boolean full = trained == TrainingMethod.FULL, qlora = trained == TrainingMethod.QLORA;
        QuantConfig quantConfig = qlora ? quant.qlora() : null;
        if (!qlora && quant.given()) throw new HoneException("--quant, --double-quant and --block-size need --method qlora");
        if (qlora && dora) {
            throw new HoneException("--dora is not supported with --method qlora: DoRA needs the dense base weight (its row norms "
                    + "‖W + s·BA‖), which a 4-bit base does not keep; use --method lora --dora, or qlora without --dora");
        }
        LoraConfig lora = full ? null : loraConfig(qlora);
        double peak = lr != null ? lr : preference != null || rl ? (full ? 5e-7 : 5e-6) : full ? 2e-5 : 2e-4;
        AdapterRecipe recipe = AdapterRecipe.of(qlora);
        String sched = schedule != null ? schedule.toLowerCase(Locale.ROOT) : recipe.schedule();
        double clip = maxGradNorm != null ? maxGradNorm : recipe.maxGradNorm();
        TrainConfig train = TrainConfig.builder().lr(peak).epochs(epochs).steps(steps).batch(batch, gradAccum).schedule(sched, warmup)
                .maxGradNorm(clip).weightDecay(weightDecay).intervals(evalEvery, saveEvery, saveLimit).seed(seed).build();
        var opts = new TrainData.Options(maxSeqLen, packing, trainOnPrompt, valSplit, valFile, seed);
        long t0 = System.nanoTime();
        Finetune.Rl rlSetup = rl ? grpo.rl(given("--beta") ? beta : 0, valSplit, seed) : null;
        Finetune.Outcome o = new Finetune(model, data, lora, loraPlusRatio, opts, train, checkpointing, resume, out, quantConfig, preference, rlSetup)
                .run(System.out, System.err);
        Trainer.Result r = o.result();
        String loss = !Double.isNaN(r.trainLoss()) ? String.format(Locale.ROOT, "final train loss %.4f", r.trainLoss())
                : "no final train loss (no step ran and metrics.jsonl records none for step " + r.steps() + ")";
        System.out.printf(Locale.ROOT, "done: %d steps in %.1f s%s, %s%s%n", r.steps(), (System.nanoTime() - t0) / 1e9,
                r.stepsRun() == 0 && r.steps() > 0 ? " (nothing left to train after the checkpoint; losses as recorded)" : "", loss,
                (Double.isNaN(r.evalLoss()) ? "" : String.format(Locale.ROOT, ", eval loss %.4f", r.evalLoss())) + evalDetail(r, preference != null));
        return 0;
    }

    /** Perplexity for supervised runs, reward accuracy and margin for preference runs. */
    private static String evalDetail(Trainer.Result r, boolean preference) {
        Double acc = r.evalMetrics().get("rewards/accuracies"), margin = r.evalMetrics().get("rewards/margins");
        if (acc != null) return String.format(Locale.ROOT, " (reward accuracy %.3f, margin %.3f)", acc, margin);
        if (r.evalMetrics().containsKey("reward")) return String.format(Locale.ROOT, ", eval reward %.3f", r.evalMetrics().get("reward"));
        if (preference || Double.isNaN(r.evalLoss())) return ""; // resumed at the end: metrics.jsonl has the last evaluation
        return String.format(Locale.ROOT, " (perplexity %.3f)", Math.exp(r.evalLoss()));
    }

    private Finetune.Preference preference(String st) {
        boolean dpo = st.equals("dpo"), orpo = st.equals("orpo");
        if (!dpo && !orpo && !st.equals("sft")) throw new HoneException("--stage must be sft, dpo, orpo or grpo, got '" + stage + "'");
        if (!dpo && !orpo) {
            for (String o : List.of("--loss-type", "--beta", "--label-smoothing", "--rpo-alpha")) {
                if (given(o)) throw new HoneException(o + " needs --stage dpo or orpo");
            }
            return null;
        }
        PreferenceLoss loss = PreferenceLoss.parse(lossType);
        if (orpo && given("--loss-type")) throw new HoneException("--loss-type applies to --stage dpo (orpo has its own loss)");
        if (dpo && loss == PreferenceLoss.ORPO) throw new HoneException("--loss-type must be sigmoid or ipo (for ORPO use --stage orpo)");
        return new Finetune.Preference(orpo ? PreferenceLoss.ORPO : loss, beta, labelSmoothing, rpoAlpha);
    }

    private boolean given(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    private LoraConfig loraConfig(boolean qlora) {
        AdapterRecipe recipe = AdapterRecipe.of(qlora);
        int rank = this.rank != null ? this.rank : recipe.rank();
        double alpha = this.alpha != null ? this.alpha : recipe.alpha();
        if (!init.equals("default") && !init.equals("gaussian")) throw new HoneException("--init must be default or gaussian, got '" + init + "'");
        try {
            boolean all = targets.equals(LoraConfig.ALL_LINEAR);
            List<String> list = all ? null : Arrays.stream(targets.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
            return (all ? LoraConfig.allLinear(rank, alpha) : LoraConfig.of(rank, alpha, list)).withDropout(dropout).withRslora(rslora).withDora(dora)
                    .withInit(init);
        } catch (IllegalArgumentException e) {
            throw new HoneException("finetune: " + e.getMessage());
        }
    }
}
