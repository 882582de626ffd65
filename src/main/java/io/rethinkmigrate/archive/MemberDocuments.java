package io.rethinkmigrate.archive;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.json.RawJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Function;

/**
 * The documents of one data member, parsed incrementally: a JSON array of objects (the official form)
 * or objects one after the other (NDJSON / concatenated), decided by the first non-blank character as
 * the official importer does. Each document is re-generated as compact JSON, numbers as their exact
 * text, non-ASCII as raw UTF-8. Memory is bounded by one document.
 */
final class MemberDocuments implements DocumentReader, AutoCloseable {
    private static final int SHRINK_ABOVE = 1 << 20;

    private final InputStream in;
    private final String label;
    private final Function<IOException, ArchiveException> ioFailure;
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
    MemberDocuments(InputStream in, String label, Function<IOException, ArchiveException> ioFailure) {
        this.in = in;
        this.label = label;
        this.ioFailure = ioFailure;
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
            JsonCopy.copyValue(parser, gen, true);
            gen.flush();
            count++;
            return RawJson.of(buf.toByteArray());
        } catch (StreamReadException e) {
            long line = e.getLocation() != null ? e.getLocation().getLineNr() : line();
            throw new ArchiveException(label + " line " + line + ": invalid JSON: " + oneLine(e.getOriginalMessage()), e);
        } catch (ArchiveException e) {
            throw e;
        } catch (java.io.EOFException e) {
            throw fail("unexpected end of data");
        } catch (IOException e) {
            throw ioFailure.apply(e);
        }
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
        return new ArchiveException(position() + ": " + problem);
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

    static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ');
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
