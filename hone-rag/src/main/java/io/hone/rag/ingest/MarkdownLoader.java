package io.hone.rag.ingest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/** Markdown: title from the first {@code # heading}; link and emphasis syntax dropped, paragraphs kept. */
public final class MarkdownLoader implements DocumentLoader {
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern IMAGE = Pattern.compile("!\\[([^\\]]*)]\\([^)]*\\)");
    private static final Pattern LINK = Pattern.compile("\\[([^\\]]*)]\\([^)]*\\)");
    private static final Pattern EMPHASIS = Pattern.compile("(\\*\\*|__|\\*|`)");
    private static final Pattern FENCE = Pattern.compile("(?m)^```.*$");

    @Override
    public List<Document> load(Path file, String name, Consumer<String> notes) throws IOException {
        String md = TextDecoding.read(file, notes);
        var m = HEADING.matcher(md);
        String title = m.find() ? m.group(1) : Loaders.stem(file);
        String text = FENCE.matcher(md).replaceAll("");
        // a heading is a paragraph of its own
        text = HEADING.matcher(text).replaceAll("\n$1\n");
        text = IMAGE.matcher(text).replaceAll("$1");
        text = LINK.matcher(text).replaceAll("$1");
        text = EMPHASIS.matcher(text).replaceAll("");
        return List.of(new Document(name, title, text, name, 0));
    }
}
