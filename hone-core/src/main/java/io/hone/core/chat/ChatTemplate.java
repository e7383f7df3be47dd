package io.hone.core.chat;

import io.hone.core.HoneException;
import io.hone.core.tokenizer.TokenizerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's chat template, rendered as transformers' {@code apply_chat_template(..., tokenize=False)} does.
 * Templates are Jinja (jinja2 semantics) and run on Jinjava through {@link PyJinja}.
 */
public final class ChatTemplate {
    public static final String TEMPLATE_FILE = "chat_template.jinja";

    private final String source;
    private final String bosToken;
    private final String eosToken;
    private final PyJinja engine;

    private ChatTemplate(String source, String bosToken, String eosToken, Clock clock) {
        this.source = source;
        this.bosToken = bosToken;
        this.eosToken = eosToken;
        this.engine = new PyJinja(clock);
    }

    /**
     * The template of a model directory: {@code chat_template.jinja} if present, else {@code tokenizer_config.json}'s
     * {@code chat_template} (a string, or a list of {@code {name, template}} of which {@code default} is used);
     * bos/eos tokens from {@code tokenizer_config.json}.
     */
    public static ChatTemplate load(Path modelDir) {
        if (!Files.isDirectory(modelDir)) {
            throw new HoneException(modelDir + ": model directory not found");
        }
        TokenizerConfig config = TokenizerConfig.read(modelDir);
        Path file = modelDir.resolve(TEMPLATE_FILE);
        String source;
        if (Files.isRegularFile(file)) {
            try {
                source = Files.readString(file);
            } catch (IOException e) {
                throw new HoneException(file + ": cannot read: " + e.getMessage(), e);
            }
        } else if (config.chatTemplates().containsKey("default")) {
            source = config.chatTemplates().get("default");
        } else if (!config.chatTemplates().isEmpty()) {
            throw new HoneException(modelDir.resolve(TokenizerConfig.TOKENIZER_CONFIG)
                    + ": chat_template has no template named 'default' (found " + config.chatTemplates().keySet() + ")");
        } else {
            throw new HoneException(modelDir + ": no chat template (neither " + TEMPLATE_FILE
                    + " nor chat_template in " + TokenizerConfig.TOKENIZER_CONFIG + ")");
        }
        return new ChatTemplate(source, config.bosToken().orElse(""), config.eosToken().orElse(""),
                Clock.systemDefaultZone());
    }

    /** As {@link #load}, or null when the folder has no template at all (a base model: completion prompts only). */
    public static ChatTemplate loadIfPresent(Path modelDir) {
        boolean present = Files.isRegularFile(modelDir.resolve(TEMPLATE_FILE))
                || !TokenizerConfig.read(modelDir).chatTemplates().isEmpty();
        return present ? load(modelDir) : null;
    }

    public static ChatTemplate of(String source, String bosToken, String eosToken) {
        return new ChatTemplate(source, bosToken, eosToken, Clock.systemDefaultZone());
    }

    /** The same template with {@code strftime_now} reading this clock (its zone gives local time). */
    public ChatTemplate withClock(Clock clock) {
        return new ChatTemplate(source, bosToken, eosToken, clock);
    }

    /**
     * Renders the conversation. Variables: {@code messages} (maps with role and content),
     * {@code add_generation_prompt}, {@code bos_token}, {@code eos_token}, then {@code extra} (e.g. {@code tools},
     * {@code date_string}), which may override the tokens but not the first two.
     *
     * @throws HoneException with the template's message when it calls {@code raise_exception}, or on a template error
     */
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt, Map<String, Object> extra) {
        List<Map<String, Object>> turns = new ArrayList<>(messages.size());
        for (ChatMessage m : messages) {
            Map<String, Object> turn = new LinkedHashMap<>();
            turn.put("role", m.role());
            turn.put("content", m.content());
            turns.add(turn);
        }
        Map<String, Object> variables = new HashMap<>();
        variables.put("bos_token", bosToken);
        variables.put("eos_token", eosToken);
        if (extra != null) {
            variables.putAll(extra);
        }
        variables.put("messages", turns);
        variables.put("add_generation_prompt", addGenerationPrompt);
        return engine.render(source, variables);
    }

    public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
        return render(messages, addGenerationPrompt, Map.of());
    }

    public String source() {
        return source;
    }

    public String bosToken() {
        return bosToken;
    }

    public String eosToken() {
        return eosToken;
    }
}
