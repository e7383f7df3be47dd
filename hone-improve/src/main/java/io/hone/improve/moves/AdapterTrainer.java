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

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Trains the adapters of the weights moves: rows {@code {"prompt", "completion"}} (loss on the completion only),
 * all linear projections, batch 8, 5% warm-up, AdamW. LoRA: α = 2r, linear schedule, clip 1.0. QLoRA: an NF4 +
 * double-quant base quantized on load (also at evaluation), {@code hone finetune --method qlora}'s α = r/4, constant
 * schedule, clip 0.3. One folder per training run under {@code adapters/<hash of data and hyperparameters>}: the same
 * run is never trained twice, and a resumed search finds the adapters it already has.
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

    public Trained train(String method, List<Row> rows, int rank, double lr, int steps, String data) {
        if (rows.isEmpty()) throw new HoneException("no training rows for " + data);
        boolean qlora = method.equals("qlora");
        StringBuilder text = new StringBuilder();
        int longest = 0;
        for (Row r : rows) {
            try {
                text.append(JSON.writeValueAsString(Map.of("prompt", r.prompt(), "completion", r.completion()))).append('\n');
            } catch (IOException e) {
                throw new HoneException("cannot encode a training row: " + e.getMessage(), e);
            }
            longest = Math.max(longest, (r.prompt() + r.completion()).getBytes(StandardCharsets.UTF_8).length);
        }
        String key = method + "-r" + rank + "-" + hash(method + "|" + rank + "|" + lr + "|" + steps + "|" + seed + "\n" + text);
        Path run = dir.resolve(key);
        Path adapter = run.resolve("run").resolve("adapter");
        Weights w = new Weights(method, adapter, data, rank, lr, steps, key);
        if (Files.isRegularFile(adapter.resolve("adapter_config.json"))) {
            log.println("adapter " + key + " already trained (same data and hyperparameters): reused");
            return new Trained(w, 0);
        }
        Path file = run.resolve("train.jsonl");
        io.hone.improve.Improve.mkdirs(run);
        AtomicFile.writeString(file, text.toString());
        AdapterRecipe recipe = AdapterRecipe.of(qlora);
        double alpha = qlora ? rank / 4.0 : 2.0 * rank;
        var lora = LoraConfig.allLinear(rank, alpha);
        var cfg = TrainConfig.builder().lr(lr).steps(steps).batch(8, 1).schedule(recipe.schedule(), 0.05)
                .maxGradNorm(recipe.maxGradNorm()).intervals(0, 0, 1).seed(seed).build();
        // no truncation: every row is as long as its prompt + completion (a token covers at least one byte; + BOS/EOS)
        var opts = new TrainData.Options(Math.max(512, longest + 8), false, false, 0, null, seed);
        QuantConfig quant = qlora ? QuantConfig.QLORA : null;
        io.hone.improve.Improve.deleteTree(run.resolve("run"));
        new Finetune(model, file, lora, 1.0, opts, cfg, false, null, run.resolve("run"), quant).run(log, log);
        return new Trained(w, steps);
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
