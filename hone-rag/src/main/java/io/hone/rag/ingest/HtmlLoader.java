package io.hone.rag.ingest;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeVisitor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** HTML via jsoup: the page title, and the body's text with block elements as paragraphs (scripts, styles, navigation dropped). */
public final class HtmlLoader implements DocumentLoader {
    @Override
    public List<Document> load(Path file, String name, Consumer<String> notes) throws IOException {
        String html = TextDecoding.read(file, notes);
        var doc = Jsoup.parse(html);
        doc.select("script, style, noscript, nav, header > nav, footer nav, template").remove();
        String title = doc.title().isBlank() ? Loaders.stem(file) : doc.title().strip();
        StringBuilder sb = new StringBuilder();
        doc.body().traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode t) sb.append(t.text());
                else if (node instanceof Element e && e.nameIs("br")) sb.append('\n');
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element e && e.isBlock()) sb.append("\n\n");
            }
        });
        return List.of(new Document(name, title, sb.toString(), name, 0));
    }
}
