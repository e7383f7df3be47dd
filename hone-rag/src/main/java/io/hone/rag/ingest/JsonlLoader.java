package io.hone.rag.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A BEIR corpus: one JSON object per line, {@code {"_id", "title", "text"}} ({@code id} is accepted for {@code _id}). */
public final class JsonlLoader implements DocumentLoader {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public List<Document> load(Path file, String name, Consumer<String> notes) throws IOException {
        List<Document> docs = new ArrayList<>();
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT);
        int bad = 0;
        try (BufferedReader in = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file), decoder))) {
            String line;
            int lineNo = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) continue;
                String problem = null;
                try {
                    JsonNode n = JSON.readTree(line);
                    JsonNode id = n.has("_id") ? n.get("_id") : n.get("id");
                    if (id == null || id.isNull()) problem = "no \"_id\"";
                    else if (!n.hasNonNull("text")) problem = "no \"text\"";
                    else docs.add(new Document(id.asText(), n.path("title").asText(""), n.get("text").asText(), name, 0));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    problem = "not JSON: " + e.getOriginalMessage();
                }
                if (problem != null && bad++ < 5) notes.accept("line " + lineNo + ": " + problem + " (line skipped)");
            }
        } catch (CharacterCodingException e) {
            throw new IOException("not valid UTF-8", e);
        }
        if (bad > 5) notes.accept((bad - 5) + " more bad lines skipped");
        return docs;
    }
}
