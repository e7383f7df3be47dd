package io.hone.core.parity;

import io.hone.core.io.JsonFile;
import com.fasterxml.jackson.databind.JsonNode;
import io.hone.core.generate.Generator;
import io.hone.core.generate.SamplingConfig;
import io.hone.core.io.SafetensorsFile;
import io.hone.core.model.LlamaModel;
import io.hone.core.model.ModelLoader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Model checks of a fixture folder: logits and hidden states of {@code inputs.safetensors} against
 * {@code forward.safetensors}, and greedy ids (prefill + KV-cache decode) against {@code greedy.json}.
 */
public final class ModelParity {
    private ModelParity() {}

    public static List<Check> run(Path dir) {
        String tag = dir.getFileName().toString();
        List<Check> out = new ArrayList<>();
        LlamaModel model = ModelLoader.load(dir);
        var cfg = model.config();
        long[] ids;
        long[] shape;
        try (var in = SafetensorsFile.open(dir.resolve("inputs.safetensors"))) {
            ids = in.longs("input_ids");
            shape = in.shape("input_ids");
        }
        int batch = (int) shape[0], seq = (int) shape[1], v = cfg.vocabSize(), h = cfg.hiddenSize();
        float[] refLogits, refHidden;
        try (var fwd = SafetensorsFile.open(dir.resolve("forward.safetensors"))) {
            refLogits = fwd.floats("logits");
            refHidden = fwd.floats("hidden_states");
        }
        int nHidden = cfg.numLayers() + 1;
        double logitErr = 0, hiddenErr = 0;
        double logitTol = 1e-4 * Math.max(1, Compare.maxAbs(refLogits));
        double hiddenTol = 1e-4 * Math.max(1, Compare.maxAbs(refHidden));
        for (int b = 0; b < batch; b++) {
            int[] row = new int[seq];
            for (int t = 0; t < seq; t++) row[t] = Math.toIntExact(ids[b * seq + t]);
            List<float[]> hidden = new ArrayList<>();
            float[] logits = model.forward(row, model.newCache(seq), true, hidden);
            logitErr = Math.max(logitErr, Compare.maxAbsDiff(logits, 0, refLogits, b * seq * v, seq * v));
            for (int l = 0; l < nHidden; l++) {
                int off = ((l * batch) + b) * seq * h;
                hiddenErr = Math.max(hiddenErr, Compare.maxAbsDiff(hidden.get(l), 0, refHidden, off, seq * h));
            }
        }
        out.add(Check.within(tag + " logits [" + batch + "x" + seq + "x" + v + "]", logitErr, logitTol));
        out.add(Check.within(tag + " hidden_states [" + nHidden + " layers]", hiddenErr, hiddenTol));
        out.add(greedy(dir, tag, model));
        return out;
    }

    private static Check greedy(Path dir, String tag, LlamaModel model) {
        JsonNode g = JsonFile.read(dir.resolve("greedy.json"));
        int[] prompt = toInts(g.get("prompt_ids"));
        int[] expected = toInts(g.get("greedy_ids"));
        int newTokens = expected.length - prompt.length;
        var result = new Generator(model).generate(prompt, SamplingConfig.greedy(newTokens).withoutEos(), Set.of(), id -> true);
        int[] got = new int[prompt.length + result.newTokens().length];
        System.arraycopy(prompt, 0, got, 0, prompt.length);
        System.arraycopy(result.newTokens(), 0, got, prompt.length, result.newTokens().length);
        boolean eq = Arrays.equals(got, expected);
        return Check.exact(tag + " greedy ids (" + newTokens + " new, KV cache)", eq,
                eq ? "" : "got " + Arrays.toString(got) + " expected " + Arrays.toString(expected));
    }

    private static int[] toInts(JsonNode arr) {
        int[] out = new int[arr.size()];
        for (int i = 0; i < out.length; i++) out[i] = arr.get(i).asInt();
        return out;
    }
}
