package io.rethinkmigrate.archive.tar;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/** Passes bytes through and hashes them: the manifest's checksum of an uncompressed data member. */
final class Sha256OutputStream extends FilterOutputStream {
    private final MessageDigest digest = ArchiveMetadataReader.sha256();

    Sha256OutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        digest.update((byte) b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        digest.update(b, off, len);
    }

    /** Lower-case hex of what passed through (once, at the end). */
    String hex() {
        return HexFormat.of().formatHex(digest.digest());
    }
}
