package io.hone.core.hub;

import io.hone.core.HoneException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Recomputes the id the Hub gives a file from its bytes: sha256 for LFS objects, the git blob sha1
 * ({@code sha1("blob <size>\0" + bytes)}) for files kept in git, so every downloaded byte is checked.
 */
final class BlobDigest {
    private BlobDigest() {}

    static String of(Path file, boolean lfs) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance(lfs ? "SHA-256" : "SHA-1");
            if (!lfs) md.update(("blob " + Files.size(file) + "\0").getBytes(StandardCharsets.US_ASCII));
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new HoneException(file + ": cannot read (" + e.getMessage() + ")", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
