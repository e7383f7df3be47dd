package io.hone.rag.ingest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** Plain text: the whole file is one document titled by its file name. */
public final class TextLoader implements DocumentLoader {
    @Override
    public List<Document> load(Path file, String name, Consumer<String> notes) throws IOException {
        return List.of(new Document(name, Loaders.stem(file), TextDecoding.read(file, notes), name, 0));
    }
}
