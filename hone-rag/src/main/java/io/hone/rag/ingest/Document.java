package io.hone.rag.ingest;

/**
 * One loaded unit of text before chunking: a file, a PDF page, or a BEIR corpus line.
 * {@code id} is what retrieval results and qrels name; {@code source} is the file it came from.
 */
public record Document(String id, String title, String text, String source, int page) {
    public Document {
        title = title == null ? "" : title;
        text = text == null ? "" : text;
    }
}
