package io.rethinkmigrate.archive.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 4180 records. */
class CsvRecordReaderTest {

    private static List<List<String>> all(String text, char delimiter) throws Exception {
        CsvRecordReader r = new CsvRecordReader(new StringReader(text), delimiter);
        List<List<String>> out = new ArrayList<>();
        List<String> rec;
        while ((rec = r.next()) != null) {
            out.add(rec);
        }
        return out;
    }

    @Test
    void plainFieldsAndLineEndings() throws Exception {
        assertEquals(List.of(List.of("a", "b", "c"), List.of("1", "2", "3"), List.of("4", "5", "6"), List.of("7", "", "")),
                all("a,b,c\r\n1,2,3\n4,5,6\r7,,", ','));
    }

    @Test
    void quotedFieldsHoldDelimitersNewlinesAndQuotes() throws Exception {
        assertEquals(List.of(List.of("x,y", "line1\r\nline2", "say \"hi\"", ""), List.of("a\nb", "c")),
                all("\"x,y\",\"line1\r\nline2\",\"say \"\"hi\"\"\",\"\"\n\"a\nb\",c\n", ','));
    }

    @Test
    void lineNumbersCountNewlinesInsideQuotes() throws Exception {
        CsvRecordReader r = new CsvRecordReader(new StringReader("h1,h2\n\"a\nb\",c\nd,e\n"), ',');
        r.next();
        assertEquals(1, r.recordLine());
        r.next();
        assertEquals(2, r.recordLine());
        r.next();
        assertEquals(4, r.recordLine());
        assertNull(r.next());
    }

    @Test
    void otherDelimitersAndLenientQuotes() throws Exception {
        assertEquals(List.of(List.of("a", "b;c", "d\"e")), all("a;\"b;c\";d\"e", ';'));
        assertEquals(List.of(List.of("a", "b c")), all("a\tb c\n", '\t'));
        assertEquals(List.of(List.of("ab c")), all("\"ab\" c", ','));
    }

    @Test
    void blankLinesAreSkippedAndEmptyInputHasNoRecords() throws Exception {
        assertEquals(List.of(List.of("a"), List.of("b")), all("a\n\n\r\nb\n\n", ','));
        assertEquals(List.of(), all("", ','));
    }

    @Test
    void unclosedQuoteNamesItsLine() {
        CsvRecordReader.CsvFormatException e = assertThrows(CsvRecordReader.CsvFormatException.class,
                () -> all("a,b\n1,\"open\nmore\n", ','));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }
}
