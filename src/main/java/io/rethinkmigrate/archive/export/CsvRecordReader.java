package io.rethinkmigrate.archive.export;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 records: fields separated by the delimiter, records by CRLF, LF or CR; a field in double
 * quotes may hold the delimiter, line breaks and doubled quotes. Lenient like Python's csv module: a
 * quote inside an unquoted field is kept as text, text after a closing quote is appended. Blank lines
 * are skipped.
 */
public final class CsvRecordReader {
    private final Reader in;
    private final char delimiter;
    private long line = 1;
    private long recordLine = 1;
    private int pushback = -2;

    public CsvRecordReader(Reader in, char delimiter) {
        if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
            throw new IllegalArgumentException("the CSV delimiter cannot be a quote or a line break");
        }
        this.in = in;
        this.delimiter = delimiter;
    }

    /** The line where the record last returned by {@link #next()} starts (1-based). */
    public long recordLine() {
        return recordLine;
    }

    /** The next record's fields, or null at the end of the input. Throws CsvFormatException on an unclosed quote. */
    public List<String> next() throws IOException {
        int c = skipBlankLines();
        if (c < 0) {
            return null;
        }
        recordLine = line;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean fieldStart = true;
        while (true) {
            if (c < 0 || c == '\n' || c == '\r') {
                if (c >= 0) {
                    endOfLine(c);
                }
                fields.add(field.toString());
                return fields;
            } else if (c == delimiter) {
                fields.add(field.toString());
                field.setLength(0);
                fieldStart = true;
                c = read();
                continue;
            } else if (c == '"' && fieldStart) {
                // only a quote that opens a field quotes it; elsewhere it is text, as in Python's csv module
                c = quoted(field);
            } else {
                field.append((char) c);
                c = read();
            }
            fieldStart = false;
        }
    }

    /** Skips blank lines (they hold no record); returns the first character of the next line, -1 at the end. */
    private int skipBlankLines() throws IOException {
        int c;
        do {
            c = read();
            if (c == '\r' || c == '\n') {
                endOfLine(c);
            }
        } while (c == '\r' || c == '\n');
        return c;
    }

    /**
     * Appends the rest of a quoted field, whose opening quote was just read, to {@code field} (a doubled quote
     * as one, line breaks as they are, counted for the line numbers); returns the character after the closing
     * quote, which the caller reads as unquoted text.
     */
    private int quoted(StringBuilder field) throws IOException {
        while (true) {
            int c = read();
            if (c < 0) {
                throw new CsvFormatException("line " + recordLine + ": unclosed quote (the field runs to the end of the file)");
            }
            if (c == '"') {
                int d = read();
                if (d != '"') {
                    return d;
                }
                field.append('"');
                continue;
            }
            field.append((char) c);
            if (c == '\n') {
                line++;
            } else if (c == '\r') {
                line++;
                int d = read();
                if (d == '\n') {
                    field.append('\n');
                } else {
                    pushback = d;
                }
            }
        }
    }

    private void endOfLine(int c) throws IOException {
        line++;
        if (c == '\r') {
            int d = read();
            if (d != '\n') {
                pushback = d;
            }
        }
    }

    private int read() throws IOException {
        if (pushback != -2) {
            int c = pushback;
            pushback = -2;
            return c;
        }
        return in.read();
    }

    /** Malformed CSV that cannot be read past. */
    public static final class CsvFormatException extends IOException {
        public CsvFormatException(String message) {
            super(message);
        }
    }
}
