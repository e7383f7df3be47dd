package io.hone.improve.moves;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hone.core.HoneException;
import io.hone.core.io.AtomicFile;
import io.hone.core.quant.QuantConfig;
import io.hone.improve.search.Weights;
import io.hone.train.AdapterRecipe;
import io.hone.train.LoraConfig;
import io.hone.train.data.TrainData;
import io.hone.train.loop.Finetune;
import io.hone.train.loop.TrainConfig;
import io.hone.train.pref.PreferenceLoss;
import io.hone.train.rl.GrpoSettings;
import io.hone.train.rl.Reward;
import io.hone.train.rl.RlPrompt;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains the adapters of the weights moves through hone-train's {@link Finetune}, in one of three stages: supervised
 * on rows {@code {"prompt", "completion"}} (loss on the completion only), DPO on pairs {@code {"prompt", "chosen",
 * "rejected"}}, or GRPO on prompts rewarded by the task metric. All linear projections, 5% warm-up, AdamW; batch 8
 * rows or pairs (GRPO: the given prompts per step). LoRA: α = 2r, linear schedule, clip 1.0. QLoRA (supervised only):
 * an NF4 + double-quant base quantized on load (also at evaluation), {@code hone finetune --method qlora}'s α = r/4,
 * constant schedule, clip 0.3. One folder per training run under {@code adapters/<hash of data, hyperparameters and
 * stage>}: the same run is never trained twice, and a resumed search finds the adapters it already has.
 */
public final class AdapterTrainer {
    private static final ObjectMapper JSON = new ObjectMapper();

    public record Row(String prompt, String completion) {}

    /** A trained adapter and the steps this call spent (0 when it was already there). */
    public record Trained(Weights weights, long steps) {}

    private final Path model;
    private final Path dir;
    private final long seed;
    private final PrintStream log;

    public AdapterTrainer(Path model, Path dir, long seed, PrintStream log) {
        this.model = model;
        this.dir = dir;
        this.seed = seed;
        this.log = log;
    }

    /** Supervised (SFT) on prompt/completion rows. */
    public Trained train(String method, List<Row> rows, int rank, double lr, int steps, String data) {
        if (rows.isEmpty()) throw new HoneException("no training rows for " + data);
        List<Map<String, Object>> lines = rows.stream().map(r -> line("prompt", r.prompt(), "completion", r.completion())).toList();
        return run(method, Weights.SFT, lines, method + "|" + rank + "|" + lr + "|" + steps + "|" + seed, 8, rank, lr, steps, data,
                (file, run, lora, cfg, opts) -> new Finetune(model, file, lora, 1.0, opts, cfg, false, null, run, quant(method)));
    }

    /** A preference pair: the same prompt, the completion to prefer and the one to disprefer. */
    public record Pair(String prompt, String chosen, String rejected) {}

    /**
     * DPO (sigmoid loss, reference = the base with the adapter off) plus {@code rpoAlpha} × the chosen completions' NLL
     * (TRL's {@code rpo_alpha}), a LoRA adapter from the base; batch 8 pairs.
     */
    public Trained trainDpo(List<Pair> pairs, int rank, double lr, int steps, double beta, double rpoAlpha, String data) {
        if (pairs.isEmpty()) throw new HoneException("no preference pairs for " + data);
        List<Map<String, Object>> lines = pairs.stream()
                .map(p -> line("prompt", p.prompt(), "chosen", p.chosen(), "rejected", p.rejected())).toList();
        var pref = new Finetune.Preference(PreferenceLoss.SIGMOID, beta, 0, rpoAlpha);
        return run("lora", Weights.DPO, lines, "dpo|beta " + beta + "|rpo " + rpoAlpha + "|" + rank + "|" + lr + "|" + steps + "|" + seed, 8,
                rank, lr, steps, data, (file, run, lora, cfg, opts) -> new Finetune(model, file, lora, 1.0, opts, cfg, false, null, run, null, pref));
    }

    /**
     * GRPO (hone-train's objective, β = 0: no reference pass) on {@code prompts}, rewarded by {@code reward}
     * (named {@code rewardName} in the cache key), {@code batch} prompts per step, a LoRA adapter from the base.
     */
    public Trained trainGrpo(List<RlPrompt> prompts, String rewardName, Reward reward, GrpoSettings g, int batch, int rank, double lr,
                             int steps, String data) {
        if (prompts.isEmpty()) throw new HoneException("no prompts for " + data);
        List<Map<String, Object>> lines = prompts.stream()
                .map(p -> line("id", p.id(), "prompt", p.prompt(), "targets", p.targets())).toList();
        String params = "grpo|" + rewardName + "|G " + g.generations() + "|T " + g.temperature() + "|new " + g.maxNewTokens() + "|beta " + g.beta()
                + "|eps " + g.epsLow() + "," + g.epsHigh() + "|stop " + g.stop() + "|" + rank + "|" + lr + "|" + steps + "|" + seed;
        var rl = new Finetune.Rl(prompts, List.of(), reward, g);
        return run("lora", Weights.GRPO, lines, params, batch, rank, lr, steps, data,
                (file, run, lora, cfg, opts) -> new Finetune(model, file, lora, 1.0, opts, cfg, false, null, run, null, null, rl));
    }

    @FunctionalInterface
    private interface Job {
        Finetune of(Path file, Path run, LoraConfig lora, TrainConfig cfg, TrainData.Options opts);
    }

    /**
     * One training run under {@code adapters/<stage-method>-r<rank>-<hash of params and data>}: reused when its adapter is
     * there, else trained from the base (the data written beside it as {@code train.jsonl}).
     */
    private Trained run(String method, String stage, List<Map<String, Object>> lines, String params, int batch, int rank, double lr, int steps,
                        String data, Job job) {
        StringBuilder text = new StringBuilder();
        int longest = 0;
        for (Map<String, Object> line : lines) {
            String json;
            try {
                json = JSON.writeValueAsString(line);
            } catch (IOException e) {
                throw new HoneException("cannot encode a training row: " + e.getMessage(), e);
            }
            text.append(json).append('\n');
            longest = Math.max(longest, json.getBytes(StandardCharsets.UTF_8).length);
        }
        String key = (stage.equals(Weights.SFT) ? method : stage) + "-r" + rank + "-" + hash(params + "\n" + text);
        Path run = dir.resolve(key);
        Path adapter = run.resolve("run").resolve("adapter");
        Weights w = new Weights(method, stage, adapter, data, rank, lr, steps, key);
        if (Files.isRegularFile(adapter.resolve("adapter_config.json"))) {
            log.println("adapter " + key + " already trained (same data and hyperparameters): reused");
            return new Trained(w, 0);
        }
        Path file = run.resolve("train.jsonl");
        io.hone.improve.Improve.mkdirs(run);
        AtomicFile.writeString(file, text.toString());
        boolean qlora = method.equals("qlora");
        AdapterRecipe recipe = AdapterRecipe.of(qlora);
        double alpha = qlora ? rank / 4.0 : 2.0 * rank;
        var lora = LoraConfig.allLinear(rank, alpha);
        var cfg = TrainConfig.builder().lr(lr).steps(steps).batch(batch, 1).schedule(recipe.schedule(), 0.05)
                .maxGradNorm(recipe.maxGradNorm()).intervals(0, 0, 1).seed(seed).build();
        // no truncation: a row is never longer than its JSON line in tokens (a token covers at least one byte; + BOS/EOS)
        var opts = new TrainData.Options(Math.max(512, longest + 8), false, false, 0, null, seed);
        io.hone.improve.Improve.deleteTree(run.resolve("run"));
        job.of(file, run.resolve("run"), lora, cfg, opts).run(log, log);
        return new Trained(w, steps);
    }

    /**
     * A JSONL record with its fields in the given order: the adapter key hashes these lines, so their text must not
     * depend on the JVM ({@code Map.of}'s iteration order is salted per run).
     */
    private static Map<String, Object> line(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    private static QuantConfig quant(String method) {
        return method.equals("qlora") ? QuantConfig.QLORA : null;
    }

    static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
