package io.hone.core.tokenizer;

import io.hone.core.io.JsonFile;
import com.fasterxml.jackson.databind.JsonNode;
import io.hone.core.HoneException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a model directory says about special tokens and chat templates, gathered from
 * {@code tokenizer_config.json}, {@code generation_config.json} and {@code config.json} (each optional).
 *
 * @param bosToken         {@code tokenizer_config.json} {@code bos_token} (a string or an AddedToken object)
 * @param eosToken         {@code tokenizer_config.json} {@code eos_token}
 * @param chatTemplates    {@code tokenizer_config.json} {@code chat_template}: a plain string is stored under
 *                         {@code "default"}; the list form {@code [{name, template}]} keeps its names
 * @param bosTokenId       {@code bos_token_id} of generation_config.json, else of config.json
 * @param eosTokenIds      {@code eos_token_id} (int or list) of generation_config.json then config.json, deduplicated
 */
public record TokenizerConfig(Optional<String> bosToken, Optional<String> eosToken,
                              Map<String, String> chatTemplates, OptionalInt bosTokenId, List<Integer> eosTokenIds) {

    public static final String TOKENIZER_CONFIG = "tokenizer_config.json";

    public static TokenizerConfig read(Path modelDir) {
        Path tcFile = modelDir.resolve(TOKENIZER_CONFIG);
        Optional<JsonNode> tc = JsonFile.readOptional(tcFile);
        Optional<JsonNode> gen = JsonFile.readOptional(modelDir.resolve("generation_config.json"));
        Optional<JsonNode> cfg = JsonFile.readOptional(modelDir.resolve("config.json"));

        Optional<String> bos = tc.flatMap(n -> tokenString(n.get("bos_token")));
        Optional<String> eos = tc.flatMap(n -> tokenString(n.get("eos_token")));
        Map<String, String> templates = tc.map(n -> chatTemplates(tcFile, n.get("chat_template"))).orElse(Map.of());

        OptionalInt bosId = OptionalInt.empty();
        List<Integer> eosIds = new ArrayList<>();
        for (Optional<JsonNode> source : List.of(gen, cfg)) {
            if (source.isEmpty()) {
                continue;
            }
            JsonNode b = source.get().get("bos_token_id");
            if (bosId.isEmpty() && b != null && b.canConvertToInt()) {
                bosId = OptionalInt.of(b.intValue());
            }
            JsonNode e = source.get().get("eos_token_id");
            if (e != null && e.isArray()) {
                e.forEach(x -> addInt(eosIds, x));
            } else {
                addInt(eosIds, e);
            }
        }
        return new TokenizerConfig(bos, eos, templates, bosId, List.copyOf(eosIds));
    }

    private static void addInt(List<Integer> out, JsonNode n) {
        if (n != null && n.canConvertToInt() && n.isIntegralNumber() && !out.contains(n.intValue())) {
            out.add(n.intValue());
        }
    }

    /** A special token is written either as {@code "<s>"} or as {@code {"content": "<s>", ...}}. */
    private static Optional<String> tokenString(JsonNode n) {
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (n.isTextual()) {
            return Optional.of(n.asText());
        }
        JsonNode content = n.get("content");
        return content != null && content.isTextual() ? Optional.of(content.asText()) : Optional.empty();
    }

    private static Map<String, String> chatTemplates(Path file, JsonNode n) {
        if (n == null || n.isNull()) {
            return Map.of();
        }
        if (n.isTextual()) {
            return Map.of("default", n.asText());
        }
        if (!n.isArray()) {
            throw new HoneException(file + ": chat_template must be a string or a list of {name, template}");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode entry : n) {
            JsonNode name = entry.get("name");
            JsonNode template = entry.get("template");
            if (name == null || !name.isTextual() || template == null || !template.isTextual()) {
                throw new HoneException(file + ": chat_template list entries need string fields name and template");
            }
            out.put(name.asText(), template.asText());
        }
        return out;
    }
}
