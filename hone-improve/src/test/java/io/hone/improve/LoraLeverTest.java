package io.hone.improve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hone.core.quant.QuantConfig;
import io.hone.eval.prompt.Demo;
import io.hone.eval.prompt.PromptProgram;
import io.hone.eval.task.Example;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LoraLeverTest {
    static final Path TINY_LLAMA = Path.of(System.getProperty("hone.fixtures", "../shared/fixtures"), "tiny-llama");

    @TempDir
    Path dir;

    private static List<Example> train() {
        List<Example> l = new ArrayList<>();
        String[] colours = {"red", "green", "blue", "orange", "black", "white"};
        for (int i = 0; i < colours.length; i++) {
            Example e = Example.of("q" + i, "What colour is the Widget " + i + "?", colours[i]);
            l.add(new Example(e.id(), e.input(), e.targets(), e.choices(), e.gold(),
                    Map.of("context", "Widget " + i + " is a " + colours[i] + " lamp. Price: $" + (10 + i) + ".")));
        }
        return l;
    }

    @Test
    void trainsOnPromptsRenderedWithDemosAndContextLeavingTheDemosOut() throws Exception {
        var s = new Improve.Settings(null, TINY_LLAMA, null, true, 3, dir, 1, 2, 8, 0.2, 0.3, 2, 0);
        var log = new ByteArrayOutputStream();
        var lever = new LoraLever(s, new PrintStream(log, true, StandardCharsets.UTF_8));
        List<Example> train = train();
        var program = new PromptProgram(PromptProgram.Mode.COMPLETION, "Answer from the context.", RagContext.TEMPLATE,
                List.of(Demo.of(train.get(0)), Demo.of(train.get(1))), null);

        LoraLever.Trained t = lever.train("three", train, program, false, "winner's prompts");
        assertThat(t.adapter().resolve("adapter_model.safetensors")).exists();
        assertThat(t.quant()).isNull();
        assertThat(t.note()).contains("2 train examples that are demos left out");
        List<String> rows = Files.readAllLines(dir.resolve("configs/three/train.jsonl"));
        assertThat(rows).hasSize(train.size() - 2);
        JsonNode first = new ObjectMapper().readTree(rows.getFirst());
        // exactly what evaluation renders: instruction, both demos with their own context and answer, then the input
        assertThat(first.get("prompt").asText()).isEqualTo(((io.hone.eval.prompt.Prompt.Text) program.render(train.get(2))).text())
                .startsWith("Answer from the context.\n\nContext: Widget 0 is a red lamp.").contains("Answer: green\n\n")
                .endsWith("Context: Widget 2 is a blue lamp. Price: $12.\nQuestion: What colour is the Widget 2?\nAnswer:");
        assertThat(first.get("completion").asText()).isEqualTo(" blue");
        assertThat(log.toString(StandardCharsets.UTF_8)).doesNotContain("dropped");

        // QLoRA over the same rows: trained on the NF4 + double-quant base
        LoraLever.Trained q = lever.train("three-q", train, program, true, "winner's prompts");
        assertThat(q.quant()).isEqualTo(QuantConfig.QLORA);
        assertThat(q.adapter()).isNotEqualTo(t.adapter());
        assertThat(Files.readString(q.adapter().resolve("adapter_config.json"))).contains("\"r\": 64").contains("\"lora_alpha\": 16");
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("quantized on load");

        // identical training data and method: the adapter is reused, not trained again
        LoraLever.Trained again = lever.train("three-again", train, program, false, "winner's prompts");
        assertThat(again.adapter()).isEqualTo(t.adapter());
        assertThat(again.note()).contains("adapter reused");
    }
}
