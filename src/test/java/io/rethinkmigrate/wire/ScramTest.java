package io.rethinkmigrate.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rethinkmigrate.testsupport.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScramTest {

    /** Every recorded V1_0 handshake: same client messages from the same nonce, server signature accepted. */
    @Test
    void replaysAllRecordedV10Handshakes() {
        int replayed = 0;
        for (JsonNode vector : Fixtures.handshakeVectors()) {
            if (vector.has("handshake")) {
                continue;  // V0_4
            }
            List<JsonNode> messages = new ArrayList<>();
            vector.get("messages").forEach(messages::add);
            String clientFirst = messages.get(0).get("client").get("authentication").asText();
            String nonce = Scram.attribute(clientFirst, 'r');
            Scram scram = new Scram(vector.get("user").asText(), vector.get("password").asText(), nonce);
            assertEquals(clientFirst, scram.clientFirstMessage());

            String serverFirst = messages.get(2).get("server").get("authentication").asText();
            String clientFinal = messages.get(3).get("client").get("authentication").asText();
            assertEquals(clientFinal, scram.clientFinalMessage(serverFirst), "proof for " + vector.get("user"));

            String serverFinal = messages.get(4).get("server").get("authentication").asText();
            assertTrue(scram.verifyServerFinal(serverFinal), "server signature for " + vector.get("user"));
            replayed++;
        }
        assertEquals(3, replayed);
    }

    @Test
    void rejectsAWrongServerSignature() {
        JsonNode messages = Fixtures.handshakeVectors().get(0).get("messages");
        String clientFirst = messages.get(0).get("client").get("authentication").asText();
        Scram scram = new Scram("admin", "s3cret ü", Scram.attribute(clientFirst, 'r'));
        scram.clientFinalMessage(messages.get(2).get("server").get("authentication").asText());
        assertFalse(scram.verifyServerFinal("v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="));
        assertFalse(scram.verifyServerFinal("e=other-error"));
    }

    @Test
    void wrongPasswordGivesADifferentProof() {
        JsonNode messages = Fixtures.handshakeVectors().get(0).get("messages");
        String clientFirst = messages.get(0).get("client").get("authentication").asText();
        Scram scram = new Scram("admin", "s3cret u", Scram.attribute(clientFirst, 'r'));
        String recorded = messages.get(3).get("client").get("authentication").asText();
        assertFalse(recorded.equals(scram.clientFinalMessage(messages.get(2).get("server").get("authentication").asText())));
    }

    @Test
    void escapesUserNamesPerRfc5802() {
        assertEquals("a=3Db=2Cc", Scram.escapeName("a=b,c"));
        assertEquals("n,,n=x=2Cy,r=abc", new Scram("x,y", "", "abc").clientFirstMessage());
    }

    @Test
    void decodesReqlitePaddedSaltLeniently() {
        assertArrayEquals(new byte[] {1, 2, 3, 4}, Scram.decodeLenient("AQIDBA===="));
        assertArrayEquals(new byte[] {1, 2, 3, 4}, Scram.decodeLenient("AQID\r\nBA=="));
    }

    @Test
    void emptyPasswordWorks() {
        // reqlite accepts only the empty password; the JDK refuses empty HMAC keys, so check we cope.
        Scram scram = new Scram("admin", "", "abc");
        String clientFinal = scram.clientFinalMessage("r=abcdef,s=AQIDBA====,i=2");
        assertTrue(clientFinal.startsWith("c=biws,r=abcdef,p="));
    }

    @Test
    void saltedPasswordIsDerivedOnceAndNeverConfusedAcrossPasswordsSaltsOrCounts() {
        byte[] pw = "secret".getBytes(StandardCharsets.UTF_8);
        byte[] salt = "salt-1".getBytes(StandardCharsets.UTF_8);
        byte[] first = Scram.saltedPassword(pw, salt, 4096);
        assertArrayEquals(Scram.pbkdf2(pw, salt, 4096), first);
        first[0] ^= 1; // a caller scribbling on its copy must not change the next one
        assertArrayEquals(Scram.pbkdf2(pw, salt, 4096), Scram.saltedPassword(pw, salt, 4096));
        assertArrayEquals(Scram.pbkdf2("other".getBytes(StandardCharsets.UTF_8), salt, 4096),
                Scram.saltedPassword("other".getBytes(StandardCharsets.UTF_8), salt, 4096));
        assertArrayEquals(Scram.pbkdf2(pw, "salt-2".getBytes(StandardCharsets.UTF_8), 4096),
                Scram.saltedPassword(pw, "salt-2".getBytes(StandardCharsets.UTF_8), 4096));
        assertArrayEquals(Scram.pbkdf2(pw, salt, 10), Scram.saltedPassword(pw, salt, 10));
    }

    @Test
    void pbkdf2MatchesRfc7914Vector() {
        // RFC 7914 §11: PBKDF2-HMAC-SHA256 P="passwd", S="salt", c=1 (first 32 bytes)
        byte[] dk = Scram.pbkdf2("passwd".getBytes(StandardCharsets.UTF_8), "salt".getBytes(StandardCharsets.UTF_8), 1);
        assertEquals("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc", hex(dk));
    }

    /** The recorded V0_4 vector: exact bytes sent, SUCCESS accepted, no server version. */
    @Test
    void v04HandshakeSendsRecordedBytes() throws Exception {
        JsonNode vector = Fixtures.handshakeVectors().get(3);
        String key = vector.get("auth_key").asText();
        ConnectOptions options = ConnectOptions.builder().authKey(key).build();
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        String answer = vector.get("server").get(0).get("server").asText() + "\0";
        String version = new Handshake(options,
                new ByteArrayInputStream(answer.getBytes(StandardCharsets.UTF_8)), sent).perform();
        assertNull(version);

        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        ByteBuffer expected = ByteBuffer.allocate(12 + keyBytes.length).order(ByteOrder.LITTLE_ENDIAN);
        expected.putInt(0x400c2d20).putInt(keyBytes.length).put(keyBytes).putInt(0x7e6970c7);
        assertArrayEquals(expected.array(), sent.toByteArray());
        assertEquals(9, keyBytes.length);
    }

    static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            sb.append(String.format("%02x", b & 0xff));
        }
        return sb.toString();
    }
}
