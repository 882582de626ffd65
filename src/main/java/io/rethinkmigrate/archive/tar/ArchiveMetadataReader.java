package io.rethinkmigrate.archive.tar;

import io.rethinkmigrate.archive.ArchiveException;
import io.rethinkmigrate.archive.DocumentReader;
import io.rethinkmigrate.archive.json.MemberDocuments;
import io.rethinkmigrate.archive.meta.ArchiveMetadata;
import io.rethinkmigrate.archive.meta.Manifest;
import io.rethinkmigrate.archive.meta.MetadataMembers;
import io.rethinkmigrate.archive.meta.TableEntry;
import io.rethinkmigrate.archive.meta.TableInfo;
import io.rethinkmigrate.archive.meta.TableSettings;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.json.RawJson;
import io.rethinkmigrate.model.TableId;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metadata side of reading an archive of ours, kept out of the official reader: collects the
 * {@code .config}/{@code .dbconfig} members it is offered into an {@link ArchiveMetadata}, attaches each
 * table's settings to its entry, and checks each data member against the manifest (SHA-256 and size of
 * the uncompressed member, document count), as soon as both are known: at once for a file (its manifest
 * was read by the catalog pass), at the end for a stream (its manifest is the last member).
 */
final class ArchiveMetadataReader {
    /** Cluster metadata and manifest of a big cluster are larger than one table's; still bounded. */
    static final long MAX_MEMBER_SIZE = 64L * 1024 * 1024;

    private final String source;
    private final ArchiveMetadata metadata = new ArchiveMetadata();
    /** Data members read, by table, with what they held, waiting for a manifest to check them against. */
    private final Map<TableId, Digest> unchecked = new LinkedHashMap<>();
    private final Map<TableId, Digest> checked = new LinkedHashMap<>();

    ArchiveMetadataReader(String source) {
        this.source = source;
    }

    ArchiveMetadata metadata() {
        return metadata;
    }

    /**
     * A member the official rules ignore: read it when it is one of ours. {@code path} has no leading
     * {@code ./}; {@code name} is the member's name as written, for messages.
     */
    void offer(String name, String path, long size, InputStream in) throws IOException {
        MetadataMembers.Kind kind = MetadataMembers.kind(path);
        if (kind == null) {
            return;
        }
        if (size > MAX_MEMBER_SIZE) {
            throw new ArchiveException(source + ": member " + name + " is too big for metadata (" + size + " bytes)");
        }
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        try {
            switch (kind) {
                case TABLE -> metadata.putTable(MetadataMembers.tableOf(path), TableSettings.parse(text));
                case DATABASE -> metadata.putDatabase(MetadataMembers.databaseOf(path), Json.parse(text));
                case CLUSTER -> metadata.setCluster(Json.parseObject(text, "member"));
                case MANIFEST -> metadata.setManifest(Manifest.parse(text));
                default -> throw new IllegalStateException(kind.toString());
            }
        } catch (RuntimeException e) {
            // another tool's file with one of our extensions, or damaged metadata: the official rules
            // ignore it, and so do we, saying so (the data members are checked against the manifest)
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String why = cause instanceof com.fasterxml.jackson.core.JacksonException j ? j.getOriginalMessage() : cause.getMessage();
            metadata.addIgnored(source + ": member " + name + " is not valid metadata, ignored ("
                    + MemberDocuments.oneLine(why) + ")");
        }
    }

    /** The table's entry with its settings, when the archive has them. */
    TableEntry entry(TableId id, TableInfo info) {
        return new TableEntry(id, info, metadata.tableSettings(id));
    }

    /** Starts checking a data member: read it through {@link Check#input()}, then call {@link Check#finish()}. */
    Check check(TableEntry entry, String member, InputStream data) {
        return new Check(entry, member, data);
    }

    /** At the end of a complete read: what waited for the manifest, and tables it lists that never came. */
    void finishRead() {
        Manifest manifest = metadata.manifest();
        if (manifest == null) {
            return;
        }
        for (Map.Entry<TableId, Digest> e : unchecked.entrySet()) {
            verify(manifest, e.getKey(), e.getValue());
        }
        unchecked.clear();
        for (Manifest.Table listed : manifest.tables().values()) {
            if (!checked.containsKey(listed.id())) {
                throw inconsistent("the manifest lists " + listed.id() + " (" + listed.member()
                        + "), but the archive has no data member for it");
            }
        }
    }

    private void verify(Manifest manifest, TableId id, Digest d) {
        checked.put(id, d);
        Manifest.Table listed = manifest.tables().get(id);
        if (listed == null) {
            throw inconsistent("member " + d.member() + " is not listed in the manifest");
        }
        if (listed.sha256() == null || !listed.sha256().equalsIgnoreCase(d.sha256()) || listed.bytes() != d.bytes()) {
            throw inconsistent("member " + d.member() + " does not match the manifest (SHA-256 " + d.sha256() + ", "
                    + d.bytes() + " bytes; the manifest says " + listed.sha256() + ", " + listed.bytes() + " bytes)");
        }
        if (d.documents() >= 0 && listed.documents() != d.documents()) {
            throw inconsistent("member " + d.member() + " holds " + d.documents() + " documents, the manifest says "
                    + listed.documents());
        }
    }

    private ArchiveException inconsistent(String what) {
        return new ArchiveException(ErrorKind.ARCHIVE_INCONSISTENT, source + ": " + what);
    }

    private record Digest(String member, String sha256, long bytes, long documents) {
    }

    /** One data member being read: its bytes are hashed below any buffering, its documents counted. */
    final class Check {
        private final TableEntry entry;
        private final String member;
        private final Hashing input;
        private final MessageDigest digest = sha256();
        private long bytes;
        private long documents;
        private boolean complete;

        private Check(TableEntry entry, String member, InputStream data) {
            this.entry = entry;
            this.member = member;
            this.input = new Hashing(data);
        }

        InputStream input() {
            return input;
        }

        /** The visitor's documents, counted (a count is compared only when read to the end). */
        DocumentReader documents(DocumentReader inner) {
            return new DocumentReader() {
                @Override
                public RawJson next() throws IOException {
                    RawJson doc = inner.next();
                    if (doc == null) {
                        complete = true;
                    } else {
                        documents++;
                    }
                    return doc;
                }

                @Override
                public String position() {
                    return inner.position();
                }
            };
        }

        /** After the visitor: hashes what it left unread, then checks against the manifest if it is known. */
        void finish() throws IOException {
            byte[] skip = new byte[64 * 1024];
            while (input.read(skip) >= 0) {
                // the rest of the member, hashed
            }
            Digest d = new Digest(member, HexFormat.of().formatHex(digest.digest()), bytes,
                    complete ? documents : -1);
            Manifest manifest = metadata.manifest();
            if (manifest == null) {
                unchecked.put(entry.table(), d);
            } else {
                verify(manifest, entry.table(), d);
            }
        }

        /** Hashes and counts every byte read. */
        private final class Hashing extends WatchedInputStream {
            Hashing(InputStream in) {
                super(in);
            }

            @Override
            void seen(byte[] b, int off, int n) {
                bytes += n;
                digest.update(b, off, n);
            }
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
