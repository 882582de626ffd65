package io.rethinkmigrate.engine.plan;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rethinkmigrate.archive.ArchiveReader;
import io.rethinkmigrate.archive.meta.Manifest;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.error.MigrateException;
import java.io.IOException;

/**
 * What a part archive says about itself (its manifest's {@code part} record): the plan, its number and
 * how many parts the plan has. {@code planId} is null for an archive that is not a part (a whole dump, an
 * archive of the official tool).
 *
 * @param name the archive, as the user named it
 */
public record PartLabel(String name, String planId, int part, int parts) {

    /** The label of an archive, read from its manifest (the whole archive is read once, as a restore does first). */
    public static PartLabel of(String name, ArchiveReader reader) throws IOException {
        if (reader.catalog().isEmpty()) {
            throw new MigrateException(ErrorKind.USAGE, name + ": parts are restored from files, not from a stream");
        }
        Manifest manifest = reader.metadata().manifest();
        ObjectNode part = manifest == null ? null : manifest.part();
        if (part == null || !part.path("plan_id").isTextual()) {
            return new PartLabel(name, null, -1, 0);
        }
        return new PartLabel(name, part.get("plan_id").asText(), part.path("part").asInt(-1), part.path("parts").asInt(0));
    }
}
