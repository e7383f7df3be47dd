package io.hone.improve.demo;

import io.hone.core.HoneException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The quickstart's base model, bundled as resources (a 0.77M-parameter Llama with a byte-level tokenizer that hone
 * pretrained on other catalogues: {@code quickstart/make-base-model.sh}).
 */
public final class BundledModel {
    static final String RESOURCE = "/quickstart/model/";
    static final List<String> FILES = List.of("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json");

    private BundledModel() {}

    /** Copies the bundled model into {@code dir} (a Hugging Face model folder) and returns it. */
    public static Path copyTo(Path dir) {
        try {
            Files.createDirectories(dir);
            for (String f : FILES) {
                try (InputStream in = BundledModel.class.getResourceAsStream(RESOURCE + f)) {
                    if (in == null) throw new HoneException("the bundled quickstart model is missing " + f + " (rebuild the jar, or give --model DIR)");
                    Files.copy(in, dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new HoneException(dir + ": cannot write the bundled model: " + e.getMessage(), e);
        }
        return dir;
    }
}
