package io.hone.rag.embed;

import io.hone.core.io.JsonFile;
import com.fasterxml.jackson.databind.JsonNode;
import io.hone.core.HoneException;
import io.hone.core.io.FileTree;
import io.hone.core.tokenizer.Tokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens an embedder by name: the bundled {@code bge-small} (BAAI bge-small-en-v1.5, int8, 384-d, CLS pooling,
 * query instruction) or {@code minilm} (all-MiniLM-L6-v2, int8, 384-d, mean pooling), both shipped inside
 * langchain4j model jars, or a folder with a sentence-transformers ONNX export ({@code model.onnx} or
 * {@code onnx/model.onnx}, {@code tokenizer.json}, optionally {@code 1_Pooling/config.json},
 * {@code sentence_bert_config.json}, {@code config_sentence_transformers.json}).
 */
public final class Embedders {
    public static final String DEFAULT = "bge-small";
    static final String BGE_QUERY_PREFIX = "Represent this sentence for searching relevant passages: ";

    private Embedders() {
    }

    public static Embedder open(String spec) {
        return switch (spec) {
            case "bge-small" -> bundled("bge-small", "/bge-small-en-v1.5-q.onnx", "/bge-small-en-v1.5-q-tokenizer.json",
                    Pooling.CLS, BGE_QUERY_PREFIX, 512);
            case "minilm" -> bundled("minilm", "/all-minilm-l6-v2-q.onnx", "/all-minilm-l6-v2-q-tokenizer.json",
                    Pooling.MEAN, "", 256);
            default -> fromFolder(Path.of(spec));
        };
    }

    private static Embedder bundled(String name, String model, String tokenizerJson, Pooling pooling, String prefix, int maxTokens) {
        byte[] bytes = resource(model);
        Path tmp = null;
        try {
            // hone's Tokenizer reads a folder; the tokenizer.json ships as a resource
            tmp = Files.createTempDirectory("hone-embedder");
            Files.write(tmp.resolve(Tokenizer.TOKENIZER_JSON), resource(tokenizerJson));
            return new OnnxEmbedder(name, bytes, Tokenizer.load(tmp), pooling, prefix, maxTokens);
        } catch (IOException e) {
            throw new HoneException(name + ": cannot unpack tokenizer: " + e.getMessage(), e);
        } finally {
            FileTree.deleteQuietly(tmp);
        }
    }

    static Embedder fromFolder(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new HoneException(dir + ": not an embedder (use bge-small, minilm, or a folder with model.onnx and tokenizer.json)");
        }
        Path model = Files.isRegularFile(dir.resolve("model.onnx")) ? dir.resolve("model.onnx") : dir.resolve("onnx").resolve("model.onnx");
        if (!Files.isRegularFile(model)) throw new HoneException(dir + ": no model.onnx (or onnx/model.onnx)");
        Pooling pooling = Pooling.MEAN;
        JsonNode pool = readJson(dir.resolve("1_Pooling").resolve("config.json"));
        if (pool != null && pool.path("pooling_mode_cls_token").asBoolean(false)) pooling = Pooling.CLS;
        JsonNode sbert = readJson(dir.resolve("sentence_bert_config.json"));
        int maxTokens = sbert == null ? 512 : sbert.path("max_seq_length").asInt(512);
        JsonNode st = readJson(dir.resolve("config_sentence_transformers.json"));
        String prefix = st == null ? "" : st.path("prompts").path("query").asText("");
        try {
            return new OnnxEmbedder(dir.toAbsolutePath().normalize().toString(), Files.readAllBytes(model),
                    Tokenizer.load(dir), pooling, prefix, maxTokens);
        } catch (IOException e) {
            throw new HoneException(model + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static JsonNode readJson(Path file) {
        return JsonFile.readOptional(file).orElse(null);
    }

    private static byte[] resource(String name) {
        try (InputStream in = Embedders.class.getResourceAsStream(name)) {
            if (in == null) throw new HoneException("bundled embedding model " + name + " is missing from the classpath");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new HoneException("cannot read bundled " + name + ": " + e.getMessage(), e);
        }
    }
}
