package io.hone.improve;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hone.core.HoneException;
import io.hone.core.io.AtomicFile;
import io.hone.core.quant.QuantConfig;
import io.hone.eval.prompt.Demo;
import io.hone.eval.prompt.Prompt;
import io.hone.eval.prompt.PromptProgram;
import io.hone.eval.task.Example;
import io.hone.train.AdapterRecipe;
import io.hone.train.LoraConfig;
import io.hone.train.data.TrainData;
import io.hone.train.loop.Finetune;
import io.hone.train.loop.TrainConfig;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The fine-tuning levers of {@link Improve}: an adapter trained on the train split, each example written as
 * {@code {"prompt", "completion"}} with the prompt rendered by the configuration's prompt program exactly as at
 * evaluation (instruction, demos, retrieved context) and the completion {@code " " + target}.
 *
 * <p>LoRA: r=16, α=32, all linear projections, lr 2e-3 (the step budget is small), linear schedule with 5% warm-up,
 * batch 8, clip 1.0. QLoRA: the same data, prompts, steps, batch, lr and warm-up over an NF4 + double-quant base
 * (block 64, quantized on load), with {@code hone finetune --method qlora}'s recipe defaults where they differ from
 * LoRA's: r=64, α=16, max grad norm 0.3, constant schedule. The adapter is then evaluated over that same 4-bit base.
 */
final class LoraLever {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A trained adapter; {@code quant} non-null: trained (and to be evaluated) over a base quantized on load. */
    record Trained(Path adapter, QuantConfig quant, String note) {}

    private final Improve.Settings s;
    private final PrintStream log;
    /** Adapters already trained, by method and training data: identical data gives an identical adapter. */
    private final Map<String, Trained> done = new HashMap<>();

    LoraLever(Improve.Settings s, PrintStream log) {
        this.s = s;
        this.log = log;
    }

    int steps() {
        return s.loraSteps() > 0 ? s.loraSteps() : s.small() ? 4 : 300;
    }

    /**
     * Trains an adapter named {@code name} on {@code train} rendered by {@code program}. Train examples that are
     * demos of the program are left out (at evaluation an input is never one of its own demos).
     */
    Trained train(String name, List<Example> train, PromptProgram program, boolean qlora, String how) {
        Path dir = s.out().resolve("configs").resolve(name);
        Path data = dir.resolve("train.jsonl");
        Improve.mkdirs(dir);
        Set<String> demoInputs = new HashSet<>();
        for (Demo d : program.demos()) demoInputs.add(d.input());
        List<String> rows = new ArrayList<>();
        int longest = 0, skipped = 0;
        for (Example ex : train) {
            if (demoInputs.contains(ex.input())) {
                skipped++;
                continue;
            }
            if (!(program.render(ex) instanceof Prompt.Text text)) throw new HoneException(name + ": LoRA training needs a completion-mode prompt program");
            String completion = " " + ex.target();
            longest = Math.max(longest, (text.text() + completion).getBytes(StandardCharsets.UTF_8).length);
            try {
                rows.add(JSON.writeValueAsString(Map.of("prompt", text.text(), "completion", completion)));
            } catch (IOException e) {
                throw new HoneException(data + ": cannot write: " + e.getMessage(), e);
            }
        }
        if (rows.isEmpty()) throw new HoneException(name + ": no training examples left in the train split");
        AtomicFile.writeString(data, String.join("\n", rows) + "\n");
        String note = (qlora ? qloraNote() : loraNote()) + ", " + how + (skipped > 0 ? " (" + skipped + " train examples that are demos left out)" : "");
        String key = qlora + "\n" + String.join("\n", rows);
        Trained same = done.get(key);
        if (same != null) {
            log.println("same training data as an adapter already trained: reusing " + same.adapter());
            return new Trained(same.adapter(), same.quant(), note + "; same training data as " + same.adapter().getParent().getParent().getFileName()
                    + ", adapter reused");
        }
        Path run = dir.resolve("run");
        Improve.deleteTree(run);
        AdapterRecipe recipe = AdapterRecipe.of(qlora);
        var lora = new LoraConfig(recipe.rank(), recipe.alpha(), 0.0, null, LoraConfig.ALL_LINEAR, false, false, "default");
        var cfg = new TrainConfig(2e-3, 1, steps(), 8, 1, recipe.schedule(), 0.05, recipe.maxGradNorm(), 0, 0, 0, 1, s.seed());
        // no truncation: every row is as long as its prompt + completion (a token covers at least one byte; + BOS/EOS)
        var opts = new TrainData.Options(Math.max(512, longest + 8), false, false, 0, null, s.seed());
        QuantConfig quant = qlora ? QuantConfig.QLORA : null;
        new Finetune(s.model(), data, lora, 1.0, opts, cfg, false, null, run, quant).run(log, log);
        Trained t = new Trained(run.resolve("adapter"), quant, note);
        done.put(key, t);
        return t;
    }

    private String loraNote() {
        return String.format(Locale.ROOT, "LoRA %s, %d steps", AdapterRecipe.LORA.shape(), steps());
    }

    private String qloraNote() {
        AdapterRecipe q = AdapterRecipe.QLORA;
        return String.format(Locale.ROOT, "QLoRA %s over the NF4+DQ base (quantized on load, also at evaluation), clip %s, %s lr, %d steps",
                q.shape(), q.maxGradNorm(), q.schedule(), steps());
    }
}
