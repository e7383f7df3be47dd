package io.hone.cli;

import io.hone.core.HoneException;
import io.hone.core.kernel.Parallel;
import io.hone.core.model.LlamaWeights;
import io.hone.core.model.ModelConfig;
import io.hone.core.model.ModelShapes;
import io.hone.core.model.RandomModel;
import io.hone.core.quant.Nf4Storage;
import io.hone.core.quant.QuantConfig;
import io.hone.train.Batch;
import io.hone.train.LoraConfig;
import io.hone.train.OpProfile;
import io.hone.train.Param;
import io.hone.train.PeftAdapter;
import io.hone.train.TrainableModel;
import io.hone.train.TrainingMethod;
import io.hone.train.loop.TrainConfig;
import io.hone.train.optim.AdamW;
import io.hone.train.optim.GradClip;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Training step throughput (forward + backward + gradient clipping + AdamW, the trainer's own optimizer step) on a random-weight model of a named shape, "
                + "LoRA on every linear layer, QLoRA (LoRA over NF4 + double-quant projections) or full fine-tuning; with --compare, a "
                + "second method alternating with the first in the same run; with --anchor auto, side by side with the PyTorch "
                + "anchor (shared/bench/torch_lora_anchor.py) in the same run. Prints one JSON line.")
public final class BenchTrainCommand implements Callable<Integer> {
    @Option(names = "--shape", defaultValue = "smollm2-135m", description = "Model shape (default ${DEFAULT-VALUE}).")
    String shape;
    @Option(names = "--method", defaultValue = "lora", description = "lora, qlora or full (default ${DEFAULT-VALUE}).")
    String method;
    @Option(names = "--compare", description = "Also time this method (lora, qlora or full), alternating rounds with --method, and print the ratio.")
    String compare;
    @Option(names = "--batch", defaultValue = "4", description = "Sequences per step (default ${DEFAULT-VALUE}).")
    int batch;
    @Option(names = "--seq", defaultValue = "256", description = "Tokens per sequence (default ${DEFAULT-VALUE}).")
    int seq;
    @Option(names = "--rank", defaultValue = "16", description = "LoRA rank; alpha = 2·rank (default ${DEFAULT-VALUE}).")
    int rank;
    @Option(names = "--steps", defaultValue = "3", description = "Timed steps after one warm-up step (default ${DEFAULT-VALUE}).")
    int steps;
    @Option(names = "--rounds", defaultValue = "1", description = "hone/torch alternations with --anchor auto (default ${DEFAULT-VALUE}).")
    int rounds;
    @Option(names = "--anchor", defaultValue = "none", description = "auto: also run the PyTorch anchor; none (default ${DEFAULT-VALUE}).")
    String anchor;
    @Option(names = "--anchor-script", description = "Path of torch_lora_anchor.py (default: shared/bench/ found from the working directory up).")
    Path anchorScript;
    @Option(names = "--profile", description = "Also print a per-op time table (ms/step) to stderr.")
    boolean profile;
    @Option(names = "--checkpointing", description = "Recompute each block in backward (gradient checkpointing).")
    boolean checkpointing;

    /** One method's model, optimizer and timed step seconds. */
    private record Run(String method, TrainableModel model, AdamW opt, List<Double> seconds, double[] bytesPerParam) {}

    private Run build(ModelConfig cfg, String m) {
        TrainingMethod method = TrainingMethod.parse(m, "--method/--compare", "");
        // the QLoRA base is the quantization of the same random weights, quantized layer by layer as they are made
        LlamaWeights base = RandomModel.weights(cfg, 1, method == TrainingMethod.QLORA ? QuantConfig.QLORA : null);
        TrainableModel model;
        if (method == TrainingMethod.FULL) {
            model = TrainableModel.full(cfg, base);
        } else {
            LoraConfig lc = LoraConfig.allLinear(rank, 2.0 * rank);
            model = TrainableModel.adapters(cfg, PeftAdapter.attach(base, lc, 2).weights());
        }
        model.checkpointing(checkpointing);
        return new Run(m, model, AdamW.forTraining(model.params(), 1e-4, 0.01, 1), new ArrayList<>(), bytesPerParam(cfg, base));
    }

    /**
     * Base-weight storage: {quantized projections only, whole base}. The projections count the packed nibbles and the
     * absmax state (8-bit codes, nested fp32 scales, nested map, offset, code book: {@code Nf4Tensor.bitsPerParameter});
     * the whole base adds embeddings, norms, lm_head and biases, kept FP32 (4 bytes) as bitsandbytes keeps them.
     */
    static double[] bytesPerParam(ModelConfig cfg, LlamaWeights w) {
        Nf4Storage nf4 = Nf4Storage.of(w);
        double quantBytes = nf4.bytes(), quantParams = nf4.params();
        double denseParams = cfg.parameterCount() - quantParams;
        double projections = quantParams > 0 ? quantBytes / quantParams : 4.0;
        return new double[]{projections, (quantBytes + 4 * denseParams) / cfg.parameterCount()};
    }

    @Override
    public Integer call() throws Exception {
        if (!anchor.equals("auto") && !anchor.equals("none")) throw new HoneException("--anchor must be auto or none, got '" + anchor + "'");
        if (anchor.equals("auto") && (method.equals("qlora") || compare != null)) throw new HoneException("--anchor auto runs lora or full alone (no qlora, no --compare)");
        if (batch <= 0 || seq < 2 || steps <= 0 || rank <= 0 || rounds <= 0) throw new HoneException("--batch, --steps, --rank, --rounds must be positive and --seq at least 2");
        ModelConfig cfg = ModelShapes.get(shape);
        Run main = build(cfg, method), other = compare != null ? build(cfg, compare) : null;
        TrainableModel model = main.model();
        AdamW opt = main.opt();
        var rnd = new SplittableRandom(3);
        int[] ids = rnd.ints((long) batch * seq, 0, cfg.vocabSize()).toArray();
        long[] labels = Arrays.stream(ids).asLongStream().toArray();
        Batch b = new Batch(ids, labels, batch, seq);

        Path script = anchor.equals("auto") ? findScript() : null;
        String core = script == null ? null : BenchIsa.openBlasCoreOfTorch();
        System.err.println(BenchIsa.hone() + (script == null ? "" : "; " + BenchIsa.openBlas(core)));
        if (BenchIsa.mismatch(core) != null) System.err.println(BenchIsa.mismatch(core));
        step(model, opt, b); // warm-up: JIT-compiles the kernels, allocates the optimizer state
        if (other != null) step(other.model(), other.opt(), b);
        List<Double> hone = main.seconds();
        List<String> torch = new ArrayList<>();
        double loss = 0;
        for (int r = 0; r < rounds; r++) {
            if (profile && r == 0) {
                OpProfile.reset();
                OpProfile.enable(true);
            }
            for (int s = 0; s < steps; s++) {
                long t0 = System.nanoTime();
                loss = step(model, opt, b);
                hone.add((System.nanoTime() - t0) / 1e9);
            }
            if (profile && r == 0) {
                OpProfile.enable(false);
                printProfile(OpProfile.snapshot(), steps, hone.stream().mapToDouble(Double::doubleValue).sum());
            }
            if (other != null) {
                for (int s = 0; s < steps; s++) {
                    long t0 = System.nanoTime();
                    step(other.model(), other.opt(), b);
                    other.seconds().add((System.nanoTime() - t0) / 1e9);
                }
            }
            if (script != null) {
                String line = runAnchor(script);
                if (line == null) script = null; // unavailable: say so once, carry on with hone alone
                else torch.add(line);
            }
        }
        double med = median(hone);
        long trainable = 0;
        for (Param p : model.params()) trainable += p.value().length;
        double tps = batch * seq / med;
        var json = new StringBuilder(String.format(Locale.ROOT,
                "{\"bench\":\"train\",\"engine\":\"hone\",\"shape\":\"%s\",\"method\":\"%s\",\"rank\":%d,\"batch\":%d,\"seq\":%d,"
                        + "\"threads\":%d,\"tokens_per_s\":%.1f,\"step_ms\":%.1f,\"peak_rss_mib\":%.1f,\"trainable_params\":%d,"
                        + "\"total_params\":%d,\"base_bytes_per_param\":%s,\"base_bytes_per_param_all\":%s,\"final_loss\":%.4f",
                shape, method, method.equals("full") ? 0 : rank, batch, seq, Parallel.threads(), tps, med * 1000,
                peakRssMib(), trainable, cfg.parameterCount(), bytes(main.bytesPerParam()[0]), bytes(main.bytesPerParam()[1]), loss));
        json.append(',').append(BenchIsa.json(core));
        if (other != null) {
            double otherMed = median(other.seconds()), otherTps = batch * seq / otherMed;
            json.append(String.format(Locale.ROOT, ",\"rounds\":%s,\"compare\":{\"method\":\"%s\",\"tokens_per_s\":%.1f,\"step_ms\":%.1f,"
                            + "\"rounds\":%s,\"base_bytes_per_param\":%s,\"base_bytes_per_param_all\":%s},\"ratio_vs_compare\":%.3f",
                    perRound(hone, steps, batch * seq), other.method(), otherTps, otherMed * 1000, perRound(other.seconds(), steps, batch * seq),
                    bytes(other.bytesPerParam()[0]), bytes(other.bytesPerParam()[1]), tps / otherTps));
        }
        if (torch.isEmpty()) {
            json.append(",\"torch_tokens_per_s\":null,\"ratio\":null");
        } else {
            List<Double> torchTps = new ArrayList<>();
            for (String line : torch) torchTps.add(jsonNumber(line, "tokens_per_s"));
            double t = median(torchTps);
            json.append(String.format(Locale.ROOT, ",\"torch_tokens_per_s\":%.1f,\"ratio\":%.2f,\"hone_rounds\":%s,\"torch_rounds\":%s,\"torch_peak_rss_mib\":%.1f,\"torch\":%s",
                    t, tps / t, perRound(hone, steps, batch * seq), torchTps, torchPeakMib, torch.getLast()));
        }
        System.out.println(json.append('}'));
        return 0;
    }

    /** 4.0 stays "4.0" (FP32); quantized figures get four decimals. */
    private static String bytes(double b) {
        return b == 4.0 ? "4.0" : String.format(Locale.ROOT, "%.4f", b);
    }

    /** One optimizer step as {@code Trainer} takes it (one micro-batch, the default clip norm, a constant schedule). */
    private static double step(TrainableModel model, AdamW opt, Batch b) {
        model.zeroGrad();
        double loss = model.forwardBackward(b);
        OpProfile.time("grad_clip", () -> GradClip.clip(model.params(), MAX_GRAD_NORM));
        OpProfile.time("adamw", opt::step);
        return loss;
    }

    private static final double MAX_GRAD_NORM = TrainConfig.defaults().maxGradNorm();

    private static void printProfile(java.util.Map<String, Long> ops, int steps, double totalS) {
        double stepMs = totalS * 1000 / steps, sum = 0;
        System.err.printf(Locale.ROOT, "%-18s %10s %6s%n", "op", "ms/step", "%");
        var sorted = new ArrayList<>(ops.entrySet());
        sorted.sort((x, y) -> Long.compare(y.getValue(), x.getValue()));
        for (var e : sorted) {
            double ms = e.getValue() / 1e6 / steps;
            sum += ms;
            System.err.printf(Locale.ROOT, "%-18s %10.1f %6.1f%n", e.getKey(), ms, 100 * ms / stepMs);
        }
        System.err.printf(Locale.ROOT, "%-18s %10.1f %6.1f%n", "other", stepMs - sum, 100 * (stepMs - sum) / stepMs);
        System.err.printf(Locale.ROOT, "%-18s %10.1f %6.1f%n", "step", stepMs, 100.0);
    }

    /** The anchor's JSON line, or null (after saying why on stderr) when it cannot run. */
    private String runAnchor(Path script) throws Exception {
        var cmd = List.of("/usr/bin/python3", script.toString(), "--shape", shape, "--batch", Integer.toString(batch),
                "--seq", Integer.toString(seq), "--mode", method, "--rank", Integer.toString(rank),
                "--steps", Integer.toString(steps), "--threads", Integer.toString(Parallel.threads()));
        var pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        BenchIsa.anchorEnvironment(pb.environment());
        Process p;
        try {
            p = pb.start();
        } catch (java.io.IOException e) {
            System.err.println("bench: PyTorch anchor unavailable (" + e.getMessage() + "); showing hone only");
            return null;
        }
        // The script's own peak RSS (ru_maxrss) inherits this JVM's at exec; VmHWM of the child's fresh address space
        // does not, so sample it while the child runs.
        long[] hwm = {0};
        Thread sampler = Thread.ofVirtual().start(() -> {
            Path status = Path.of("/proc/" + p.pid() + "/status");
            while (p.isAlive()) {
                long kib = vmHwmKib(status);
                if (kib > hwm[0]) hwm[0] = kib;
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        String last = null;
        try (var r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) if (line.startsWith("{")) last = line.trim();
        }
        int rc = p.waitFor();
        sampler.join();
        if (rc != 0 || last == null) {
            System.err.println("bench: PyTorch anchor unavailable (exit " + rc + " from " + String.join(" ", cmd) + "); showing hone only");
            return null;
        }
        torchPeakMib = Math.max(torchPeakMib, hwm[0] / 1024.0);
        return last;
    }

    private double torchPeakMib;

    private Path findScript() {
        if (anchorScript != null) {
            if (!Files.isRegularFile(anchorScript)) throw new HoneException(anchorScript + ": no such anchor script");
            return anchorScript;
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            for (Path c : List.of(d.resolve("shared/bench/torch_lora_anchor.py"), d.resolve("../shared/bench/torch_lora_anchor.py"))) {
                if (Files.isRegularFile(c)) return c.normalize();
            }
        }
        throw new HoneException("--anchor auto: shared/bench/torch_lora_anchor.py not found from " + Path.of("").toAbsolutePath()
                + " upwards; pass --anchor-script");
    }

    static double jsonNumber(String json, String key) {
        var m = java.util.regex.Pattern.compile("\"" + key + "\"\\s*:\\s*([-0-9.eE+]+)").matcher(json);
        if (!m.find()) throw new HoneException("anchor output has no " + key + ": " + json);
        return Double.parseDouble(m.group(1));
    }

    /** tokens/s of each round's median step. */
    private static String perRound(List<Double> stepSeconds, int steps, int tokens) {
        var out = new ArrayList<String>();
        for (int r = 0; r < stepSeconds.size() / steps; r++) {
            out.add(String.format(Locale.ROOT, "%.1f", tokens / median(stepSeconds.subList(r * steps, (r + 1) * steps))));
        }
        return "[" + String.join(",", out) + "]";
    }

    private static double median(List<Double> xs) {
        var s = new ArrayList<>(xs);
        s.sort(null);
        return s.get(s.size() / 2);
    }

    private static double peakRssMib() {
        long kib = vmHwmKib(Path.of("/proc/self/status"));
        return kib > 0 ? kib / 1024.0 : -1;
    }

    /** VmHWM (peak resident set) in KiB from a /proc status file; 0 when unreadable (not Linux, process gone). */
    private static long vmHwmKib(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        } catch (Exception ignored) {
            // no figure
        }
        return 0;
    }
}
