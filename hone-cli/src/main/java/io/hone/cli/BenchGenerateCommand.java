package io.hone.cli;

import io.hone.core.generate.Generator;
import io.hone.core.generate.SamplingConfig;
import io.hone.core.kernel.Parallel;
import io.hone.core.model.LlamaModel;
import io.hone.train.ModelOpener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Aggregate generation throughput: N prompts decoded one after another (single stream) and together "
                + "(batched decoding, continuous batching), on a random-weight model of a named shape or --model DIR; "
                + "checks that both give the same tokens. Ends with a JSON line.")
public final class BenchGenerateCommand implements Callable<Integer> {
    @Mixin
    BenchModelOptions bench;
    @Option(names = "--prompts", defaultValue = "16", description = "Prompts (default ${DEFAULT-VALUE}).")
    int prompts;
    @Option(names = "--prompt-tokens", defaultValue = "64", description = "Tokens per prompt (default ${DEFAULT-VALUE}).")
    int promptTokens;
    @Option(names = "--shared-prefix", defaultValue = "0", description = "Leading tokens every prompt shares, e.g. an instruction and demos (default ${DEFAULT-VALUE}).")
    int sharedPrefix;
    @Option(names = "--new", defaultValue = "64", description = "New tokens per prompt (default ${DEFAULT-VALUE}).")
    int newTokens;
    @Option(names = "--batch", defaultValue = "16", description = "Sequences decoded together (default ${DEFAULT-VALUE}).")
    int batch;
    @Option(names = "--rounds", defaultValue = "2", description = "Timed rounds, single and batched alternating; the best of each is reported (default ${DEFAULT-VALUE}).")
    int rounds;

    @Override
    public Integer call() throws Exception {
        if (sharedPrefix >= promptTokens) throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                "--shared-prefix " + sharedPrefix + " must be below --prompt-tokens " + promptTokens);
        try (BenchModelOptions.Folder folder = bench.open()) {
            Path dir = folder.dir();
            LlamaModel m = ModelOpener.at(dir).loadModel();
            List<Generator.Request> requests = requests(m.config().vocabSize());
            Generator g = new Generator(m);
            g.generateAll(requests.subList(0, Math.min(2, requests.size())), Set.of(), 2); // warm-up: JIT
            double single = Double.MAX_VALUE, batched = Double.MAX_VALUE;
            List<int[]> singleIds = null, batchedIds = null;
            for (int r = 0; r < rounds; r++) {
                long t0 = System.nanoTime();
                List<int[]> a = new ArrayList<>();
                for (Generator.Request q : requests) a.add(g.generate(q.prompt(), q.sampling(), Set.of(), q.listener()).newTokens());
                long t1 = System.nanoTime();
                List<int[]> b = g.generateAll(requests, Set.of(), batch).stream().map(Generator.Result::newTokens).toList();
                long t2 = System.nanoTime();
                single = Math.min(single, (t1 - t0) / 1e9);
                batched = Math.min(batched, (t2 - t1) / 1e9);
                singleIds = a;
                batchedIds = b;
                System.err.printf(Locale.ROOT, "round %d: single stream %.2f s, batched %.2f s%n", r + 1, (t1 - t0) / 1e9, (t2 - t1) / 1e9);
            }
            boolean same = true;
            for (int i = 0; i < requests.size(); i++) same &= Arrays.equals(singleIds.get(i), batchedIds.get(i));
            long tokens = (long) prompts * newTokens;
            System.out.printf(Locale.ROOT, "{\"bench\":\"generate\",\"shape\":\"%s\",\"params\":%d,\"threads\":%d,\"prompts\":%d,"
                            + "\"prompt_tokens\":%d,\"shared_prefix\":%d,\"new_tokens\":%d,\"batch\":%d,\"vector_bits\":%d,"
                            + "\"single_tokens_per_s\":%.2f,\"batched_tokens_per_s\":%.2f,\"speedup\":%.2f,\"same_tokens\":%b}%n",
                    bench.label(), m.config().parameterCount(), Parallel.threads(), prompts, promptTokens,
                    sharedPrefix, newTokens, batch, jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize(),
                    tokens / single, tokens / batched, single / batched, same);
            return same ? 0 : 1;
        }
    }

    /** Random prompts (greedy, EOS ignored so every sequence decodes {@code newTokens}); the first {@code sharedPrefix} ids shared. */
    private List<Generator.Request> requests(int vocab) {
        SplittableRandom r = new SplittableRandom(7);
        int[] shared = r.ints(sharedPrefix, 3, vocab).toArray();
        List<Generator.Request> out = new ArrayList<>();
        for (int i = 0; i < prompts; i++) {
            int[] p = Arrays.copyOf(shared, promptTokens);
            for (int j = sharedPrefix; j < promptTokens; j++) p[j] = r.nextInt(3, vocab);
            out.add(new Generator.Request(p, SamplingConfig.greedy(newTokens).withoutEos(), id -> true));
        }
        return out;
    }
}
