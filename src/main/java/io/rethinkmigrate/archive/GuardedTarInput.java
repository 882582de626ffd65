package io.rethinkmigrate.archive;

import io.rethinkmigrate.error.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * The tar reader, refusing to read into memory a PAX header or GNU long name bigger than
 * {@link ArchiveLimits#MAX_TAR_METADATA_BYTES}: commons-compress reads those whole, so a hostile header
 * declaring gigabytes would otherwise fill the heap before any member is returned. The library reads
 * them through {@link #read(byte[], int, int)} while the header itself is the current entry.
 */
final class GuardedTarInput extends TarArchiveInputStream {
    private final String source;

    GuardedTarInput(InputStream in, String source) {
        super(in, StandardCharsets.UTF_8.name());
        this.source = source;
    }

    @Override
    public int read(byte[] buf, int offset, int length) throws IOException {
        TarArchiveEntry e = getCurrentEntry();
        if (e != null && (e.isPaxHeader() || e.isGlobalPaxHeader() || e.isGNULongNameEntry() || e.isGNULongLinkEntry())
                && e.getSize() > ArchiveLimits.MAX_TAR_METADATA_BYTES) {
            throw new ArchiveException(ErrorKind.ARCHIVE_TOO_LARGE, source + ": a tar extended header (PAX or long name)"
                    + " declares " + e.getSize() + " bytes, more than the " + ArchiveLimits.MAX_TAR_METADATA_BYTES
                    + " allowed for member metadata");
        }
        return super.read(buf, offset, length);
    }
}
