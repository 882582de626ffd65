package io.rethinkmigrate.archive.tar;

import io.rethinkmigrate.archive.ArchiveException;
import io.rethinkmigrate.archive.json.MemberDocuments;
import io.rethinkmigrate.error.ErrorKind;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * What the reader lets through, member by member, before looking at the layout: every member (also the
 * ones it would ignore) must be a plain file or a directory with a relative UTF-8 name that stays inside
 * the archive, and declare a size within the {@link ArchiveLimits}. Nothing is ever extracted to disk
 * by name, but an archive holding links, devices or escaping names was not written by a dump tool, so
 * it is refused rather than half-trusted. One instance per pass over the archive (it sums the sizes).
 */
final class MemberPolicy {
    private final String source;
    private final ArchiveLimits limits;
    private final long archiveBytes;
    private long declaredTotal;

    /** @param archiveBytes size of the compressed archive when it is a file, -1 for a stream */
    MemberPolicy(String source, ArchiveLimits limits, long archiveBytes) {
        this.source = source;
        this.limits = limits;
        this.archiveBytes = archiveBytes;
    }

    /**
     * Refuses a member that is unsafe or too large; returns true for a plain file (to be matched against
     * the layout), false for a directory (ignored).
     */
    boolean admit(TarArchiveEntry e, boolean nameIsUtf8) {
        String name = e.getName();
        if (!nameIsUtf8) {
            throw unsafe(name, "has a name that is not valid UTF-8 (shown with ?)");
        }
        checkName(name);
        if (e.isDirectory()) {
            return false;
        }
        String type = unsafeType(e);
        if (type != null) {
            throw unsafe(name, type);
        }
        checkSize(name, e.getSize());
        return true;
    }

    private void checkName(String name) {
        if (name.indexOf('\uFFFD') >= 0) {
            throw unsafe(name, "has a name that is not valid UTF-8 (shown with \uFFFD)");
        }
        if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw unsafe(name, "has control characters in its name");
        }
        String relative = name;
        while (relative.startsWith("./")) {
            relative = relative.substring(2);
        }
        if (name.startsWith("/") || relative.matches("^[A-Za-z]:.*") || name.contains("\\")) {
            throw unsafe(name, "has an absolute path");
        }
        for (String part : relative.split("/", -1)) {
            if (part.equals("..")) {
                throw unsafe(name, "escapes the archive with '..'");
            }
        }
    }

    /** Why the member is not a plain file, or null when it is one. */
    private static String unsafeType(TarArchiveEntry e) {
        if (e.isSymbolicLink()) {
            return "is a symbolic link (to " + MemberDocuments.printable(e.getLinkName()) + ")";
        }
        if (e.isLink()) {
            return "is a hard link (to " + MemberDocuments.printable(e.getLinkName()) + ")";
        }
        if (e.isCharacterDevice() || e.isBlockDevice()) {
            return "is a device file";
        }
        if (e.isFIFO()) {
            return "is a FIFO";
        }
        if (e.isSparse()) {
            return "is a sparse file";
        }
        if (!e.isFile() || e.isPaxHeader() || e.isGlobalPaxHeader() || e.isGNULongNameEntry()
                || e.isGNULongLinkEntry()) {
            return "is not a plain file (tar type '" + typeOf(e) + "')";
        }
        return null;
    }

    private static String typeOf(TarArchiveEntry e) {
        // the type flag is not exposed; the entry's mode bits say enough for the message
        return "mode " + Integer.toOctalString(e.getMode());
    }

    private void checkSize(String name, long size) {
        if (size < 0) {
            throw new ArchiveException(source + ": member " + MemberDocuments.printable(name)
                    + " declares a negative size (" + size + ")");
        }
        if (size > limits.maxUncompressedBytes()) {
            throw tooLarge(name, "declares " + size + " bytes, more than --max-uncompressed-bytes "
                    + limits.maxUncompressedBytes());
        }
        long ratio = limits.maxCompressionRatio();
        if (archiveBytes >= 0 && ratio > 0 && size / ratio > archiveBytes) {
            throw tooLarge(name, "declares " + size + " bytes, more than this " + archiveBytes
                    + "-byte archive can hold at --max-compression-ratio " + ratio);
        }
        declaredTotal += size;
        if (declaredTotal > limits.maxUncompressedBytes()) {
            throw tooLarge(name, "brings the sizes the archive declares to " + declaredTotal
                    + " bytes, more than --max-uncompressed-bytes " + limits.maxUncompressedBytes());
        }
    }

    private ArchiveException unsafe(String name, String why) {
        return new ArchiveException(ErrorKind.ARCHIVE_UNSAFE, source + ": member " + MemberDocuments.printable(name)
                + " " + why + ": refused (an archive holds only plain files under one top directory)");
    }

    private ArchiveException tooLarge(String name, String why) {
        return new ArchiveException(ErrorKind.ARCHIVE_TOO_LARGE, source + ": member " + MemberDocuments.printable(name)
                + " " + why);
    }
}
