package io.hone.eval.lm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hone.core.HoneException;
import io.hone.core.chat.ChatMessage;
import io.hone.core.generate.SamplingConfig;
import io.hone.core.io.JsonFile;
import io.hone.core.openai.OpenAiHttp;
import io.hone.eval.prompt.Prompt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A model behind an OpenAI-compatible server (vLLM, llama.cpp server, TGI, OpenAI...): chat prompts go to
 * {@code POST {base}/v1/chat/completions}, text prompts and log-likelihoods to {@code /v1/completions}.
 * Log-likelihoods use {@code echo: true, logprobs: 1, max_tokens: 0} (as lm-eval's completions backends); the
 * continuation's tokens are those whose {@code text_offset} is at or past the context's length, since the
 * server's tokenizer is not known here. The API key is {@code OPENAI_API_KEY} when set; transport, retries and errors
 * are {@link OpenAiHttp}'s.
 */
public final class OpenAiEndpoint implements LanguageModel {
    private final OpenAiHttp http;
    private final String model;

    public OpenAiEndpoint(String baseUrl, String model) {
        this(baseUrl, model, System.getenv("OPENAI_API_KEY"), Duration.ofSeconds(120));
    }

    public OpenAiEndpoint(String baseUrl, String model, String apiKey, Duration timeout) {
        this.http = new OpenAiHttp(baseUrl, apiKey, timeout);
        this.model = model;
    }

    @Override
    public String id() {
        return http.base() + "#" + model;
    }

    @Override
    public String generate(Prompt prompt, SamplingConfig s) {
        ObjectNode req = JsonFile.MAPPER.createObjectNode().put("model", model).put("max_tokens", s.maxNewTokens())
                .put("temperature", s.temperature()).put("top_p", s.topP());
        if (!s.isGreedy()) req.put("seed", s.seed());
        if (!s.stopStrings().isEmpty()) {
            ArrayNode stop = req.putArray("stop");
            s.stopStrings().stream().limit(4).forEach(stop::add); // OpenAI accepts at most 4
        }
        return switch (prompt) {
            case Prompt.Chat c -> {
                ArrayNode msgs = req.putArray("messages");
                for (ChatMessage m : c.messages()) msgs.addObject().put("role", m.role()).put("content", m.content());
                JsonNode r = http.post("/v1/chat/completions", req);
                JsonNode content = r.path("choices").path(0).path("message").path("content");
                if (!content.isTextual()) throw bad("/v1/chat/completions", "no choices[0].message.content");
                yield content.asText();
            }
            case Prompt.Text t -> {
                req.put("prompt", t.text());
                JsonNode text = http.post("/v1/completions", req).path("choices").path(0).path("text");
                if (!text.isTextual()) throw bad("/v1/completions", "no choices[0].text");
                yield text.asText();
            }
        };
    }

    @Override
    public List<LogLikelihood> logLikelihoods(Prompt context, List<String> continuations) {
        if (!(context instanceof Prompt.Text t)) {
            throw new HoneException(id() + ": log-likelihood scoring needs a completion-mode prompt (chat endpoints return no prompt log-probs)");
        }
        // as lm-eval's _encode_pair: the context's trailing whitespace belongs to the continuation ("Answer: " + "Paris"
        // scores the token " Paris"); servers report text offsets in code points (Python string indices)
        String ctx = t.text().stripTrailing();
        int from = ctx.codePointCount(0, ctx.length());
        List<LogLikelihood> out = new ArrayList<>();
        for (String cont : continuations) out.add(echoed(t.text() + cont, from));
        return out;
    }

    @Override
    public LogLikelihood rollingLogLikelihood(String text) {
        return echoed(text, 0);
    }

    /** Scores the prompt's own tokens from {@code from} (a code-point offset) on; the first token has no log-prob. */
    private LogLikelihood echoed(String text, int from) {
        ObjectNode req = JsonFile.MAPPER.createObjectNode().put("model", model).put("prompt", text).put("max_tokens", 0)
                .put("echo", true).put("logprobs", 1).put("temperature", 0);
        JsonNode lp = http.post("/v1/completions", req).path("choices").path(0).path("logprobs");
        JsonNode tokens = lp.path("tokens"), lps = lp.path("token_logprobs"), offsets = lp.path("text_offset"), top = lp.path("top_logprobs");
        if (!tokens.isArray() || !lps.isArray() || !offsets.isArray()) throw bad("/v1/completions", "no choices[0].logprobs with tokens, token_logprobs and text_offset (does the server support echo?)");
        double sum = 0;
        int n = 0;
        boolean greedy = true;
        for (int i = 0; i < tokens.size(); i++) {
            if (offsets.path(i).asInt() < from || lps.path(i).isNull()) continue;
            double v = lps.path(i).asDouble();
            sum += v;
            n++;
            JsonNode alts = top.path(i);
            if (alts.isObject()) {
                for (Iterator<JsonNode> it = alts.elements(); it.hasNext(); ) if (it.next().asDouble() > v + 1e-6) greedy = false;
            }
        }
        if (n == 0) throw bad("/v1/completions", "no scored tokens after offset " + from);
        return new LogLikelihood(sum, n, greedy);
    }

    private HoneException bad(String path, String what) {
        return new HoneException(http.base() + path + ": unexpected response: " + what);
    }

}
