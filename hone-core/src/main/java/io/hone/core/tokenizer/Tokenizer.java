package io.hone.core.tokenizer;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.hone.core.HoneException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A Hugging Face {@code tokenizer.json} run by the native tokenizers library (through DJL), so ids match
 * transformers' fast tokenizers exactly. Never truncates or pads; special tokens (BOS etc., as the file's
 * post-processor defines them) are added only when a call asks for them. Safe to share between threads;
 * a {@link StreamDecoder} is not.
 */
public final class Tokenizer implements AutoCloseable {
    public static final String TOKENIZER_JSON = "tokenizer.json";

    static {
        // DJL otherwise calls the EC2 metadata address on first use (telemetry); it reads env or system property.
        if (System.getenv("OPT_OUT_TRACKING") == null && System.getProperty("OPT_OUT_TRACKING") == null) {
            System.setProperty("OPT_OUT_TRACKING", "true");
        }
    }

    private final HuggingFaceTokenizer hf;
    private final Vocab vocab;
    private final TokenizerConfig config;

    private Tokenizer(HuggingFaceTokenizer hf, Vocab vocab, TokenizerConfig config) {
        this.hf = hf;
        this.vocab = vocab;
        this.config = config;
    }

    /** Loads {@code modelDir/tokenizer.json} and the special tokens named by the directory's config files. */
    public static Tokenizer load(Path modelDir) {
        if (!Files.isDirectory(modelDir)) {
            throw new HoneException(modelDir + ": model directory not found");
        }
        Path file = modelDir.resolve(TOKENIZER_JSON);
        if (!Files.isRegularFile(file)) {
            throw new HoneException(modelDir + ": " + TOKENIZER_JSON + " not found");
        }
        Vocab vocab = Vocab.read(file); // also rejects malformed JSON with a line number
        TokenizerConfig config = TokenizerConfig.read(modelDir);
        // From a stream, so DJL does not look for (and interpret) other files next to tokenizer.json.
        Map<String, String> options = Map.of("addSpecialTokens", "true", "truncation", "false", "padding", "false");
        try (InputStream in = Files.newInputStream(file)) {
            return new Tokenizer(HuggingFaceTokenizer.newInstance(in, options), vocab, config);
        } catch (IOException e) {
            throw new HoneException(file + ": cannot read: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new HoneException(file + ": not a valid Hugging Face tokenizer: " + firstLine(e.getMessage()), e);
        }
    }

    public int[] encode(String text, boolean addSpecialTokens) {
        return toInts(encoding(text, addSpecialTokens).getIds());
    }

    /**
     * {@link #encode} with each token's character span in {@code text}, counted in code points (Python's {@code str}
     * indices, as transformers' {@code offset_mapping}); a special token the post-processor added (BOS) has no span
     * (start and end -1). Several byte-fallback tokens of one character share that character's span.
     */
    public TokenSpans encodeWithSpans(String text, boolean addSpecialTokens) {
        Encoding e = encoding(text, addSpecialTokens);
        int[] ids = toInts(e.getIds());
        var spans = e.getCharTokenSpans();
        int[] starts = new int[ids.length], ends = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            starts[i] = spans[i] == null ? -1 : spans[i].getStart();
            ends[i] = spans[i] == null ? -1 : spans[i].getEnd();
        }
        return new TokenSpans(ids, starts, ends);
    }

    /** The token strings of {@link #encode} (e.g. {@code ▁Hello}, {@code Ġworld}, {@code <0x0A>}). */
    public String[] tokens(String text, boolean addSpecialTokens) {
        return encoding(text, addSpecialTokens).getTokens();
    }

    public String decode(int[] ids, boolean skipSpecialTokens) {
        return hf.decode(toLongs(ids, 0, ids.length), skipSpecialTokens);
    }

    String decode(int[] ids, int from, int to, boolean skipSpecialTokens) {
        return hf.decode(toLongs(ids, from, to), skipSpecialTokens);
    }

    /** A detokenizer that turns generated ids, one at a time, into text as soon as it is complete. */
    public StreamDecoder streamDecoder(boolean skipSpecialTokens) {
        return new StreamDecoder(this, skipSpecialTokens, new int[0]);
    }

    /**
     * A detokenizer for ids that continue {@code context} (a prompt's ids): its output is what they add to
     * {@code decode(context)}, so a SentencePiece token's leading space after the prompt is kept.
     */
    public StreamDecoder streamDecoder(boolean skipSpecialTokens, int[] context) {
        return new StreamDecoder(this, skipSpecialTokens, context);
    }

    /** Vocabulary size including added tokens (max id + 1), as {@code len(tokenizer)}. */
    public int vocabSize() {
        return vocab.size();
    }

    public OptionalInt tokenId(String token) {
        return vocab.id(token);
    }

    /** {@code tokenizer_config.json} bos_token, else the token of generation_config/config {@code bos_token_id}. */
    public OptionalInt bosId() {
        OptionalInt byName = config.bosToken().map(vocab::id).orElse(OptionalInt.empty());
        return byName.isPresent() ? byName : config.bosTokenId();
    }

    /**
     * Every id that ends generation: generation_config.json {@code eos_token_id} (int or list), config.json
     * {@code eos_token_id}, and tokenizer_config.json {@code eos_token}, in that order.
     */
    public Set<Integer> eosIds() {
        Set<Integer> ids = new LinkedHashSet<>(config.eosTokenIds());
        config.eosToken().map(vocab::id).ifPresent(id -> id.ifPresent(ids::add));
        return Collections.unmodifiableSet(ids);
    }

    /** The BOS token string for chat templates ({@code ""} when the model has none). */
    public String bosToken() {
        return config.bosToken().or(() -> {
            OptionalInt id = config.bosTokenId();
            return id.isPresent() ? vocab.token(id.getAsInt()) : Optional.empty();
        }).orElse("");
    }

    /** The EOS token string for chat templates ({@code ""} when the model has none). */
    public String eosToken() {
        return config.eosToken().or(() -> config.eosTokenIds().isEmpty()
                ? Optional.empty() : vocab.token(config.eosTokenIds().getFirst())).orElse("");
    }

    public TokenizerConfig config() {
        return config;
    }

    @Override
    public void close() {
        hf.close();
    }

    private Encoding encoding(String text, boolean addSpecialTokens) {
        return hf.encode(text, addSpecialTokens, false);
    }

    private static int[] toInts(long[] ids) {
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
        }
        return out;
    }

    private static long[] toLongs(int[] ids, int from, int to) {
        long[] out = new long[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = ids[i];
        }
        return out;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    @Override
    public String toString() {
        return "Tokenizer[vocab=" + vocab.size() + ", bos=" + bosId() + ", eos=" + eosIds() + "]";
    }
}
