package io.hone.rag.ingest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Bytes → text for plain-text formats: refuses binary content, falls back from UTF-8 to windows-1252. */
final class TextDecoding {
    private static final Charset FALLBACK = Charset.forName("windows-1252");

    private TextDecoding() {
    }

    /** A text file's content; an unusable one (binary) is an IOException with the reason. */
    static String read(Path file, Consumer<String> notes) throws IOException {
        try {
            return decode(Files.readAllBytes(file), notes);
        } catch (DocumentLoader.UnusableFile e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    static String decode(byte[] bytes, Consumer<String> notes) throws DocumentLoader.UnusableFile {
        int probe = Math.min(bytes.length, 8192);
        int control = 0;
        for (int i = 0; i < probe; i++) {
            int b = bytes[i] & 0xff;
            if (b == 0) throw new DocumentLoader.UnusableFile("binary content (NUL byte at offset " + i + "), not text");
            if (b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f') control++;
        }
        if (probe > 0 && control * 10 > probe) throw new DocumentLoader.UnusableFile("binary content (control bytes), not text");
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            return s.startsWith("\uFEFF") ? s.substring(1) : s;
        } catch (CharacterCodingException e) {
            notes.accept("not valid UTF-8; read as windows-1252");
            return new String(bytes, FALLBACK);
        }
    }
}
