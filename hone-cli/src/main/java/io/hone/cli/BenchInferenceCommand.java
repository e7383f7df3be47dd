package io.hone.cli;

import io.hone.core.HoneException;
import io.hone.core.generate.Sampler;
import io.hone.core.kernel.Parallel;
import io.hone.core.model.KvCache;
import io.hone.core.model.LlamaModel;
import io.hone.core.quant.WeightFormat;
import io.hone.train.ModelOpener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

@Command(name = "inference", mixinStandardHelpOptions = true,
        description = "Prefill and decode tokens/s on a random-weight model of a named shape (written with the safetensors writer, "
                + "then loaded) or on --model DIR, in FP32 or the format --dtype/--quant picks (--formats: several, alternating "
                + "round by round in one JVM). Also prints the weight bytes one decode step streams and a STREAM-like copy "
                + "bandwidth measured in the same run, and decode tokens/s as a fraction of that roofline. JSON lines.")
public final class BenchInferenceCommand implements Callable<Integer> {
    @Mixin
    BenchModelOptions bench;
    @Option(names = "--prompt", defaultValue = "256", description = "Prompt tokens for prefill (default ${DEFAULT-VALUE}).")
    int prompt;
    @Option(names = "--new", defaultValue = "64", description = "Decoded tokens (default ${DEFAULT-VALUE}).")
    int decode;
    @Option(names = "--repeats", defaultValue = "3", description = "Timed repetitions; the best is reported (default ${DEFAULT-VALUE}).")
    int repeats;
    @Option(names = "--formats", split = ",", description = "Compare these weight formats in one run, alternating: f32, bf16, int8, nf4 "
            + "(e.g. f32,bf16,int8); instead of --dtype/--quant.")
    List<String> formats;
    @Option(names = "--stream-mib", defaultValue = "256", description = "Size of each of the bandwidth probe's two arrays, MiB (default ${DEFAULT-VALUE}).")
    int streamMib;
    @Mixin
    QuantOptions quant;

    private record Entry(String name, LlamaModel model, double[] best) {}

    @Override
    public Integer call() throws Exception {
        if (prompt < 1) throw new HoneException("--prompt must be at least 1, got " + prompt);
        if (decode < 1) throw new HoneException("--new must be at least 1, got " + decode);
        if (repeats < 1) throw new HoneException("--repeats must be at least 1, got " + repeats);
        if (streamMib < 1) throw new HoneException("--stream-mib must be at least 1, got " + streamMib);
        List<String> names = new ArrayList<>();
        List<WeightFormat> fmts = new ArrayList<>();
        if (formats != null) {
            if (quant.given()) throw new HoneException("--formats replaces --dtype/--quant: give one or the other");
            for (String f : formats) {
                names.add(f.toLowerCase(Locale.ROOT));
                fmts.add(format(f));
            }
        } else {
            WeightFormat f = quant.config();
            names.add(f == null ? "f32" : f.describe());
            fmts.add(f);
        }
        try (BenchModelOptions.Folder folder = bench.open()) {
            Path dir = folder.dir();
            List<Entry> entries = new ArrayList<>();
            for (int i = 0; i < fmts.size(); i++) entries.add(new Entry(names.get(i), ModelOpener.at(dir).format(fmts.get(i)).loadModel(), new double[]{1e300, 1e300}));
            int vocab = entries.getFirst().model().config().vocabSize();
            int[] ids = new SplittableRandom(7).ints(prompt, 3, vocab).toArray();
            for (Entry e : entries) run(e.model(), ids, 1); // warm-up: JIT-compiles the kernels
            StreamBandwidth bw = StreamBandwidth.measure(streamMib * (1 << 18), 5);
            for (int r = 0; r < repeats; r++) { // formats alternate round by round: load from other processes hits them alike
                for (Entry e : entries) {
                    double[] t = run(e.model(), ids, decode);
                    e.best()[0] = Math.min(e.best()[0], t[0]);
                    e.best()[1] = Math.min(e.best()[1], t[1]);
                }
            }
            StreamBandwidth after = StreamBandwidth.measure(streamMib * (1 << 18), 5);
            double copy = Math.max(bw.copyGbPerS(), after.copyGbPerS()), read = Math.max(bw.readGbPerS(), after.readGbPerS());
            double base = -1;
            for (Entry e : entries) {
                LlamaModel m = e.model();
                long weights = StreamedBytes.weights(m);
                long kv = 0;
                for (int i = 0; i < decode; i++) kv += StreamedBytes.kv(m.config(), prompt + i);
                double tps = decode / e.best()[1], roofline = copy * 1e9 / weights;
                if (base < 0) base = tps;
                System.out.printf(Locale.ROOT, "{\"bench\":\"inference\",\"shape\":\"%s\",\"format\":\"%s\",\"params\":%d,\"threads\":%d,"
                                + "\"prompt_tokens\":%d,\"prefill_tokens_per_s\":%.1f,\"decode_tokens\":%d,\"decode_tokens_per_s\":%.2f,"
                                + "\"decode_vs_first\":%.2f,\"weight_bytes_per_token\":%d,\"kv_bytes_per_token\":%d,\"copy_gb_per_s\":%.2f,"
                                + "\"read_gb_per_s\":%.2f,\"roofline_tokens_per_s\":%.2f,\"fraction_of_roofline\":%.3f}%n",
                        bench.label(), e.name(), m.config().parameterCount(), Parallel.threads(), prompt,
                        prompt / e.best()[0], decode, tps, tps / base, weights, kv / decode, copy, read, roofline, tps / roofline);
            }
            return 0;
        }
    }

    private static WeightFormat format(String f) {
        return switch (f.toLowerCase(Locale.ROOT)) {
            case "f32", "fp32" -> null;
            case "bf16" -> new WeightFormat.Bf16();
            case "int8" -> WeightFormat.Int8.Q8_0;
            case "nf4" -> new WeightFormat.FourBit(io.hone.core.quant.QuantConfig.QLORA);
            default -> throw new HoneException("--formats takes f32, bf16, int8 or nf4, got '" + f + "'");
        };
    }

    /** Returns {prefill seconds, decode seconds}. */
    private static double[] run(LlamaModel m, int[] ids, int decode) {
        var cache = m.newCache(ids.length + decode);
        long t0 = System.nanoTime();
        float[] logits = m.forward(ids, cache, false, null);
        long t1 = System.nanoTime();
        for (int i = 0; i < decode; i++) {
            int next = Sampler.argmax(logits);
            logits = m.decode(new int[]{next}, new KvCache[]{cache});
        }
        long t2 = System.nanoTime();
        return new double[]{(t1 - t0) / 1e9, (t2 - t1) / 1e9};
    }
}
