package io.hone.core.parity;

import io.hone.core.io.JsonFile;
import com.fasterxml.jackson.databind.JsonNode;
import io.hone.core.tokenizer.Tokenizer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * {@code tokenizer_cases.json} against the folder's {@code tokenizer.json}: ids with and without special
 * tokens, token strings and decoded text must be identical to transformers'. Cases that carry {@code ids}
 * (with BOS) are decoded from those with specials skipped; otherwise {@code ids_no_special} keeps specials.
 */
public final class TokenizerParity {
    private TokenizerParity() {}

    public static List<Check> run(Path dir) {
        String tag = dir.getFileName() + " tokenizer";
        JsonNode root = JsonFile.read(dir.resolve("tokenizer_cases.json"));
        JsonNode cases = root.get("cases");
        List<Check> out = new ArrayList<>();
        try (Tokenizer tok = Tokenizer.load(dir)) {
            out.add(field(tag, cases, "ids", c -> Arrays.toString(tok.encode(text(c), true)), c -> Arrays.toString(ints(c.get("ids")))));
            out.add(field(tag, cases, "ids_no_special", c -> Arrays.toString(tok.encode(text(c), false)), c -> Arrays.toString(ints(c.get("ids_no_special")))));
            out.add(field(tag, cases, "tokens", c -> Arrays.toString(tok.tokens(text(c), false)), c -> Arrays.toString(strings(c.get("tokens")))));
            out.add(field(tag, cases, "decoded", c -> c.has("ids")
                    ? tok.decode(ints(c.get("ids")), true)
                    : tok.decode(ints(c.get("ids_no_special")), false), c -> c.get("decoded").asText()));
            JsonNode meta = root.get("meta_test_vector");
            if (meta != null) {
                int[] body = tok.encode(meta.get("text").asText(), false);
                int[] full = new int[body.length + 2];
                full[0] = tok.bosId().orElse(-1);
                System.arraycopy(body, 0, full, 1, body.length);
                full[full.length - 1] = tok.tokenId(tok.eosToken()).orElse(-1);
                int[] expected = ints(meta.get("ids_with_bos_eos"));
                boolean eq = Arrays.equals(full, expected);
                out.add(Check.exact(tag + " Meta test vector", eq, Arrays.toString(full) + " vs " + Arrays.toString(expected)));
            }
        }
        out.removeIf(c -> c == null);
        return out;
    }

    private static Check field(String tag, JsonNode cases, String key, Function<JsonNode, String> got, Function<JsonNode, String> want) {
        int n = 0;
        for (JsonNode c : cases) {
            if (!c.hasNonNull(key) || !(c.get(key).isArray() || c.get(key).isTextual())) continue;
            n++;
            String g = got.apply(c), w = want.apply(c);
            if (!g.equals(w)) {
                return Check.exact(tag + " " + key, false, "text " + Check.quote(text(c)) + ": got " + g + " expected " + w);
            }
        }
        if (n == 0) return null;
        return Check.exact(tag + " " + key + " (" + n + " cases)", true, "");
    }

    private static String text(JsonNode c) {
        return c.get("text").asText();
    }

    private static int[] ints(JsonNode a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).asInt();
        return out;
    }

    private static String[] strings(JsonNode a) {
        String[] out = new String[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).asText();
        return out;
    }
}
