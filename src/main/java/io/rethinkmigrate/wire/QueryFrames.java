package io.rethinkmigrate.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import io.rethinkmigrate.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** Builds complete query frames (header + {@code [QueryType, term, globalOptargs]}). */
final class QueryFrames {
    private QueryFrames() {
    }

    static FrameBuffer start(long token, Term term, GlobalOptions options) {
        FrameBuffer out = new FrameBuffer(Protocol.HEADER_BYTES, Protocol.MAX_QUERY_BYTES,
                (int) Math.min(Math.max(256, term.serializedSizeEstimate() + 128), Protocol.MAX_QUERY_BYTES));
        try (JsonGenerator gen = Json.factory().createGenerator(out)) {
            gen.writeStartArray();
            gen.writeNumber(Protocol.START);
            term.write(gen, out);
            gen.writeStartObject();
            for (Map.Entry<String, Term> e : options.values().entrySet()) {
                gen.writeFieldName(e.getKey());
                e.getValue().write(gen, out);
            }
            gen.writeEndObject();
            gen.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.putHeader(token);
        return out;
    }

    /** CONTINUE, STOP, NOREPLY_WAIT and SERVER_INFO carry only their type. */
    static FrameBuffer control(long token, int queryType) {
        FrameBuffer out = new FrameBuffer(Protocol.HEADER_BYTES, Protocol.MAX_QUERY_BYTES, 32);
        out.write('[');
        out.write('0' + queryType);
        out.write(']');
        out.putHeader(token);
        return out;
    }

    /** The JSON body of a frame, for tests and logs. */
    static String body(FrameBuffer frame) {
        return new String(frame.array(), Protocol.HEADER_BYTES, frame.bodyLength(),
                java.nio.charset.StandardCharsets.UTF_8);
    }
}
