package io.hone.train.loop;

import io.hone.core.HoneException;
import io.hone.core.io.AtomicDir;
import io.hone.core.io.SafetensorsWriter;
import io.hone.core.model.LayerWeights;
import io.hone.core.model.LlamaWeights;
import io.hone.core.model.ModelConfig;
import io.hone.core.quant.Nf4Linear;
import io.hone.core.quant.Nf4Storage;
import io.hone.core.quant.QuantConfig;
import io.hone.core.tokenizer.Tokenizer;
import io.hone.train.LoraConfig;
import io.hone.train.ModelOpener;
import io.hone.train.Param;
import io.hone.train.PeftAdapter;
import io.hone.train.PeftWriter;
import io.hone.train.TrainableModel;
import io.hone.train.data.Encoder;
import io.hone.train.data.TrainData;
import io.hone.train.optim.AdamW;
import io.hone.train.pref.PreferenceData;
import io.hone.train.pref.PreferenceLoss;
import io.hone.train.pref.PreferenceObjective;
import io.hone.train.pref.ReferenceModel;
import io.hone.train.rl.GrpoObjective;
import io.hone.train.rl.GrpoSettings;
import io.hone.train.rl.Reward;
import io.hone.train.rl.RlPrompt;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A whole fine-tuning run from files: data → model (fresh LoRA/DoRA adapter, or all weights) → {@link Trainer} → the
 * result in {@code out/adapter/} (PEFT folder) or {@code out/model/} (Hugging Face model folder), with the run's
 * checkpoints, {@code metrics.jsonl} and loss chart next to them.
 *
 * @param lora          the adapter to train; null for full fine-tuning
 * @param loraPlusRatio LoRA+: B matrices learn at this multiple of the learning rate (1 = plain LoRA)
 * @param resume        a checkpoint folder, or a run folder whose newest checkpoint is used; null to start fresh
 * @param quant         QLoRA: quantize the base's projections on load (bitsandbytes 4-bit), LoRA trains over them; null
 *                      keeps the weights as stored (a bitsandbytes 4-bit folder is 4-bit either way)
 */
public record Finetune(Path modelDir, Path dataFile, LoraConfig lora, double loraPlusRatio, TrainData.Options data,
                       TrainConfig train, boolean checkpointing, Path resume, Path out, QuantConfig quant, Preference preference,
                       Rl rl) {
    public Finetune(Path modelDir, Path dataFile, LoraConfig lora, double loraPlusRatio, TrainData.Options data,
                    TrainConfig train, boolean checkpointing, Path resume, Path out) {
        this(modelDir, dataFile, lora, loraPlusRatio, data, train, checkpointing, resume, out, null, null, null);
    }

    public Finetune(Path modelDir, Path dataFile, LoraConfig lora, double loraPlusRatio, TrainData.Options data,
                    TrainConfig train, boolean checkpointing, Path resume, Path out, QuantConfig quant) {
        this(modelDir, dataFile, lora, loraPlusRatio, data, train, checkpointing, resume, out, quant, null, null);
    }

    public Finetune(Path modelDir, Path dataFile, LoraConfig lora, double loraPlusRatio, TrainData.Options data,
                    TrainConfig train, boolean checkpointing, Path resume, Path out, QuantConfig quant, Preference preference) {
        this(modelDir, dataFile, lora, loraPlusRatio, data, train, checkpointing, resume, out, quant, preference, null);
    }

    /** GRPO instead of supervised: prompts (training and validation) and their reward; {@code dataFile} is not read. */
    public record Rl(List<RlPrompt> train, List<RlPrompt> validation, Reward reward, GrpoSettings settings) {}

    /**
     * Preference tuning instead of supervised: {@code dataFile} holds (prompt, chosen, rejected) records.
     *
     * @param beta           DPO's β (the KL strength; IPO's τ as TRL names it β too; ORPO's λ)
     * @param labelSmoothing cDPO's ε (sigmoid loss only)
     * @param rpoAlpha       weight of the chosen completions' NLL added to DPO/IPO (TRL's rpo_alpha; 0 = pure DPO)
     */
    public record Preference(PreferenceLoss loss, double beta, double labelSmoothing, double rpoAlpha) {}

    private static final List<String> MODEL_FILES = List.of("config.json", "generation_config.json", "tokenizer.json",
            "tokenizer_config.json", "special_tokens_map.json", "chat_template.jinja");

    public record Outcome(Trainer.Result result, Path weights, long trainable, long total) {}

    /** Everything set up and resumed if asked, nothing trained yet. */
    record Session(Trainer trainer, TrainableModel model, long trainable, long total, Objective objective) {}

    private static void close(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            throw new HoneException("cannot close " + c + ": " + e.getMessage());
        }
    }

    /** Runs to the end: {@code info} gets the summary lines, {@code progress} the progress line and evaluations. */
    public Outcome run(PrintStream info, PrintStream progress) {
        Session s = prepare(info, progress);
        Trainer.Result r;
        try {
            r = s.trainer().train();
        } finally {
            if (s.objective() instanceof AutoCloseable c) close(c);
        }
        Path weights = out.resolve(lora != null ? "adapter" : "model");
        save(weights, s.model().params());
        info.println("wrote " + weights);
        return new Outcome(r, weights, s.trainable(), s.total());
    }

    Session prepare(PrintStream log, PrintStream progress) {
        LlamaWeights base;
        ModelConfig cfg;
        TrainData rows = null;
        PreferenceData pairs = null;
        int padId;
        // the template only when the folder has one: only chat records need it, and the encoder says so if they come
        ModelOpener opener = ModelOpener.at(modelDir).quantizeOnLoad(quant).template(ModelOpener.Template.IF_PRESENT);
        try (Tokenizer tok = opener.openTokenizer()) {
            var enc = new Encoder(tok, opener.chatTemplate(), data.maxSeqLen(), data.trainOnPrompt());
            if (preference != null) pairs = PreferenceData.load(dataFile, data, enc);
            else if (rl == null) rows = TrainData.load(dataFile, data, enc);
            padId = tok.eosIds().isEmpty() ? 0 : tok.eosIds().iterator().next();
        }
        if (quant != null && lora == null) throw new HoneException("a quantized base needs an adapter (QLoRA); full fine-tuning trains dense weights");
        var loaded = opener.loadModel();
        cfg = loaded.config();
        base = loaded.weights();
        List<Nf4Linear> quantized = Arrays.stream(base.layers()).flatMap(l -> LayerWeights.MODULES.stream().map(l::module))
                .filter(Nf4Linear.class::isInstance).map(Nf4Linear.class::cast).toList();
        if (!quantized.isEmpty()) {
            if (lora == null) throw new HoneException(modelDir + ": the base is 4-bit quantized; full fine-tuning needs dense weights (train an adapter: --method qlora)");
            if (lora.useDora()) throw new HoneException(modelDir + ": DoRA over a 4-bit base is not supported (DoRA needs the dense weight's row norms); use LoRA");
            Nf4Linear first = quantized.getFirst();
            QuantConfig q = first.weight().config();
            log.printf(Locale.ROOT, "QLoRA: %d projections %s in 4 bits (%s, block %d%s, %.3f bits/param with the absmax state); embeddings, norms and lm_head as stored%n",
                    quantized.size(), quant != null ? "quantized on load" : "stored", q.type().name().toLowerCase(Locale.ROOT), q.blockSize(),
                    q.doubleQuant() ? ", double quant" : "", Nf4Storage.of(base).bitsPerParameter());
        }
        TrainableModel model = lora != null
                ? TrainableModel.adapters(cfg, PeftAdapter.attach(base, lora, train.seed()).weights())
                : TrainableModel.full(cfg, base);
        model.checkpointing(checkpointing).seed(train.seed());
        long trainable = model.params().stream().mapToLong(p -> p.value().length).sum();
        long total = cfg.parameterCount() + (lora != null ? trainable : 0);
        log.printf(Locale.ROOT, "trainable params: %,d || all params: %,d || trainable%%: %.4f%n", trainable, total, 100.0 * trainable / total);
        Objective objective;
        if (pairs != null) {
            objective = preferenceObjective(pairs, cfg, model, padId, log);
        } else if (rl != null) {
            GrpoSettings g = rl.settings();
            log.printf(Locale.ROOT, "data: %d prompts for training, %d for validation; GRPO: %d generations per prompt at temperature %s%s%s, "
                            + "up to %d new tokens, beta %s, clip [%s, %s]%n", rl.train().size(), rl.validation().size(), g.generations(),
                    g.temperature(), g.topK() > 0 ? ", top-k " + g.topK() : "", g.topP() < 1 ? ", top-p " + g.topP() : "",
                    g.maxNewTokens(), g.beta(), 1 - g.epsLow(), 1 + g.epsHigh());
            if (g.beta() != 0 && lora == null) throw new HoneException("GRPO with a KL term (beta > 0) needs an adapter (the reference is the base with it off)");
            LlamaWeights ref = g.beta() == 0 ? null : ReferenceModel.withoutAdapters(model.weights());
            objective = new GrpoObjective(rl.train(), rl.validation(), opener.openTokenizer(), rl.reward(), g, ref, padId, train.seed());
        } else {
            log.printf(Locale.ROOT, "data: %d examples -> %d training rows (%,d trained tokens), %d validation examples%s%n",
                    rows.examples(), rows.rows().size(), rows.trainedTokens(), rows.validation().size(),
                    rows.dropped() > 0 ? ", " + rows.dropped() + " dropped (nothing to train after masking/truncation)" : "");
            objective = new LanguageModeling(rows, padId);
        }

        var opt = AdamW.forTraining(model.params(), train.lr(), train.weightDecay(), loraPlusRatio);
        ModelSaver saver = dir -> save(dir, model.params());
        var trainer = new Trainer(model, opt, train, objective, out, saver, progress);
        if (resume != null) {
            Path ckpt = Checkpoints.resolve(resume);
            trainer.resume(ckpt);
            log.println("resumed from " + ckpt);
        }
        log.printf(Locale.ROOT, "training %d steps (batch %d x %d accumulation, lr %s, %s schedule)%n",
                trainer.totalSteps(), train.batchSize(), train.gradAccum(), train.lr(), train.schedule());
        return new Session(trainer, model, trainable, total, objective);
    }

    /** The reference log-probs are taken here, before any step or resume changes the weights. */
    private Objective preferenceObjective(PreferenceData pairs, ModelConfig cfg, TrainableModel model, int padId, PrintStream log) {
        PreferenceLoss loss = preference.loss();
        log.printf(Locale.ROOT, "data: %d preference pairs for training (%,d completion tokens), %d for validation%s%n",
                pairs.train().size(), pairs.trainedTokens(), pairs.validation().size(),
                pairs.dropped() > 0 ? ", " + pairs.dropped() + " dropped (a completion with nothing left after truncation)" : "");
        double[][] refTrain = null, refVal = null;
        if (loss.needsReference()) {
            long t0 = System.nanoTime();
            LlamaWeights ref = lora != null ? ReferenceModel.withoutAdapters(model.weights()) : model.weights();
            refTrain = ReferenceModel.logProbs(cfg, ref, pairs.train(), loss.averaged());
            refVal = ReferenceModel.logProbs(cfg, ref, pairs.validation(), loss.averaged());
            log.printf(Locale.ROOT, "reference log-probs: %d pairs in %.1f s (%s)%n", pairs.train().size() + pairs.validation().size(),
                    (System.nanoTime() - t0) / 1e9, lora != null ? "the base with the adapter off" : "the weights before training");
        }
        log.printf(Locale.ROOT, "objective: %s, beta %s%s%s%n", loss == PreferenceLoss.ORPO ? "ORPO (odds ratio + chosen NLL, no reference)"
                        : loss == PreferenceLoss.IPO ? "IPO" : "DPO (sigmoid)", preference.beta(),
                preference.labelSmoothing() > 0 ? ", label smoothing " + preference.labelSmoothing() : "",
                preference.rpoAlpha() > 0 ? ", + " + preference.rpoAlpha() + " x chosen NLL (RPO)" : "");
        return new PreferenceObjective(pairs, loss, preference.beta(), preference.labelSmoothing(), preference.rpoAlpha(), padId, refTrain, refVal);
    }

    private void save(Path dir, List<Param> params) {
        if (lora != null) {
            PeftWriter.save(dir, lora, params, modelDir.toAbsolutePath().toString());
            return;
        }
        AtomicDir.write(dir, tmp -> { // a kill leaves a temp the next run's sweep removes, never a half model folder
            var w = new SafetensorsWriter();
            for (Param p : params) w.addF32(p.name(), p.shape(), p.value());
            w.metadata("format", "pt");
            w.write(tmp.resolve("model.safetensors"));
            for (String f : MODEL_FILES) {
                Path src = modelDir.resolve(f);
                if (Files.isRegularFile(src)) Files.copy(src, tmp.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            }
        });
    }
}
