package io.hone.train.parity;

import com.fasterxml.jackson.databind.JsonNode;
import io.hone.core.HoneException;
import io.hone.core.io.JsonFile;
import io.hone.core.io.SafetensorsFile;
import io.hone.core.model.LlamaModel;
import io.hone.core.model.LlamaWeights;
import io.hone.core.parity.Check;
import io.hone.core.parity.Compare;
import io.hone.core.parity.FixtureChecker;
import io.hone.train.Batch;
import io.hone.train.ModelOpener;
import io.hone.train.Param;
import io.hone.train.PeftAdapter;
import io.hone.train.TrainableModel;
import io.hone.train.merge.AdapterMerge;
import io.hone.train.optim.AdamW;
import io.hone.train.optim.ParamGroup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A PEFT adapter fixture folder ({@code adapter_initial/}, {@code batch.safetensors}, {@code reference.json}, inside
 * its model's folder) against PEFT 0.21 + torch: train-mode logits, loss, every gradient, the AdamW trajectory, the
 * trained tensors, and the eval logits of base + trained adapter, unmerged and merged. Tolerances from the fixtures
 * README.
 */
public final class AdapterParity implements FixtureChecker {
    @Override
    public boolean applies(Path dir) {
        return Files.isDirectory(dir.resolve("adapter_initial")) && Files.exists(dir.resolve("batch.safetensors"))
                && dir.getParent() != null && Files.exists(dir.getParent().resolve("config.json"));
    }

    @Override
    public List<Check> run(Path dir) {
        String tag = dir.getParent().getFileName() + "/" + dir.getFileName();
        List<Check> out = new ArrayList<>();
        LlamaModel base = ModelOpener.at(dir.getParent()).loadModel();
        Batch batch = Batch.load(dir.resolve("batch.safetensors"));
        JsonNode ref = json(dir.resolve("reference.json"));

        var adapted = PeftAdapter.load(dir.resolve("adapter_initial"), base.weights());
        var tm = TrainableModel.adapters(base.config(), adapted.weights());
        out.add(logits(tag + " adapter logits (train mode)", tm.logits(batch), dir.resolve("adapter_forward.safetensors"), "logits"));

        double loss = tm.forwardBackward(batch), refLoss = ref.get("initial_loss").asDouble();
        out.add(Check.within(tag + " loss", Math.abs(loss - refLoss) / Math.abs(refLoss), 1e-5));
        out.add(tensors(tag + " gradients", tm.params(), dir.resolve("adapter_grads.safetensors"), true));

        JsonNode o = ref.get("optimizer"), losses = ref.get("losses_before_each_step_then_final");
        var opt = new AdamW(List.of(new ParamGroup(tm.params(), o.get("lr").asDouble(), o.get("weight_decay").asDouble())),
                o.get("betas").get(0).asDouble(), o.get("betas").get(1).asDouble(), o.get("eps").asDouble());
        int steps = o.get("steps").asInt();
        if (losses.size() != steps + 2) throw new HoneException(dir.resolve("reference.json") + ": expected " + (steps + 2) + " losses, got " + losses.size());
        double[] got = new double[steps + 2];
        got[0] = loss;
        for (int s = 0; s < steps; s++) {
            tm.zeroGrad();
            got[s + 1] = tm.forwardBackward(batch);
            opt.step();
        }
        got[steps + 1] = tm.loss(batch);
        double worst = 0;
        int worstAt = 0;
        for (int i = 0; i < got.length; i++) {
            double want = losses.get(i).asDouble(), err = Math.abs(got[i] - want) / Math.abs(want);
            if (!(err <= worst)) {
                worst = err;
                worstAt = i;
            }
        }
        out.add(new Check(tag + " AdamW trajectory (" + got.length + " losses)", worst, 1e-4, worst <= 1e-4, "worst at loss " + worstAt));
        Path trainedDir = dir.resolve("adapter_trained");
        out.add(tensors(tag + " trained adapter tensors", tm.params(), trainedDir.resolve("adapter_model.safetensors"), false));

        LlamaWeights trained = PeftAdapter.load(trainedDir, base.weights()).weights();
        Path fwd = dir.resolve("trained_forward.safetensors");
        out.add(logits(tag + " trained logits (eval)", evalLogits(new LlamaModel(base.config(), trained), batch), fwd, "trained_logits"));
        out.add(logits(tag + " merged logits", evalLogits(new LlamaModel(base.config(), AdapterMerge.fold(trained)), batch), fwd, "merged_logits"));
        return out;
    }

    /** Logits [batch·seq, vocab] of the inference forward, one causal sequence per row. */
    public static float[] evalLogits(LlamaModel m, Batch b) {
        int v = m.config().vocabSize();
        float[] all = new float[b.tokens() * v];
        for (int r = 0; r < b.batch(); r++) {
            int[] row = java.util.Arrays.copyOfRange(b.inputIds(), r * b.seq(), (r + 1) * b.seq());
            float[] l = m.forward(row, m.newCache(b.seq()), true, null);
            System.arraycopy(l, 0, all, r * b.seq() * v, b.seq() * v);
        }
        return all;
    }

    private static Check logits(String name, float[] got, Path file, String key) {
        float[] ref;
        try (var f = SafetensorsFile.open(file)) {
            ref = f.floats(key);
        }
        if (ref.length != got.length) throw new HoneException(file + ": '" + key + "' has " + ref.length + " values, computed " + got.length);
        return Check.within(name, Compare.maxAbsDiff(got, 0, ref, 0, ref.length), 1e-4 * Math.max(1, Compare.maxAbs(ref)));
    }

    /** Worst per-tensor ‖x − ref‖/‖ref‖ over the params (their gradients or values); keys must match the file's. */
    private static Check tensors(String name, List<Param> params, Path file, boolean grads) {
        double worst = 0;
        String worstKey = "";
        try (var f = SafetensorsFile.open(file)) {
            if (f.names().size() != params.size()) {
                return Check.exact(name, false, file.getFileName() + " has " + f.names().size() + " tensors, the adapter " + params.size());
            }
            for (Param p : params) {
                // as a parameter PEFT's DoRA magnitude is ...lora_magnitude_vector.weight; save_pretrained drops ".weight"
                String key = grads && p.name().endsWith(".lora_magnitude_vector") ? p.name() + ".weight" : p.name();
                if (!f.has(key)) return Check.exact(name, false, file.getFileName() + " has no '" + key + "'");
                double err = Compare.relNorm(grads ? p.grad() : p.value(), f.floats(key));
                if (!(err <= worst)) {
                    worst = err;
                    worstKey = key;
                }
            }
        }
        String shortKey = worstKey.replace("base_model.model.model.", "");
        return new Check(name + " (" + params.size() + ")", worst, 1e-4, worst <= 1e-4, "rel, worst " + shortKey);
    }

    private static JsonNode json(Path file) {
        return JsonFile.read(file);
    }
}
