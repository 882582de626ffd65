package io.rethinkmigrate.engine.reql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rethinkmigrate.engine.reql.QueryLexer.Kind;
import io.rethinkmigrate.engine.reql.QueryLexer.Token;
import io.rethinkmigrate.wire.Term;
import io.rethinkmigrate.wire.TermType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns the readable form of an index ({@code index_status()}'s {@code query} field, e.g.
 * {@code indexCreate('name_lower', function(var1) { return var1("name").downcase(); })}) back into the
 * ReQL term that creates it. Used when a server refuses the archive's function blob (a blob written by a
 * newer server, rethinkdb #5646) or when the archive has no blob.
 *
 * <p>The text is what the server's JavaScript printer writes, which is also valid JS for the official
 * driver; the grammar accepted is that subset:
 * <pre>
 * query    := 'indexCreate' '(' STRING ',' expr [',' '{' option {',' option} '}'] ')'
 * option   := ('multi' | 'geo') ':' ('true' | 'false')
 * expr     := '-' NUMBER | primary { '.' NAME '(' args ')' | '(' args ')' }
 * primary  := 'r' '.' NAME ['(' args ')']       r.expr(x), r.row, r.minval, r.add(a, b), r.do(...)
 *           | 'function' '(' [NAME {',' NAME}] ')' '{' 'return' expr [';'] '}'
 *           | NAME                              a parameter of an enclosing function
 *           | STRING | NUMBER | 'true' | 'false' | 'null'
 *           | '[' [expr {',' expr}] ']'         MAKE_ARRAY
 *           | '{' [key ':' expr {',' ...}] '}'  an object (MAKE_OBJ when a value is not constant)
 *           | '(' expr ')'
 * args     := [expr {',' expr}]                 a last object literal of known option names is optargs
 * </pre>
 * {@code x(y)} is BRACKET, {@code x.do(f)} FUNCALL, other methods the term of that name
 * ({@link ReqlNames}) with the receiver as first argument. Function parameters get fresh variable
 * numbers 1, 2, ... in the order they appear (the printed {@code var12}/{@code _var19} numbers are the
 * server's own and need not be kept). A top-level expression using {@code r.row} is wrapped in a
 * one-parameter function, as the drivers do.
 */
public final class IndexQueryParser {
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    private static final Set<String> INDEX_OPTIONS = Set.of("multi", "geo");
    /** {@code Term.TermType.FUNCALL} of ql2.proto ({@code r.do}). */
    private static final int FUNCALL = 64;

    /** A parsed expression: its term, and its JSON value when it is a constant (to build datums). */
    private record Expr(Term term, JsonNode constant) {
        static Expr of(Term term) {
            return new Expr(term, null);
        }

        static Expr constant(JsonNode value) {
            return new Expr(Term.datum(value), value);
        }

        boolean isFunction() {
            return term.type() == TermType.FUNC;
        }
    }

    private final List<Token> tokens;
    private int next;
    private final Deque<Map<String, Integer>> scopes = new ArrayDeque<>();
    private int lastVariable;
    private boolean usesImplicitVar;

    private IndexQueryParser(List<Token> tokens) {
        this.tokens = tokens;
    }

    /** Translates a whole {@code indexCreate('name', function..., {multi: true})} text. */
    public static IndexDefinition parse(String query) throws IndexQueryException {
        if (query == null || query.isBlank()) {
            throw new IndexQueryException("the query text is empty");
        }
        return new IndexQueryParser(QueryLexer.tokens(query)).indexCreate();
    }

    private IndexDefinition indexCreate() throws IndexQueryException {
        Token start = take();
        if (!start.isName("indexCreate")) {
            throw unexpected(start, "`indexCreate`");
        }
        expect("(");
        if (peek().kind() != Kind.STRING) {
            throw unexpected(peek(), "the index name");
        }
        take();
        expect(",");
        Term function = indexFunction();
        boolean multi = false;
        boolean geo = false;
        if (peek().is(",")) {
            take();
            Map<String, Boolean> options = indexOptions();
            multi = options.getOrDefault("multi", false);
            geo = options.getOrDefault("geo", false);
        }
        expect(")");
        if (peek().kind() != Kind.END) {
            throw unexpected(peek(), "the end of the text");
        }
        return new IndexDefinition(function, multi, geo);
    }

    private Term indexFunction() throws IndexQueryException {
        usesImplicitVar = false;
        Expr expr = expression();
        if (expr.isFunction() || !usesImplicitVar) {
            return expr.term();
        }
        // r.row outside any function: the drivers wrap the expression in a one-parameter function
        return func(List.of(++lastVariable), expr.term());
    }

    private Map<String, Boolean> indexOptions() throws IndexQueryException {
        expect("{");
        Map<String, Boolean> options = new HashMap<>();
        while (!peek().is("}")) {
            Token key = take();
            if ((key.kind() != Kind.NAME && key.kind() != Kind.STRING) || !INDEX_OPTIONS.contains(key.text())) {
                throw unexpected(key, "`multi` or `geo`");
            }
            expect(":");
            Token value = take();
            if (!value.isName("true") && !value.isName("false")) {
                throw unexpected(value, "true or false");
            }
            options.put(key.text(), value.isName("true"));
            if (!peek().is("}")) {
                expect(",");
            }
        }
        take();
        return options;
    }

    // ------------------------------------------------------------------ expressions

    private Expr expression() throws IndexQueryException {
        if (peek().is("-")) {
            take();
            Token number = take();
            if (number.kind() != Kind.NUMBER) {
                throw unexpected(number, "a number after `-`");
            }
            return Expr.constant(number("-" + number.text()));
        }
        Expr value = primary();
        while (true) {
            if (peek().is(".")) {
                take();
                Token method = take();
                if (method.kind() != Kind.NAME) {
                    throw unexpected(method, "a method name");
                }
                expect("(");
                value = method(value, method, arguments(")"));
            } else if (peek().is("(")) {
                take();
                List<Expr> args = arguments(")");
                if (args.size() != 1) {
                    throw new IndexQueryException("a field access `x(...)` takes one argument, not " + args.size()
                            + " (offset " + tokens.get(next - 1).position() + ")");
                }
                value = Expr.of(Term.of(TermType.BRACKET, List.of(value.term(), args.get(0).term()), Map.of()));
            } else {
                return value;
            }
        }
    }

    private Expr method(Expr receiver, Token name, List<Expr> args) throws IndexQueryException {
        if (name.text().equals("do")) {
            List<Expr> all = new ArrayList<>();
            all.add(receiver);
            all.addAll(args);
            return funcall(all, name);
        }
        List<Expr> all = new ArrayList<>();
        all.add(receiver);
        all.addAll(args);
        return call(name, all);
    }

    private Expr primary() throws IndexQueryException {
        Token token = take();
        switch (token.kind()) {
            case STRING:
                return Expr.constant(NODES.textNode(token.text()));
            case NUMBER:
                return Expr.constant(number(token.text()));
            case PUNCT:
                if (token.is("[")) {
                    return array(arguments("]"));
                }
                if (token.is("{")) {
                    return object();
                }
                if (token.is("(")) {
                    Expr inner = expression();
                    expect(")");
                    return inner;
                }
                throw unexpected(token, "a value");
            case NAME:
                return named(token);
            default:
                throw unexpected(token, "a value");
        }
    }

    private Expr named(Token token) throws IndexQueryException {
        switch (token.text()) {
            case "true":
                return Expr.constant(NODES.booleanNode(true));
            case "false":
                return Expr.constant(NODES.booleanNode(false));
            case "null":
                return Expr.constant(NODES.nullNode());
            case "function":
                return function();
            case "r":
                expect(".");
                Token name = take();
                if (name.kind() != Kind.NAME) {
                    throw unexpected(name, "a name after `r.`");
                }
                return rDot(name);
            default:
                for (Map<String, Integer> scope : scopes) {
                    Integer id = scope.get(token.text());
                    if (id != null) {
                        return Expr.of(Term.of(TermType.VAR, List.of(Term.value(id)), Map.of()));
                    }
                }
                throw new IndexQueryException("unknown name `" + token.text() + "` at offset " + token.position());
        }
    }

    /** {@code r.NAME} or {@code r.NAME(args)}. */
    private Expr rDot(Token name) throws IndexQueryException {
        String n = name.text();
        if (n.equals("row")) {
            usesImplicitVar = true;
            return Expr.of(Term.of(TermType.IMPLICIT_VAR, List.of(), Map.of()));
        }
        if (!peek().is("(")) {
            if (ReqlNames.isConstant(n)) {
                return Expr.of(Term.of(ReqlNames.termType(n), List.of(), Map.of()));
            }
            throw unexpected(peek(), "`(` after `r." + n + "`");
        }
        take();
        List<Expr> args = arguments(")");
        if (n.equals("expr")) {
            if (args.size() != 1) {
                throw new IndexQueryException("r.expr takes one argument (offset " + name.position() + ")");
            }
            return args.get(0);
        }
        if (n.equals("do")) {
            return funcall(args, name);
        }
        return call(name, args);
    }

    /** FUNCALL: the function goes first on the wire, whether written first ({@code r.do(f, x)}) or last. */
    private Expr funcall(List<Expr> args, Token at) throws IndexQueryException {
        if (args.size() < 2) {
            throw new IndexQueryException("`do` needs a value and a function (offset " + at.position() + ")");
        }
        List<Expr> rest = new ArrayList<>(args);
        Expr function = rest.get(rest.size() - 1).isFunction() || !rest.get(0).isFunction()
                ? rest.remove(rest.size() - 1) : rest.remove(0);
        List<Term> wire = new ArrayList<>();
        wire.add(function.term());
        rest.forEach(e -> wire.add(e.term()));
        return Expr.of(Term.of(FUNCALL, wire, Map.of()));
    }

    /** A named operation; a last object argument whose keys are all options of that term is its optargs. */
    private Expr call(Token name, List<Expr> args) throws IndexQueryException {
        int type = ReqlNames.termType(name.text());
        if (type < 0) {
            throw new IndexQueryException("`" + name.text() + "` (offset " + name.position()
                    + ") is not an operation an index function can use");
        }
        Map<String, Term> optargs = Map.of();
        if (!args.isEmpty()) {
            Map<String, Term> options = asOptions(args.get(args.size() - 1), ReqlNames.optargs(type));
            if (options != null) {
                optargs = options;
                args = args.subList(0, args.size() - 1);
            }
        }
        List<Term> terms = new ArrayList<>();
        args.forEach(a -> terms.add(a.term()));
        return Expr.of(Term.of(type, terms, optargs));
    }

    /** The optargs an object argument stands for, or null when it is a plain value. */
    private static Map<String, Term> asOptions(Expr last, Set<String> allowed) {
        if (allowed.isEmpty()) {
            return null;
        }
        Map<String, Term> options = new LinkedHashMap<>();
        if (last.constant() instanceof ObjectNode object && !object.isEmpty()) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                String key = snakeCase(field.getKey());
                if (!allowed.contains(key)) {
                    return null;
                }
                options.put(key, Term.datum(field.getValue()));
            }
            return options;
        }
        if (last.term().type() == TermType.MAKE_OBJ && !last.term().optargs().isEmpty()) {
            for (Map.Entry<String, Term> field : last.term().optargs().entrySet()) {
                String key = snakeCase(field.getKey());
                if (!allowed.contains(key)) {
                    return null;
                }
                options.put(key, field.getValue());
            }
            return options;
        }
        return null;
    }

    /** The printer writes option names in camel case ({@code rightBound}); the protocol's are snake case. */
    private static String snakeCase(String name) {
        StringBuilder out = new StringBuilder();
        for (char c : name.toCharArray()) {
            if (Character.isUpperCase(c)) {
                out.append('_').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }

    private Expr function() throws IndexQueryException {
        expect("(");
        Map<String, Integer> scope = new HashMap<>();
        List<Integer> ids = new ArrayList<>();
        while (!peek().is(")")) {
            Token parameter = take();
            if (parameter.kind() != Kind.NAME) {
                throw unexpected(parameter, "a parameter name");
            }
            int id = ++lastVariable;
            scope.put(parameter.text(), id);
            ids.add(id);
            if (!peek().is(")")) {
                expect(",");
            }
        }
        take();
        expect("{");
        Token ret = take();
        if (!ret.isName("return")) {
            throw unexpected(ret, "`return` (only functions of one return statement can be translated)");
        }
        scopes.push(scope);
        Expr body;
        try {
            body = expression();
        } finally {
            scopes.pop();
        }
        if (peek().is(";")) {
            take();
        }
        expect("}");
        return Expr.of(func(ids, body.term()));
    }

    private static Term func(List<Integer> ids, Term body) {
        List<Term> parameters = new ArrayList<>();
        ids.forEach(id -> parameters.add(Term.value(id)));
        return Term.of(TermType.FUNC, List.of(Term.of(TermType.MAKE_ARRAY, parameters, Map.of()), body), Map.of());
    }

    private static Expr array(List<Expr> elements) {
        ArrayNode constant = NODES.arrayNode();
        List<Term> terms = new ArrayList<>();
        for (Expr e : elements) {
            terms.add(e.term());
            if (constant != null && e.constant() != null) {
                constant.add(e.constant());
            } else {
                constant = null;
            }
        }
        return constant != null ? Expr.constant(constant) : Expr.of(Term.of(TermType.MAKE_ARRAY, terms, Map.of()));
    }

    private Expr object() throws IndexQueryException {
        Map<String, Expr> fields = new LinkedHashMap<>();
        while (!peek().is("}")) {
            Token key = take();
            if (key.kind() != Kind.STRING && key.kind() != Kind.NAME) {
                throw unexpected(key, "a field name");
            }
            expect(":");
            fields.put(key.text(), expression());
            if (!peek().is("}")) {
                expect(",");
            }
        }
        take();
        ObjectNode constant = NODES.objectNode();
        Map<String, Term> terms = new LinkedHashMap<>();
        for (Map.Entry<String, Expr> field : fields.entrySet()) {
            terms.put(field.getKey(), field.getValue().term());
            if (constant != null && field.getValue().constant() != null) {
                constant.set(field.getKey(), field.getValue().constant());
            } else {
                constant = null;
            }
        }
        return constant != null ? Expr.constant(constant) : Expr.of(Term.of(TermType.MAKE_OBJ, List.of(), terms));
    }

    /** Comma-separated expressions up to {@code close}; a trailing comma is allowed, as in JS. */
    private List<Expr> arguments(String close) throws IndexQueryException {
        List<Expr> args = new ArrayList<>();
        while (!peek().is(close)) {
            args.add(expression());
            if (!peek().is(close)) {
                expect(",");
            }
        }
        take();
        return args;
    }

    private static JsonNode number(String text) throws IndexQueryException {
        try {
            if (text.matches("-?\\d+")) {
                try {
                    return NODES.numberNode(Long.parseLong(text));
                } catch (NumberFormatException tooLong) {
                    // beyond 64 bits: a double, as the server holds every number
                }
            }
            double value = Double.parseDouble(text);
            if (Double.isInfinite(value)) {
                throw new IndexQueryException("number " + text + " is out of range");
            }
            return NODES.numberNode(value);
        } catch (NumberFormatException e) {
            throw new IndexQueryException("bad number " + text);
        }
    }

    // ------------------------------------------------------------------ tokens

    private Token peek() {
        return tokens.get(next);
    }

    private Token take() {
        Token t = tokens.get(next);
        if (t.kind() != Kind.END) {
            next++;
        }
        return t;
    }

    private void expect(String punct) throws IndexQueryException {
        Token t = take();
        if (!t.is(punct)) {
            throw unexpected(t, "`" + punct + "`");
        }
    }

    private static IndexQueryException unexpected(Token found, String wanted) {
        return new IndexQueryException("expected " + wanted + " but found " + found.describe()
                + (found.kind() == Kind.END ? "" : " at offset " + found.position()));
    }
}
