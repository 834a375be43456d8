package dev.mephisto.chat.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A recursive-descent parser for the filter language: a small, closed subset of SQL's WHERE
 * clause, type-checked against a {@link FeedSchema}. Nothing is ever handed to an SQL engine.
 *
 * <pre>
 * expr      := and ( OR and )*
 * and       := not ( AND not )*
 * not       := NOT not | '(' expr ')' | predicate
 * predicate := operand ( cmp operand | [NOT] IN '(' literal (',' literal)* ')' | [NOT] LIKE string )
 * operand   := field | number | string
 * cmp       := = | &lt;&gt; | != | &lt; | &lt;= | &gt; | &gt;=
 * </pre>
 *
 * <p>Every way a text can fail, lexing, parsing or type checking, is a {@link FilterException} with
 * a position; nothing else is thrown. Numbers are ASCII digits with an optional point, and must be
 * finite as doubles; identifiers are ASCII; each {@code (} and {@code NOT} is a level of nesting, at
 * most {@link FeedFilter#MAX_DEPTH}, so the recursion stays shallow whatever the input.
 */
final class FilterParser {

    private enum Kind { IDENT, NUMBER, STRING, OP, LPAREN, RPAREN, COMMA, END }

    private record Token(Kind kind, String text, int position) {
    }

    private static final Set<String> KEYWORDS = Set.of("AND", "OR", "NOT", "IN", "LIKE");
    private static final Set<String> COMPARISONS = Set.of("=", "<>", "!=", "<", "<=", ">", ">=");

    private final FeedSchema schema;
    private final List<Token> tokens;
    private int next;
    private int depth;

    private FilterParser(FeedSchema schema, List<Token> tokens) {
        this.schema = schema;
        this.tokens = tokens;
    }

    static Expression parse(String text, FeedSchema schema) throws FilterException {
        FilterParser parser = new FilterParser(schema, tokenize(text));
        Expression expression = parser.expression();
        Token last = parser.peek();
        if (last.kind() != Kind.END) {
            throw new FilterException("unexpected " + describe(last) + " at position " + last.position()
                    + ": join conditions with AND or OR", last.position());
        }
        return expression;
    }

    // ---- grammar ----

    private Expression expression() throws FilterException {
        Expression left = and();
        while (isKeyword(peek(), "OR")) {
            next++;
            left = new Expression.Or(left, and());
        }
        return left;
    }

    private Expression and() throws FilterException {
        Expression left = not();
        while (isKeyword(peek(), "AND")) {
            next++;
            left = new Expression.And(left, not());
        }
        return left;
    }

    private Expression not() throws FilterException {
        Token token = peek();
        if (isKeyword(token, "NOT")) {
            enter(token);
            next++;
            Expression inner = not();
            depth--;
            return new Expression.Not(inner);
        }
        if (token.kind() == Kind.LPAREN) {
            enter(token);
            next++;
            Expression inner = expression();
            expect(Kind.RPAREN, "')' to close the '(' at position " + token.position());
            depth--;
            return inner;
        }
        return predicate();
    }

    private void enter(Token token) throws FilterException {
        depth++;
        if (depth > FeedFilter.MAX_DEPTH) {
            throw new FilterException("the filter nests deeper than " + FeedFilter.MAX_DEPTH + " levels at position "
                    + token.position() + " (each '(' and each NOT is a level): write it with fewer parentheses"
                    + " or NOTs", token.position());
        }
    }

    private Expression predicate() throws FilterException {
        Expression.Operand left = operand();
        Token token = peek();
        boolean negated = false;
        if (isKeyword(token, "NOT")) {
            next++;
            negated = true;
            token = peek();
            if (!isKeyword(token, "IN") && !isKeyword(token, "LIKE")) {
                throw new FilterException("expected IN or LIKE after NOT at position " + token.position() + ", found "
                        + describe(token), token.position());
            }
        }
        if (isKeyword(token, "IN")) {
            next++;
            return in(left, negated, token);
        }
        if (isKeyword(token, "LIKE")) {
            next++;
            return like(left, negated, token);
        }
        if (token.kind() == Kind.OP && COMPARISONS.contains(token.text())) {
            next++;
            Expression.Operand right = operand();
            if (left.type() != right.type()) {
                throw new FilterException("cannot compare " + describe(left) + " with " + describe(right)
                        + " at position " + token.position() + ": both sides must be numbers or both texts"
                        + " (texts are in 'single quotes')", token.position());
            }
            return new Expression.Comparison(left, token.text(), right);
        }
        throw new FilterException("expected a comparison (= <> != < <= > >=), IN or LIKE at position "
                + token.position() + ", found " + describe(token), token.position());
    }

    private Expression in(Expression.Operand left, boolean negated, Token at) throws FilterException {
        expect(Kind.LPAREN, "'(' to open the IN list");
        List<Object> values = new ArrayList<>();
        do {
            Expression.Operand value = operand();
            if (!(value instanceof Expression.Literal literal)) {
                throw new FilterException("IN lists take numbers or texts, not fields (near position "
                        + at.position() + ")", at.position());
            }
            if (literal.type() != left.type()) {
                throw new FilterException("IN list at position " + at.position() + " mixes " + describe(left)
                        + " with " + describe(literal) + ": list values must have the type of the left side",
                        at.position());
            }
            values.add(literal.constant());
        } while (accept(Kind.COMMA));
        expect(Kind.RPAREN, "')' to close the IN list");
        return new Expression.In(left, List.copyOf(values), negated);
    }

    private Expression like(Expression.Operand left, boolean negated, Token at) throws FilterException {
        if (left.type() != FieldType.TEXT) {
            throw new FilterException("LIKE at position " + at.position() + " needs a text on its left, got "
                    + describe(left), at.position());
        }
        Token pattern = peek();
        if (pattern.kind() != Kind.STRING) {
            throw new FilterException("LIKE at position " + at.position() + " needs a 'quoted pattern', found "
                    + describe(pattern), pattern.position());
        }
        next++;
        return new Expression.Like(left, LikePattern.compile(pattern.text()), negated);
    }

    private Expression.Operand operand() throws FilterException {
        Token token = peek();
        switch (token.kind()) {
            case NUMBER -> {
                next++;
                return new Expression.Literal(FieldType.NUMBER, number(token, false));
            }
            case STRING -> {
                next++;
                return new Expression.Literal(FieldType.TEXT, token.text());
            }
            case OP -> {
                if (token.text().equals("-") && peekAt(next + 1).kind() == Kind.NUMBER) {
                    next += 2;
                    return new Expression.Literal(FieldType.NUMBER, number(tokens.get(next - 1), true));
                }
            }
            case IDENT -> {
                if (!KEYWORDS.contains(token.text().toUpperCase(Locale.ROOT))) {
                    next++;
                    return schema.field(token.text()).<Expression.Operand>map(Expression.FieldRef::new)
                            .orElseThrow(() -> new FilterException("unknown field '" + token.text() + "' at position "
                                    + token.position() + ": " + schema.description() + " fields are "
                                    + String.join(", ", schema.fieldNames()), token.position()));
                }
            }
            default -> {
                // falls through to the error below
            }
        }
        throw new FilterException("missing operand at position " + token.position() + ": expected a field, a number"
                + " or a 'text', found " + describe(token), token.position());
    }

    /** The token's value; the tokenizer only makes NUMBER tokens of ASCII digits with at most one point. */
    private static double number(Token token, boolean negated) throws FilterException {
        double value;
        try {
            value = Double.parseDouble(token.text());
        } catch (NumberFormatException e) {
            throw new FilterException("'" + token.text() + "' at position " + token.position() + " is not a number",
                    token.position());
        }
        if (Double.isInfinite(value)) {
            String shown = token.text().length() <= 20 ? token.text() : token.text().substring(0, 17) + "...";
            throw new FilterException("the number " + shown + " at position " + token.position() + " ("
                    + token.text().length() + " characters) is too large: numbers go up to about 1.8E308",
                    token.position());
        }
        return negated ? -value : value;
    }

    // ---- tokens ----

    private Token peek() {
        return peekAt(next);
    }

    private Token peekAt(int index) {
        return index < tokens.size() ? tokens.get(index) : tokens.get(tokens.size() - 1);
    }

    private boolean accept(Kind kind) {
        if (peek().kind() == kind) {
            next++;
            return true;
        }
        return false;
    }

    private void expect(Kind kind, String what) throws FilterException {
        Token token = peek();
        if (token.kind() != kind) {
            throw new FilterException("expected " + what + " at position " + token.position() + ", found "
                    + describe(token), token.position());
        }
        next++;
    }

    private static boolean isKeyword(Token token, String keyword) {
        return token.kind() == Kind.IDENT && token.text().equalsIgnoreCase(keyword);
    }

    private static String describe(Token token) {
        return switch (token.kind()) {
            case END -> "the end of the filter";
            case STRING -> "'" + token.text() + "'";
            default -> "'" + token.text() + "'";
        };
    }

    private static String describe(Expression.Operand operand) {
        if (operand instanceof Expression.FieldRef ref) {
            return "field " + ref.field().name() + " (" + ref.type().word() + ")";
        }
        Expression.Literal literal = (Expression.Literal) operand;
        return literal.type() == FieldType.TEXT ? "the text '" + literal.constant() + "'"
                : "the number " + format((Double) literal.constant());
    }

    private static String format(double number) {
        return number == Math.rint(number) && Math.abs(number) < 1e15 ? Long.toString((long) number)
                : Double.toString(number);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentifierStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isIdentifierPart(char c) {
        return isIdentifierStart(c) || isDigit(c);
    }

    /** A character the language has no use for, shown so that an invisible or look-alike one is recognisable. */
    private static FilterException unexpected(String text, int index) {
        int codePoint = text.codePointAt(index);
        int position = index + 1;
        boolean printable = !Character.isISOControl(codePoint) && Character.isDefined(codePoint)
                && Character.getType(codePoint) != Character.FORMAT
                && Character.getType(codePoint) != Character.SURROGATE
                && Character.getType(codePoint) != Character.PRIVATE_USE;
        String code = String.format(Locale.ROOT, "U+%04X", codePoint);
        String glyph = "'" + new String(Character.toChars(codePoint)) + "'";
        String shown = !printable ? code : codePoint < 0x80 ? glyph : glyph + " (" + code + ")";
        String hint = Character.isDigit(codePoint)
                ? ": numbers are written with the digits 0-9 only"
                : ": filters use fields, numbers, 'texts', ( ) , = <> != < <= > >= AND OR NOT IN LIKE";
        return new FilterException("unexpected character " + shown + " at position " + position + hint, position);
    }

    private static List<Token> tokenize(String text) throws FilterException {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int position = i + 1;
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')' || c == ',') {
                tokens.add(new Token(c == '(' ? Kind.LPAREN : c == ')' ? Kind.RPAREN : Kind.COMMA, String.valueOf(c),
                        position));
                i++;
            } else if (c == '\'') {
                StringBuilder value = new StringBuilder();
                int j = i + 1;
                while (true) {
                    if (j >= text.length()) {
                        throw new FilterException("text starting at position " + position + " has no closing quote:"
                                + " end it with ' (write '' for a quote inside)", position);
                    }
                    char d = text.charAt(j);
                    if (d == '\'') {
                        if (j + 1 < text.length() && text.charAt(j + 1) == '\'') {
                            value.append('\'');
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    value.append(d);
                    j++;
                }
                tokens.add(new Token(Kind.STRING, value.toString(), position));
                i = j + 1;
            } else if (isDigit(c) || (c == '.' && i + 1 < text.length() && isDigit(text.charAt(i + 1)))) {
                int j = i;
                while (j < text.length() && (isDigit(text.charAt(j)) || text.charAt(j) == '.')) {
                    j++;
                }
                String number = text.substring(i, j);
                if (number.indexOf('.') != number.lastIndexOf('.')) {
                    throw new FilterException("'" + number + "' at position " + position + " is not a number",
                            position);
                }
                if (j < text.length() && Character.isLetter(text.charAt(j))) {
                    throw new FilterException("'" + number + text.charAt(j) + "...' at position " + position
                            + " is neither a number nor a field", position);
                }
                tokens.add(new Token(Kind.NUMBER, number, position));
                i = j;
            } else if (isIdentifierStart(c)) {
                int j = i;
                while (j < text.length() && isIdentifierPart(text.charAt(j))) {
                    j++;
                }
                tokens.add(new Token(Kind.IDENT, text.substring(i, j), position));
                i = j;
            } else if (c == '=' && i + 1 < text.length() && text.charAt(i + 1) == '=') {
                throw new FilterException("'==' is not an operator at position " + position + ": compare with '='",
                        position);
            } else if ("<>!=-".indexOf(c) >= 0) {
                String two = i + 1 < text.length() ? text.substring(i, i + 2) : "";
                if (two.equals("<>") || two.equals("<=") || two.equals(">=") || two.equals("!=")) {
                    tokens.add(new Token(Kind.OP, two, position));
                    i += 2;
                } else if (c == '!') {
                    throw new FilterException("'!' at position " + position + " is not an operator: use != or NOT",
                            position);
                } else {
                    tokens.add(new Token(Kind.OP, String.valueOf(c), position));
                    i++;
                }
            } else {
                throw unexpected(text, i);
            }
        }
        tokens.add(new Token(Kind.END, "", text.length() + 1));
        return tokens;
    }
}
