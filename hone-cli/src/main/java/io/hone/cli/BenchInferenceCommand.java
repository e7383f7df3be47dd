package io.hone.cli;

import io.hone.core.io.FileTree;
import io.hone.core.kernel.Parallel;
import io.hone.core.model.LlamaModel;
import io.hone.core.model.ModelLoader;
import io.hone.core.model.ModelShapes;
import io.hone.core.model.RandomModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

@Command(name = "inference", mixinStandardHelpOptions = true,
        description = "Prefill and decode tokens/s of the FP32 forward on a random-weight model of a named shape "
                + "(written with the safetensors writer, then loaded) or on --model DIR. Prints a JSON line.")
public final class BenchInferenceCommand implements Callable<Integer> {
    @Option(names = "--shape", defaultValue = "smollm2-135m", description = "Model shape (default ${DEFAULT-VALUE}).")
    String shape;
    @Option(names = "--model", description = "Benchmark this model folder instead of a random one.")
    Path model;
    @Option(names = "--prompt", defaultValue = "256", description = "Prompt tokens for prefill (default ${DEFAULT-VALUE}).")
    int prompt;
    @Option(names = "--new", defaultValue = "64", description = "Decoded tokens (default ${DEFAULT-VALUE}).")
    int decode;
    @Option(names = "--repeats", defaultValue = "3", description = "Timed repetitions; the best is reported (default ${DEFAULT-VALUE}).")
    int repeats;

    @Override
    public Integer call() throws Exception {
        Path dir = Hub.local(model, "--model");
        Path tmp = null;
        if (dir == null) {
            tmp = Files.createTempDirectory("hone-bench-model");
            dir = tmp;
            RandomModel.write(ModelShapes.get(shape), dir, 1);
        }
        try {
            LlamaModel m = ModelLoader.load(dir);
            int vocab = m.config().vocabSize();
            int[] ids = new SplittableRandom(7).ints(prompt, 3, vocab).toArray();
            run(m, ids, 1); // warm-up: JIT-compiles the kernels
            double bestPrefill = Double.MAX_VALUE, bestDecode = Double.MAX_VALUE;
            for (int r = 0; r < repeats; r++) {
                double[] t = run(m, ids, decode);
                bestPrefill = Math.min(bestPrefill, t[0]);
                bestDecode = Math.min(bestDecode, t[1]);
            }
            System.out.printf("{\"bench\":\"inference\",\"shape\":\"%s\",\"params\":%d,\"threads\":%d,\"prompt_tokens\":%d,"
                            + "\"prefill_tokens_per_s\":%.1f,\"decode_tokens\":%d,\"decode_tokens_per_s\":%.2f}%n",
                    model == null ? shape : model.toString(), m.config().parameterCount(), Parallel.threads(), prompt,
                    prompt / bestPrefill, decode, decode / bestDecode);
            return 0;
        } finally {
            FileTree.deleteQuietly(tmp);
        }
    }

    /** Returns {prefill seconds, decode seconds}. */
    private static double[] run(LlamaModel m, int[] ids, int decode) {
        var cache = m.newCache(ids.length + decode);
        long t0 = System.nanoTime();
        float[] logits = m.forward(ids, cache, false, null);
        long t1 = System.nanoTime();
        for (int i = 0; i < decode; i++) {
            int next = io.hone.core.generate.Sampler.argmax(logits);
            logits = m.decode(new int[]{next}, new io.hone.core.model.KvCache[]{cache});
        }
        long t2 = System.nanoTime();
        return new double[]{(t1 - t0) / 1e9, (t2 - t1) / 1e9};
    }
}
