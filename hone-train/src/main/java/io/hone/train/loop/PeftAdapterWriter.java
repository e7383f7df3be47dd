package io.hone.train.loop;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hone.core.HoneException;
import io.hone.core.io.SafetensorsWriter;
import io.hone.train.LoraConfig;
import io.hone.train.Param;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a PEFT adapter folder ({@code adapter_config.json} + {@code adapter_model.safetensors}, keys as
 * {@code save_pretrained} writes them: the {@link Param} names). Small stand-in until the optim branch's PEFT writer.
 */
public final class PeftAdapterWriter {
    private PeftAdapterWriter() {}

    public static void write(Path dir, List<Param> params, LoraConfig c, String baseModel) {
        var w = new SafetensorsWriter();
        for (Param p : params) w.addF32(p.name(), p.shape(), p.value());
        w.metadata("format", "pt");
        try {
            Files.createDirectories(dir);
            w.write(dir.resolve("adapter_model.safetensors"));
            ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            json.writeValue(dir.resolve("adapter_config.json").toFile(), config(json, c, baseModel));
        } catch (IOException e) {
            throw new HoneException(dir + ": cannot write adapter (" + e.getMessage() + ")");
        }
    }

    static ObjectNode config(ObjectMapper json, LoraConfig c, String baseModel) {
        ObjectNode n = json.createObjectNode();
        n.put("peft_type", "LORA");
        n.put("task_type", "CAUSAL_LM");
        n.put("base_model_name_or_path", baseModel);
        n.put("r", c.r());
        n.put("lora_alpha", c.alpha());
        n.put("lora_dropout", c.dropout());
        if (c.targetModules() != null) c.targetModules().forEach(n.putArray("target_modules")::add);
        else n.put("target_modules", c.targetPattern());
        n.put("use_rslora", c.useRslora());
        n.put("use_dora", c.useDora());
        if (c.init().equals("default")) n.put("init_lora_weights", true);
        else n.put("init_lora_weights", c.init());
        n.put("bias", "none");
        n.put("fan_in_fan_out", false);
        n.put("inference_mode", true);
        return n;
    }
}
