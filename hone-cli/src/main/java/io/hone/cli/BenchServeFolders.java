package io.hone.cli;

import io.hone.core.io.FileTree;
import io.hone.core.model.LlamaWeights;
import io.hone.core.tokenizer.Tokenizer;
import io.hone.train.LoraConfig;
import io.hone.train.ModelOpener;
import io.hone.train.Param;
import io.hone.train.PeftAdapter;
import io.hone.train.PeftWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What {@code hone bench serve} serves: the bench model folder (a random one gets a word-level tokenizer over its
 * whole vocabulary, token i written {@code t<i>}, so any id decodes and a prompt's token count is its word count) and
 * random LoRA adapters (all linear layers, B random too so the delta is not zero) written as PEFT folders.
 */
final class BenchServeFolders implements AutoCloseable {
    final Path model;
    final Map<String, Path> adapters = new LinkedHashMap<>();
    private final Path adapterRoot;

    private BenchServeFolders(Path model, Path adapterRoot) {
        this.model = model;
        this.adapterRoot = adapterRoot;
    }

    static BenchServeFolders write(Path model, boolean random, int adapters, int rank, int vocab) throws IOException {
        if (random && !Files.exists(model.resolve(Tokenizer.TOKENIZER_JSON))) writeWordTokenizer(model.resolve(Tokenizer.TOKENIZER_JSON), vocab);
        var folders = new BenchServeFolders(model, Files.createTempDirectory("hone-bench-adapters"));
        LlamaWeights base = ModelOpener.at(model).loadModel().weights();
        for (int a = 0; a < adapters; a++) {
            var config = LoraConfig.allLinear(rank, 2.0 * rank);
            PeftAdapter.Adapted adapted = PeftAdapter.attach(base, config, 100 + a);
            var rnd = new SplittableRandom(200 + a);
            for (Param p : adapted.params()) {
                if (p.name().endsWith("lora_B.weight")) for (int i = 0; i < p.value().length; i++) p.value()[i] = (float) (rnd.nextGaussian() * 0.02);
            }
            Path dir = folders.adapterRoot.resolve("lora" + a);
            PeftWriter.save(dir, adapted, model.toString());
            folders.adapters.put("lora" + a, dir);
        }
        return folders;
    }

    /** Words {@code t0..t<vocab-1>}, split on whitespace, decoded joined by spaces (no special tokens). */
    private static void writeWordTokenizer(Path file, int vocab) throws IOException {
        var sb = new StringBuilder("{\"version\":\"1.0\",\"truncation\":null,\"padding\":null,\"added_tokens\":[],\"normalizer\":null,"
                + "\"pre_tokenizer\":{\"type\":\"WhitespaceSplit\"},\"post_processor\":null,\"decoder\":null,"
                + "\"model\":{\"type\":\"WordLevel\",\"unk_token\":\"t0\",\"vocab\":{");
        for (int i = 0; i < vocab; i++) sb.append(i == 0 ? "" : ",").append("\"t").append(i).append("\":").append(i);
        sb.append("}}}");
        Files.writeString(file, sb);
    }

    /** A prompt of {@code words} random tokens (none of them special). */
    static String prompt(SplittableRandom r, int words, int vocab) {
        List<String> w = new ArrayList<>(words);
        for (int i = 0; i < words; i++) w.add("t" + r.nextInt(3, vocab));
        return String.join(" ", w);
    }

    @Override
    public void close() {
        FileTree.deleteQuietly(adapterRoot);
    }
}
