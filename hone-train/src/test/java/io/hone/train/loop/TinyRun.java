package io.hone.train.loop;

import io.hone.core.model.ModelConfig;
import io.hone.core.model.RandomModel;
import io.hone.core.model.RopeScaling;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** A tiny random Llama with the character-level test tokenizer, and a small learnable task, on disk. */
final class TinyRun {
    private TinyRun() {}

    static final ModelConfig CONFIG = new ModelConfig("llama", 100, 64, 128, 2, 4, 2, 16, 1e-5, RopeScaling.plain(10000), 256,
            true, false, false, false, 0, 1, List.of(2), "float32");

    static Path model(Path dir, long seed) throws Exception {
        RandomModel.write(CONFIG, dir, seed);
        Path tok = Path.of(TinyRun.class.getResource("/char-tokenizer").toURI());
        for (String f : List.of("tokenizer.json", "tokenizer_config.json")) {
            Files.copy(tok.resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        return dir;
    }

    /** {"prompt": "abcd>", "completion": "ABCD"}: copy four letters upper-cased. */
    static Path upperTask(Path file, int n, long seed) throws Exception {
        var rnd = new SplittableRandom(seed);
        var lines = new ArrayList<String>();
        for (int i = 0; i < n; i++) {
            String w = word(rnd);
            lines.add("{\"prompt\": \"" + w + ">\", \"completion\": \"" + w.toUpperCase() + "\"}");
        }
        Files.write(file, lines);
        return file;
    }

    static String word(SplittableRandom rnd) {
        var s = new StringBuilder();
        for (int k = 0; k < 4; k++) s.append((char) ('a' + rnd.nextInt(8)));
        return s.toString();
    }
}
