package io.hone.core.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hone.core.HoneException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads a small JSON file (a model folder's configs, fixtures, an adapter's config), turning every failure into one
 * {@link HoneException} line: {@code file: file not found}, {@code file: malformed JSON at line L, column C: why},
 * {@code file: empty file, expected JSON}, {@code file: cannot read (why)}.
 */
public final class JsonFile {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonFile() {}

    public static JsonNode read(Path file) {
        return readOptional(file).orElseThrow(() -> new HoneException(file + ": file not found"));
    }

    /** The parsed file, or empty when it does not exist. */
    public static Optional<JsonNode> readOptional(Path file) {
        if (!Files.isRegularFile(file)) return Optional.empty();
        try {
            JsonNode node = MAPPER.readTree(file.toFile());
            if (node == null || node.isMissingNode()) throw new HoneException(file + ": empty file, expected JSON");
            return Optional.of(node);
        } catch (JsonProcessingException e) {
            throw malformed(file.toString(), e);
        } catch (IOException e) {
            throw new HoneException(file + ": cannot read (" + SafetensorsHeader.oneLine(e.getMessage()) + ")", e);
        }
    }

    /** {@code where: malformed JSON at line L, column C: why}. */
    public static HoneException malformed(String where, JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String pos = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return new HoneException(where + ": malformed JSON" + pos + ": " + SafetensorsHeader.oneLine(e.getOriginalMessage()), e);
    }
}
