package io.hone.cli.rag;

import io.hone.rag.retrieve.Hit;

final class Sources {
    private Sources() {
    }

    static String label(Hit h) {
        return "(" + h.source() + (h.page() > 0 ? ", p. " + h.page() : "") + ")";
    }

    static String snippet(String text, int max) {
        String s = text.replaceAll("\\s+", " ").strip();
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }
}
