package io.rethinkmigrate.engine.reql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rethinkmigrate.archive.meta.IndexSpec;
import io.rethinkmigrate.json.Json;
import io.rethinkmigrate.testsupport.ProcessRunner;
import io.rethinkmigrate.testsupport.RepoPaths;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The independent reference: the official JS driver (rethinkdb@2.4.2, {@code scripts/js-build-term.js})
 * evaluates each text as a user's {@code r.table("t").indexCreate(...)} call and prints the query it
 * would send; our translation of the same text must be the same term. Every fixture text is checked,
 * and the shapes users commonly write. Variable numbers (the driver counts from 0 across a process) and
 * the two equivalent spellings of an object with computed values (plain JSON, or MAKE_OBJ) are
 * normalized on both sides before comparing.
 */
class IndexQueryParserJsReferenceTest {
    private static final List<String> COMMON = List.of(
            "indexCreate('a', r.row('a').downcase())",
            "indexCreate('b', function(doc) { return [doc('last'), doc('first')]; })",
            "indexCreate('c', function(doc) { return doc('price').mul(2).add(1).default(0); })",
            "indexCreate('d', function(doc) { return r.branch(doc('a').gt(1), doc('b'), r.minval); })",
            "indexCreate('e', function(doc) { return doc('tags').map(function(t) { return t.upcase(); }); }, {multi: true})",
            "indexCreate('f', function(doc) { return doc('a')('b')('c'); })",
            "indexCreate('g', function(doc) { return r.point(doc('lng'), doc('lat')); }, {geo: true})",
            "indexCreate('h', function(doc) { return doc('a').do(function(x) { return x.add(1); }); })",
            "indexCreate('i', function(doc) { return doc('t').slice(0, 2, {rightBound: 'closed'}); })",
            "indexCreate('j', function(doc) { return doc('n').sub(-1.5).mod(7); })",
            "indexCreate('k', function(doc) { return {a: doc('x'), b: 'const', c: [1, 2]}; })",
            "indexCreate('l', function(doc) { return doc('time').toEpochTime().floor(); })",
            "indexCreate('m', function(doc) { return doc('email').split('@').nth(1).default(''); })",
            "indexCreate('n', function(doc) { return doc.hasFields('a').and(doc('b').eq(true)); })",
            "indexCreate('o', function(doc) { return doc('ts').inTimezone('+02:00').toISO8601(); })",
            "indexCreate('p', function(doc) { return doc('items').concatMap(function(i) { return i('skus'); }).distinct(); }, {multi: true})",
            "indexCreate('q', function(doc) { return doc('a').coerceTo('string').typeOf(); })",
            "indexCreate('r', function(doc) { return doc('arr').contains(function(x) { return x.eq(1); }).not(); })",
            "indexCreate('s', function(doc) { return r.add(doc('a'), doc('b'), 3); })",
            "indexCreate('t', function(doc) { return r.expr(['x', doc('y').getField('z')]); })",
            "indexCreate('u', function(var1, var2) { return var1; })");

    @Test
    void ourTermsAreTheOfficialDriversForEveryFixtureAndCommonText() throws Exception {
        Assumptions.assumeTrue(nodeModulesPresent(),
                () -> print("SKIPPED: scripts/node_modules/rethinkdb is missing (run bash scripts/npm-install.sh)"));
        List<String> texts = new ArrayList<>();
        for (IndexSpec index : FixtureIndexQueries.all().values()) {
            texts.add(index.query());
        }
        texts.addAll(COMMON);
        JsonNode built = runDriver(texts);
        assertEquals(texts.size(), built.size());
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            JsonNode reference = built.get(i);
            assertFalse(reference.has("error"), "the driver refused " + text + ": " + reference);
            IndexDefinition ours = IndexQueryParser.parse(text);
            assertEquals(normalize(reference.get(1).get(2)), normalize(Json.parse(ours.function().toJson())), text);
            JsonNode options = reference.path(2);
            assertEquals(options.path("multi").asBoolean(false), ours.multi(), text + ": multi");
            assertEquals(options.path("geo").asBoolean(false), ours.geo(), text + ": geo");
        }
    }

    private static boolean nodeModulesPresent() {
        return Files.isDirectory(RepoPaths.scripts().resolve("node_modules/rethinkdb"));
    }

    private static String print(String message) {
        System.err.println(IndexQueryParserJsReferenceTest.class.getSimpleName() + ": " + message);
        return message;
    }

    private static JsonNode runDriver(List<String> texts) {
        String node = System.getenv("NODE");
        List<String> command = List.of(node == null || node.isBlank() ? "node" : node,
                RepoPaths.scripts().resolve("js-build-term.js").toString());
        ProcessRunner.Outcome outcome = ProcessRunner.run(command, RepoPaths.root(), Map.of(),
                Json.write(Json.mapper().valueToTree(texts)).getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(60));
        assertEquals(0, outcome.exitCode(), outcome.stderrText());
        return Json.parse(outcome.stdoutText());
    }

    /** Renumbers variables 1, 2, ... by first binding; spells every object in term position as MAKE_OBJ. */
    static JsonNode normalize(JsonNode term) {
        return normalize(term, new HashMap<>());
    }

    private static JsonNode normalize(JsonNode node, Map<Integer, Integer> variables) {
        JsonNodeFactory nodes = Json.mapper().getNodeFactory();
        if (node.isObject()) {
            ArrayNode makeObj = nodes.arrayNode().add(3);
            makeObj.addArray();
            makeObj.add(normalizeFields((ObjectNode) node, variables));
            return makeObj;
        }
        if (!node.isArray() || node.isEmpty() || !node.get(0).isIntegralNumber()) {
            return node;
        }
        int type = node.get(0).asInt();
        if (type == 69) {
            ArrayNode parameters = nodes.arrayNode();
            for (JsonNode id : node.get(1).get(0).get(1)) {
                variables.putIfAbsent(id.asInt(), variables.size() + 1);
                parameters.add(variables.get(id.asInt()));
            }
            ArrayNode func = nodes.arrayNode().add(69);
            func.addArray().add(nodes.arrayNode().add(2).add(parameters)).add(normalize(node.get(1).get(1), variables));
            return func;
        }
        if (type == 10) {
            return nodes.arrayNode().add(10).add(nodes.arrayNode().add(variables.get(node.get(1).get(0).asInt())));
        }
        ArrayNode out = nodes.arrayNode().add(type);
        ArrayNode args = out.addArray();
        for (JsonNode arg : node.path(1)) {
            args.add(normalize(arg, variables));
        }
        if (node.size() > 2) {
            out.add(normalizeFields((ObjectNode) node.get(2), variables));
        }
        return out;
    }

    private static ObjectNode normalizeFields(ObjectNode object, Map<Integer, Integer> variables) {
        ObjectNode out = Json.mapper().createObjectNode();
        object.properties().forEach(e -> out.set(e.getKey(), normalize(e.getValue(), variables)));
        return out;
    }
}
