package io.hone.core.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hone.core.HoneException;
import io.hone.core.io.AtomicFile;

import java.io.IOException;
import java.nio.file.Path;

/** Writes a {@link ModelConfig} as a transformers-style {@code config.json} (atomically). */
public final class ConfigWriter {
    private ConfigWriter() {}

    public static ObjectNode toJson(ModelConfig c) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode n = m.createObjectNode();
        boolean qwen = c.modelType().equals("qwen2");
        n.putArray("architectures").add(switch (c.modelType()) {
            case "qwen2" -> "Qwen2ForCausalLM";
            case "mistral" -> "MistralForCausalLM";
            default -> "LlamaForCausalLM";
        });
        n.put("model_type", c.modelType());
        n.put("vocab_size", c.vocabSize());
        n.put("hidden_size", c.hiddenSize());
        n.put("intermediate_size", c.intermediateSize());
        n.put("num_hidden_layers", c.numLayers());
        n.put("num_attention_heads", c.numHeads());
        n.put("num_key_value_heads", c.numKvHeads());
        n.put("head_dim", c.headDim());
        n.put("hidden_act", "silu");
        n.put("rms_norm_eps", c.rmsNormEps());
        n.put("max_position_embeddings", c.maxPositions());
        n.put("tie_word_embeddings", c.tieWordEmbeddings());
        if (!qwen) n.put("attention_bias", c.qkvBias());
        n.put("mlp_bias", c.mlpBias());
        if (c.slidingWindow() > 0) n.put("sliding_window", c.slidingWindow());
        n.put("rope_theta", c.rope().theta());
        if (!c.rope().type().equals("default")) {
            ObjectNode s = n.putObject("rope_scaling");
            s.put("rope_type", c.rope().type());
            s.put("factor", c.rope().factor());
            if (c.rope().type().equals("llama3")) {
                s.put("low_freq_factor", c.rope().lowFreqFactor());
                s.put("high_freq_factor", c.rope().highFreqFactor());
                s.put("original_max_position_embeddings", c.rope().originalMaxPositions());
            }
        }
        if (c.bosTokenId() >= 0) n.put("bos_token_id", c.bosTokenId());
        if (c.eosTokenIds().size() == 1) n.put("eos_token_id", c.eosTokenIds().getFirst());
        else if (!c.eosTokenIds().isEmpty()) c.eosTokenIds().forEach(n.putArray("eos_token_id")::add);
        n.put("torch_dtype", c.torchDtype());
        return n;
    }

    public static void write(ModelConfig c, Path file) {
        byte[] json;
        try {
            json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(toJson(c));
        } catch (IOException e) {
            throw new HoneException(file + ": cannot write (" + e.getMessage() + ")");
        }
        AtomicFile.write(file, json);
    }
}
