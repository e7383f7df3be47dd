package io.hone.rag.ingest;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** PDF via PDFBox 3: one document per page (so citations name the page), titled by the PDF's title or file name. */
public final class PdfLoader implements DocumentLoader {
    @Override
    public List<Document> load(Path file, String name, Consumer<String> notes) throws IOException {
        try (PDDocument pdf = Loader.loadPDF(file.toFile())) {
            String title = pdf.getDocumentInformation() == null ? null : pdf.getDocumentInformation().getTitle();
            if (title == null || title.isBlank()) title = Loaders.stem(file);
            var stripper = new PDFTextStripper();
            stripper.setParagraphStart("\n");
            List<Document> pages = new ArrayList<>();
            int n = pdf.getNumberOfPages();
            for (int p = 1; p <= n; p++) {
                stripper.setStartPage(p);
                stripper.setEndPage(p);
                String text = stripper.getText(pdf);
                if (!text.isBlank()) pages.add(new Document(name + "#page=" + p, title.strip(), text, name, p));
            }
            if (pages.isEmpty()) notes.accept("no extractable text (scanned images?)");
            return pages;
        } catch (InvalidPasswordException e) {
            throw new IOException("encrypted PDF (needs a password)", e);
        } catch (IOException e) {
            throw new IOException("unreadable PDF: " + e.getMessage(), e);
        }
    }
}
