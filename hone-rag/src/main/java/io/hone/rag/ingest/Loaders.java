package io.hone.rag.ingest;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Which loader reads which file, by extension. */
public final class Loaders {
    private static final Map<String, DocumentLoader> BY_EXTENSION = Map.of(
            "txt", new TextLoader(), "md", new MarkdownLoader(), "markdown", new MarkdownLoader(),
            "html", new HtmlLoader(), "htm", new HtmlLoader(), "pdf", new PdfLoader(), "jsonl", new JsonlLoader());

    public static final String SUPPORTED = ".txt, .md, .html, .pdf, .jsonl";

    private Loaders() {
    }

    public static Optional<DocumentLoader> forFile(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? Optional.empty() : Optional.ofNullable(BY_EXTENSION.get(n.substring(dot + 1).toLowerCase(Locale.ROOT)));
    }

    static String stem(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
