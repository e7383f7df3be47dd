package io.hone.eval.lm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hone.core.HoneException;
import io.hone.core.chat.ChatMessage;
import io.hone.core.generate.SamplingConfig;
import io.hone.eval.prompt.Prompt;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers a request seen before (same model id, prompt and settings) without calling the model. In memory, and
 * optionally in a JSONL file ({@code {"key", "value"}} per line) that is read on open and appended to, so a
 * rerun of an evaluation or a search is free. Unreadable lines (e.g. a write cut short) are skipped.
 */
public final class CachedModel implements LanguageModel, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LanguageModel inner;
    private final Map<String, JsonNode> entries = new ConcurrentHashMap<>();
    private final BufferedWriter disk;
    private long hits, misses;

    @Override
    public boolean supportsChat() {
        return inner.supportsChat();
    }

    public CachedModel(LanguageModel inner) {
        this(inner, null);
    }

    public CachedModel(LanguageModel inner, Path file) {
        this.inner = inner;
        if (file == null) {
            disk = null;
            return;
        }
        try {
            if (Files.isRegularFile(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    try {
                        JsonNode n = JSON.readTree(line);
                        if (n != null && n.hasNonNull("key") && n.has("value")) entries.put(n.get("key").asText(), n.get("value"));
                    } catch (IOException skip) {
                        // a partial last line from an interrupted run
                    }
                }
            } else if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            disk = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new HoneException(file + ": cannot open response cache: " + e.getMessage(), e);
        }
    }

    @Override
    public String id() {
        return inner.id();
    }

    public synchronized long hits() {
        return hits;
    }

    /** Requests that went to the model. */
    public synchronized long misses() {
        return misses;
    }

    @Override
    public String generate(Prompt prompt, SamplingConfig s) {
        String k = generateKey(prompt, s);
        JsonNode v = lookup(k);
        if (v != null) return v.asText();
        String out = inner.generate(prompt, s);
        store(k, JSON.getNodeFactory().textNode(out));
        return out;
    }

    /** Cached answers come from the cache; the others go to the model together (once per distinct request). */
    @Override
    public List<String> generateAll(List<Prompt> prompts, List<SamplingConfig> samplings) {
        if (prompts.size() != samplings.size()) throw new IllegalArgumentException(prompts.size() + " prompts, " + samplings.size() + " sampling configs");
        String[] out = new String[prompts.size()];
        Map<String, List<Integer>> missing = new java.util.LinkedHashMap<>();
        List<Prompt> askPrompts = new ArrayList<>();
        List<SamplingConfig> askSamplings = new ArrayList<>();
        for (int i = 0; i < out.length; i++) {
            String k = generateKey(prompts.get(i), samplings.get(i));
            List<Integer> waiting = missing.get(k);
            if (waiting != null) {
                waiting.add(i);
                continue;
            }
            JsonNode v = lookup(k);
            if (v != null) {
                out[i] = v.asText();
                continue;
            }
            missing.put(k, new ArrayList<>(List.of(i)));
            askPrompts.add(prompts.get(i));
            askSamplings.add(samplings.get(i));
        }
        if (!askPrompts.isEmpty()) {
            List<String> answers = inner.generateAll(askPrompts, askSamplings);
            int a = 0;
            for (var e : missing.entrySet()) {
                String answer = answers.get(a++);
                store(e.getKey(), JSON.getNodeFactory().textNode(answer));
                for (int i : e.getValue()) out[i] = answer;
            }
        }
        return java.util.Arrays.asList(out);
    }

    private String generateKey(Prompt prompt, SamplingConfig s) {
        ObjectNode k = key("generate", prompt);
        k.put("max_new_tokens", s.maxNewTokens()).put("temperature", s.temperature()).put("top_k", s.topK())
                .put("top_p", s.topP()).put("repetition_penalty", s.repetitionPenalty()).put("stop_at_eos", s.stopAtEos());
        if (!s.isGreedy()) k.put("seed", s.seed());
        k.set("stop", JSON.valueToTree(s.stopStrings()));
        return k.toString();
    }

    @Override
    public List<LogLikelihood> logLikelihoods(Prompt context, List<String> continuations) {
        ObjectNode k = key("loglikelihood", context);
        k.set("continuations", JSON.valueToTree(continuations));
        JsonNode v = lookup(k.toString());
        if (v == null) {
            List<LogLikelihood> out = inner.logLikelihoods(context, continuations);
            ArrayNode a = JSON.createArrayNode();
            for (LogLikelihood ll : out) a.addArray().add(ll.logProb()).add(ll.tokens()).add(ll.greedy());
            store(k.toString(), a);
            return out;
        }
        List<LogLikelihood> out = new ArrayList<>();
        for (JsonNode e : v) out.add(new LogLikelihood(e.get(0).asDouble(), e.get(1).asInt(), e.get(2).asBoolean()));
        return out;
    }

    @Override
    public LogLikelihood rollingLogLikelihood(String text) {
        ObjectNode k = key("rolling", new Prompt.Text(text));
        JsonNode v = lookup(k.toString());
        if (v != null) return new LogLikelihood(v.get(0).asDouble(), v.get(1).asInt(), v.get(2).asBoolean());
        LogLikelihood ll = inner.rollingLogLikelihood(text);
        store(k.toString(), JSON.createArrayNode().add(ll.logProb()).add(ll.tokens()).add(ll.greedy()));
        return ll;
    }

    private ObjectNode key(String kind, Prompt p) {
        ObjectNode k = JSON.createObjectNode().put("model", inner.id()).put("kind", kind);
        switch (p) {
            case Prompt.Text t -> k.put("prompt", t.text());
            case Prompt.Chat c -> {
                ArrayNode a = k.putArray("messages");
                for (ChatMessage m : c.messages()) a.addObject().put("role", m.role()).put("content", m.content());
            }
        }
        return k;
    }

    private synchronized JsonNode lookup(String key) {
        JsonNode v = entries.get(key);
        if (v != null) hits++;
        else misses++;
        return v;
    }

    private synchronized void store(String key, JsonNode value) {
        entries.put(key, value);
        if (disk == null) return;
        try {
            disk.write(JSON.createObjectNode().put("key", key).set("value", value).toString());
            disk.newLine();
            disk.flush();
        } catch (IOException e) {
            throw new HoneException("response cache: cannot write: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (disk == null) return;
        try {
            disk.close();
        } catch (IOException e) {
            throw new HoneException("response cache: cannot close: " + e.getMessage(), e);
        }
    }
}
