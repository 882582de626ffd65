package io.rethinkmigrate.archive.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import io.rethinkmigrate.archive.ArchiveException;
import io.rethinkmigrate.archive.DocumentReader;
import io.rethinkmigrate.error.ErrorKind;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.json.RawJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Function;

/**
 * The Jackson parse + generate reading of data members that {@link MemberDocuments} used before
 * {@link JsonDocumentScanner} replaced it, kept unchanged as the reference of the differential test
 * (and of the reading benchmark): the same documents, the same errors.
 */
final class JacksonMemberDocuments implements DocumentReader, AutoCloseable {
    private static final int SHRINK_ABOVE = 1 << 20;

    private final InputStream in;
    private final String label;
    private final Function<IOException, ArchiveException> ioFailure;
    private final String primaryKey;
    private JsonParser parser;
    private boolean array;
    private boolean finished;
    private boolean closed;
    private ByteArrayOutputStream buf = new ByteArrayOutputStream(4096);
    private JsonGenerator gen;
    private long count;

    /**
     * @param label     what error messages name: "&lt;archive&gt;: &lt;member&gt;"
     * @param ioFailure turns a read failure of the underlying archive into the archive's error
     */
    JacksonMemberDocuments(InputStream in, String label, Function<IOException, ArchiveException> ioFailure) {
        this(in, label, ioFailure, null);
    }

    /** @param primaryKey every document must have this top-level field; null: no check (import files) */
    JacksonMemberDocuments(InputStream in, String label, Function<IOException, ArchiveException> ioFailure,
                    String primaryKey) {
        this.in = new SourceInput(in);
        this.label = label;
        this.ioFailure = ioFailure;
        this.primaryKey = primaryKey;
    }

    @Override
    public RawJson next() throws IOException {
        if (closed) {
            throw new IllegalStateException("documents of " + label + " read after the table was visited");
        }
        if (finished) {
            return null;
        }
        try {
            JsonToken t;
            if (parser == null) {
                parser = Json.factory().createParser(in);
                t = parser.nextToken();
                if (t == JsonToken.START_ARRAY) {
                    array = true;
                    t = parser.nextToken();
                } else if (t == JsonToken.START_OBJECT) {
                    array = false;
                } else if (t == null) {
                    throw fail("empty data member (expected a JSON array or objects)");
                } else {
                    throw fail("expected a JSON array or objects, found " + describe(t));
                }
            } else {
                t = parser.nextToken();
            }
            if (array) {
                if (t == JsonToken.END_ARRAY) {
                    JsonToken after = parser.nextToken();
                    if (after != null) {
                        throw fail("data after the end of the array");
                    }
                    finished = true;
                    return null;
                }
                if (t == null) {
                    throw fail("unexpected end of data (unclosed array)");
                }
                if (t != JsonToken.START_OBJECT) {
                    throw fail("array element is not an object but " + describe(t));
                }
            } else {
                if (t == null) {
                    finished = true;
                    return null;
                }
                if (t != JsonToken.START_OBJECT) {
                    throw fail("expected an object, found " + describe(t));
                }
            }
            if (gen == null || buf.size() > SHRINK_ABOVE) {
                buf = new ByteArrayOutputStream(4096);
                gen = JsonCopy.compactGenerator(buf);
            } else {
                buf.reset();
            }
            long startLine = line();
            boolean hasKey = copyObject();
            gen.flush();
            if (primaryKey != null && !hasKey) {
                throw new ArchiveException(ErrorKind.ARCHIVE_INCONSISTENT, label + " line " + startLine
                        + ": document has no primary key `" + primaryKey + "` (the table's .info declares it)");
            }
            count++;
            return RawJson.of(buf.toByteArray());
        } catch (StreamReadException e) {
            long line = e.getLocation() != null ? e.getLocation().getLineNr() : line();
            throw new ArchiveException(ErrorKind.ARCHIVE_BAD_DATA,
                    label + " line " + line + ": invalid JSON: " + MemberDocuments.oneLine(e.getOriginalMessage()), e);
        } catch (ArchiveException e) {
            throw e;
        } catch (SourceFailure e) {
            throw ioFailure.apply(e.failure());
        } catch (java.io.EOFException e) {
            throw fail("unexpected end of data");
        } catch (IOException e) {
            throw ioFailure.apply(e);
        }
    }

    /**
     * Copies the object the parser is on, field by field at the top level (to see the primary key),
     * the values token by token. Returns whether the primary key was among the fields.
     */
    private boolean copyObject() throws IOException {
        boolean hasKey = false;
        gen.writeStartObject();
        JsonToken t;
        while ((t = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            if (name.equals(primaryKey)) {
                hasKey = true;
            }
            gen.writeFieldName(name);
            parser.nextToken();
            JsonCopy.copyValue(parser, gen, true);
        }
        if (t != JsonToken.END_OBJECT) {
            throw new java.io.EOFException("unexpected end of JSON input");
        }
        gen.writeEndObject();
        return hasKey;
    }

    /** Documents returned so far. */
    long count() {
        return count;
    }

    @Override
    public String position() {
        return label + " line " + line();
    }

    private long line() {
        return parser == null ? 1 : parser.currentLocation().getLineNr();
    }

    private ArchiveException fail(String problem) {
        return new ArchiveException(ErrorKind.ARCHIVE_BAD_DATA, position() + ": " + problem);
    }

    private static String describe(JsonToken t) {
        return switch (t) {
            case START_ARRAY -> "an array";
            case END_ARRAY -> "']'";
            case END_OBJECT -> "'}'";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.toString();
        };
    }

    /** A read failure of the archive under the JSON (truncated, corrupt), told apart from the JSON ending early. */
    private static final class SourceFailure extends IOException {
        private static final long serialVersionUID = 1L;

        SourceFailure(IOException cause) {
            super(cause);
        }

        IOException failure() {
            return (IOException) getCause();
        }
    }

    private static final class SourceInput extends java.io.FilterInputStream {
        SourceInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return in.read();
            } catch (IOException e) {
                throw new SourceFailure(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (IOException e) {
                throw new SourceFailure(e);
            }
        }

    }


    @Override
    public void close() {
        closed = true;
        try {
            if (parser != null) {
                parser.close();
            }
        } catch (IOException e) {
            // the underlying stream is closed by its owner
        }
    }
}
