package io.hone.core.tokenizer;

import io.hone.core.io.JsonFile;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.hone.core.HoneException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Token string ↔ id tables of a {@code tokenizer.json} ({@code model.vocab} plus {@code added_tokens}).
 * The native tokenizer has no such lookup in DJL's API, so the file is streamed once (the Llama 3 file is 8 MB;
 * no tree is built). Size follows {@code tokenizer.get_vocab_size(with_added_tokens=True)}: max id + 1.
 */
final class Vocab {
    private final Map<String, Integer> ids;
    private final String[] tokens;

    private Vocab(Map<String, Integer> ids, String[] tokens) {
        this.ids = ids;
        this.tokens = tokens;
    }

    int size() {
        return tokens.length;
    }

    OptionalInt id(String token) {
        Integer id = ids.get(token);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    Optional<String> token(int id) {
        return id >= 0 && id < tokens.length ? Optional.ofNullable(tokens[id]) : Optional.empty();
    }

    static Vocab read(Path file) {
        Map<String, Integer> ids = new HashMap<>();
        Map<String, Integer> added = new HashMap<>();
        try (JsonParser p = JsonFile.MAPPER.createParser(file.toFile())) {
            expect(p, p.nextToken(), JsonToken.START_OBJECT, file, "top level");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "added_tokens" -> readAdded(p, file, added);
                    case "model" -> readModel(p, file, ids);
                    default -> p.skipChildren();
                }
            }
        } catch (JsonProcessingException e) {
            throw JsonFile.malformed(file.toString(), e);
        } catch (IOException e) {
            throw new HoneException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (ids.isEmpty() && added.isEmpty()) {
            throw new HoneException(file + ": no model.vocab, not a Hugging Face tokenizer.json");
        }
        ids.putAll(added); // added tokens win, as in tokenizers' token_to_id
        int size = ids.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        String[] tokens = new String[size];
        ids.forEach((token, id) -> {
            if (tokens[id] == null || added.containsKey(token)) {
                tokens[id] = token;
            }
        });
        return new Vocab(ids, tokens);
    }

    private static void readAdded(JsonParser p, Path file, Map<String, Integer> out) throws IOException {
        expect(p, p.currentToken(), JsonToken.START_ARRAY, file, "added_tokens");
        while (p.nextToken() == JsonToken.START_OBJECT) {
            String content = null;
            int id = -1;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "id" -> id = p.getIntValue();
                    case "content" -> content = p.getText();
                    default -> p.skipChildren();
                }
            }
            if (content == null || id < 0) {
                throw new HoneException(file + ": added_tokens entry without content/id");
            }
            out.put(content, id);
        }
    }

    private static void readModel(JsonParser p, Path file, Map<String, Integer> out) throws IOException {
        expect(p, p.currentToken(), JsonToken.START_OBJECT, file, "model");
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            if (!field.equals("vocab")) {
                p.skipChildren();
            } else if (t == JsonToken.START_OBJECT) { // BPE, WordPiece, WordLevel: {"token": id}
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String token = p.currentName();
                    p.nextToken();
                    out.put(token, p.getIntValue());
                }
            } else if (t == JsonToken.START_ARRAY) { // Unigram: [["piece", score], ...], id = position
                int id = 0;
                while (p.nextToken() == JsonToken.START_ARRAY) {
                    p.nextToken();
                    out.putIfAbsent(p.getText(), id++);
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        p.skipChildren();
                    }
                }
            } else {
                throw new HoneException(file + ": model.vocab must be an object or a list");
            }
        }
    }

    private static void expect(JsonParser p, JsonToken got, JsonToken want, Path file, String what) {
        if (got != want) {
            throw new HoneException(file + ": " + what + " must be " + (want == JsonToken.START_ARRAY ? "a list" : "an object")
                    + " (line " + p.currentLocation().getLineNr() + ")");
        }
    }
}
