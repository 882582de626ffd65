package io.rethinkmigrate.archive.tar;

import io.rethinkmigrate.archive.ArchiveException;
import io.rethinkmigrate.error.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarUtils;

/**
 * The tar reader with the checks commons-compress leaves out, made where the raw bytes are still at hand:
 * <ul>
 * <li>every header block must carry a matching checksum (the library does not verify it, so a corrupt
 * header would otherwise be read as whatever its bytes happen to say);</li>
 * <li>a PAX header or GNU long name is read whole into memory by the library: one declaring more than
 * {@link ArchiveLimits#MAX_TAR_METADATA_BYTES} is refused before it is read;</li>
 * <li>names must be UTF-8: the library replaces undecodable bytes with {@code ?}, so the raw header
 * (or long name) is checked instead.</li>
 * </ul>
 */
final class GuardedTarInput extends TarArchiveInputStream {
    private final String source;
    private final Supplier<String> where;
    private byte[] lastRecord;
    private boolean longNameNotUtf8;

    /** @param where the member read last, for messages */
    GuardedTarInput(InputStream in, String source, Supplier<String> where) {
        super(in, StandardCharsets.UTF_8.name());
        this.source = source;
        this.where = where;
    }

    @Override
    public TarArchiveEntry getNextEntry() throws IOException {
        longNameNotUtf8 = false;
        return super.getNextEntry();
    }

    @Override
    protected byte[] readRecord() throws IOException {
        byte[] record = super.readRecord();
        if (record != null && !allZero(record) && !TarUtils.verifyCheckSum(record)) {
            throw new ArchiveException(source + ": corrupt tar header after " + where.get()
                    + " (checksum mismatch)");
        }
        lastRecord = record;
        return record;
    }

    @Override
    protected byte[] getLongNameData() throws IOException {
        byte[] name = super.getLongNameData();
        if (name != null && !isUtf8(name, 0, name.length)) {
            longNameNotUtf8 = true;
        }
        return name;
    }

    @Override
    public int read(byte[] buf, int offset, int length) throws IOException {
        TarArchiveEntry e = getCurrentEntry();
        if (e != null && (e.isPaxHeader() || e.isGlobalPaxHeader() || e.isGNULongNameEntry() || e.isGNULongLinkEntry())
                && e.getSize() > ArchiveLimits.MAX_TAR_METADATA_BYTES) {
            throw new ArchiveException(ErrorKind.ARCHIVE_TOO_LARGE, source + ": a tar extended header (PAX or long name)"
                    + " after " + where.get() + " declares " + e.getSize() + " bytes, more than the "
                    + ArchiveLimits.MAX_TAR_METADATA_BYTES + " allowed for member metadata");
        }
        return super.read(buf, offset, length);
    }

    /**
     * Whether the current entry's name was stored as UTF-8: a GNU long name, or the header's name and
     * ustar prefix fields (a name from a PAX record is decoded by the library, which leaves U+FFFD for
     * bad bytes: {@link MemberPolicy} looks for that).
     */
    boolean nameIsUtf8() {
        if (longNameNotUtf8) {
            return false;
        }
        if (lastRecord == null) {
            return true;
        }
        boolean ustar = lastRecord[257] == 'u' && lastRecord[258] == 's' && lastRecord[259] == 't'
                && lastRecord[260] == 'a' && lastRecord[261] == 'r' && lastRecord[262] == 0;
        return isUtf8(lastRecord, 0, fieldLength(lastRecord, 0, 100))
                && (!ustar || isUtf8(lastRecord, 345, fieldLength(lastRecord, 345, 155)));
    }

    private static int fieldLength(byte[] b, int off, int max) {
        int n = 0;
        while (n < max && b[off + n] != 0) {
            n++;
        }
        return n;
    }

    private static boolean isUtf8(byte[] b, int off, int len) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, off, len));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
