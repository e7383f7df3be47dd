package io.hone.rag.ingest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Reads one file into documents. A file that cannot be used throws {@link UnusableFile} with the reason. */
public interface DocumentLoader {
    /**
     * @param file  the file to read
     * @param name  how the file is named in results (its path relative to the folder being indexed)
     * @param notes receives remarks that do not stop the file being indexed (e.g. a charset fallback)
     */
    List<Document> load(Path file, String name, java.util.function.Consumer<String> notes) throws IOException;

    final class UnusableFile extends Exception {
        public UnusableFile(String reason) {
            super(reason);
        }
    }
}
