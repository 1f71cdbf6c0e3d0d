package dev.annogan.datasets.coco;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A streaming JSON reader over UTF-8 bytes, built for COCO files: hundreds of megabytes that are
 * mostly numbers. It reads bytes without decoding them to chars, parses numbers in place (exactly,
 * falling back to {@link Double#parseDouble} only where a fast exact path does not exist), and
 * reuses the strings of repeated object keys. Syntax errors throw {@link JsonSyntaxException} with
 * the line and column.
 *
 * <p>The interface is a pull cursor: {@link #peek()} says what comes next, {@code begin/end}
 * methods step into and out of containers, {@code next} methods consume values.
 */
final class JsonCursor {

    /** What the next token is. */
    enum Token {
        BEGIN_OBJECT,
        END_OBJECT,
        BEGIN_ARRAY,
        END_ARRAY,
        NAME,
        STRING,
        NUMBER,
        BOOLEAN,
        NULL,
        END_DOCUMENT
    }

    /** A JSON syntax error, with where it happened. */
    static final class JsonSyntaxException extends IOException {
        private static final long serialVersionUID = 1L;

        JsonSyntaxException(String message) {
            super(message);
        }
    }

    private static final int EMPTY_DOCUMENT = 0;
    private static final int NONEMPTY_DOCUMENT = 1;
    private static final int EMPTY_ARRAY = 2;
    private static final int NONEMPTY_ARRAY = 3;
    private static final int EMPTY_OBJECT = 4;
    private static final int NONEMPTY_OBJECT = 5;
    private static final int DANGLING_NAME = 6;

    // Powers of ten that are exact doubles: the fast path of number parsing.
    private static final double[] POWERS = new double[23];

    static {
        POWERS[0] = 1;
        for (int i = 1; i < POWERS.length; i++) {
            POWERS[i] = POWERS[i - 1] * 10;
        }
    }

    private final InputStream in;
    private final byte[] buffer = new byte[1 << 16];
    private int pos;
    private int limit;
    private long consumed; // bytes before buffer[0]
    private int line = 1;
    private long lineStart;

    private int[] stack = new int[32];
    private int depth = 1;
    private Token peeked;

    private byte[] scratch = new byte[64];
    private final String[] names = new String[256];

    JsonCursor(InputStream in) {
        this.in = in;
        stack[0] = EMPTY_DOCUMENT;
    }

    /** Returns the kind of the next token without consuming it. */
    Token peek() throws IOException {
        if (peeked == null) {
            peeked = doPeek();
        }
        return peeked;
    }

    /** Returns whether the current array or object has another element. */
    boolean hasNext() throws IOException {
        Token token = peek();
        return token != Token.END_OBJECT && token != Token.END_ARRAY && token != Token.END_DOCUMENT;
    }

    void beginObject() throws IOException {
        expect(Token.BEGIN_OBJECT);
        push(EMPTY_OBJECT);
    }

    void endObject() throws IOException {
        expect(Token.END_OBJECT);
        depth--;
    }

    void beginArray() throws IOException {
        expect(Token.BEGIN_ARRAY);
        push(EMPTY_ARRAY);
    }

    void endArray() throws IOException {
        expect(Token.END_ARRAY);
        depth--;
    }

    /** Consumes an object key. Repeated short ASCII keys return the same String instance. */
    String nextName() throws IOException {
        expect(Token.NAME);
        return readString(true);
    }

    String nextString() throws IOException {
        expect(Token.STRING);
        return readString(false);
    }

    boolean nextBoolean() throws IOException {
        expect(Token.BOOLEAN);
        if (current() == 't') {
            literal("true");
            return true;
        }
        literal("false");
        return false;
    }

    void nextNull() throws IOException {
        expect(Token.NULL);
        literal("null");
    }

    /** Consumes a number as a double, exactly as {@link Double#parseDouble} would read it. */
    double nextDouble() throws IOException {
        expect(Token.NUMBER);
        return parseNumber();
    }

    /**
     * Consumes a number that must be integral and fit a long.
     *
     * @throws NumberFormatException naming the number otherwise (the cursor has moved past it)
     */
    long nextLong() throws IOException {
        expect(Token.NUMBER);
        int n = scanNumber();
        long value = 0;
        boolean negative = scratch[0] == '-';
        int i = negative ? 1 : 0;
        if (n - i > 0 && n - i <= 18) {
            for (; i < n; i++) {
                byte b = scratch[i];
                if (b < '0' || b > '9') {
                    break;
                }
                value = value * 10 + (b - '0');
            }
            if (i == n) {
                return negative ? -value : value;
            }
        }
        String text = new String(scratch, 0, n, StandardCharsets.ISO_8859_1);
        double d = Double.parseDouble(text);
        if (d == Math.rint(d) && Math.abs(d) < 0x1p53) {
            return (long) d; // exporters that write ids as 12.0
        }
        throw new NumberFormatException(text);
    }

    /** Consumes the next value, whatever it is, including nested containers. */
    void skipValue() throws IOException {
        int open = 0;
        do {
            switch (peek()) {
                case BEGIN_OBJECT -> {
                    beginObject();
                    open++;
                }
                case BEGIN_ARRAY -> {
                    beginArray();
                    open++;
                }
                case END_OBJECT -> {
                    endObject();
                    open--;
                }
                case END_ARRAY -> {
                    endArray();
                    open--;
                }
                case NAME -> nextName();
                case STRING -> nextString();
                case NUMBER -> nextDouble();
                case BOOLEAN -> nextBoolean();
                case NULL -> nextNull();
                case END_DOCUMENT -> throw error("unexpected end of document");
            }
        } while (open > 0);
    }

    /** Returns "line L column C" of the reading position, for messages. */
    String position() {
        long absolute = consumed + pos;
        return "line " + line + " column " + (absolute - lineStart + 1);
    }

    private void expect(Token token) throws IOException {
        Token actual = peek();
        if (actual != token) {
            throw new IllegalStateException("expected " + token + " but was " + actual);
        }
        peeked = null;
    }

    private void push(int scope) {
        if (depth == stack.length) {
            stack = Arrays.copyOf(stack, depth * 2);
        }
        stack[depth++] = scope;
    }

    private Token doPeek() throws IOException {
        int scope = stack[depth - 1];
        switch (scope) {
            case EMPTY_ARRAY -> stack[depth - 1] = NONEMPTY_ARRAY;
            case NONEMPTY_ARRAY -> {
                int c = nextNonWhitespace();
                pos++;
                if (c == ']') {
                    return Token.END_ARRAY;
                } else if (c != ',') {
                    pos--;
                    throw error("expected ',' or ']' in an array");
                }
            }
            case EMPTY_OBJECT, NONEMPTY_OBJECT -> {
                stack[depth - 1] = DANGLING_NAME;
                int c = nextNonWhitespace();
                if (scope == NONEMPTY_OBJECT) {
                    pos++;
                    if (c == '}') {
                        return Token.END_OBJECT;
                    } else if (c != ',') {
                        pos--;
                        throw error("expected ',' or '}' in an object");
                    }
                    c = nextNonWhitespace();
                }
                pos++;
                if (c == '"') {
                    return Token.NAME;
                } else if (c == '}' && scope == EMPTY_OBJECT) {
                    return Token.END_OBJECT;
                }
                pos--;
                throw error("expected a quoted name");
            }
            case DANGLING_NAME -> {
                stack[depth - 1] = NONEMPTY_OBJECT;
                if (nextNonWhitespace() != ':') {
                    throw error("expected ':' after a name");
                }
                pos++;
            }
            case EMPTY_DOCUMENT -> stack[depth - 1] = NONEMPTY_DOCUMENT;
            default -> {
                if (!fillUntilNonWhitespace()) {
                    return Token.END_DOCUMENT;
                }
                throw error("unexpected data after the top-level value");
            }
        }
        int c = nextNonWhitespace();
        switch (c) {
            case '{':
                pos++;
                return Token.BEGIN_OBJECT;
            case '[':
                pos++;
                return Token.BEGIN_ARRAY;
            case ']':
                if (scope == EMPTY_ARRAY) {
                    pos++;
                    return Token.END_ARRAY;
                }
                throw error("unexpected ']'");
            case '"':
                pos++;
                return Token.STRING;
            case 't':
            case 'f':
                return Token.BOOLEAN;
            case 'n':
                return Token.NULL;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return Token.NUMBER;
                }
                throw error("unexpected character '" + (char) c + "'");
        }
    }

    private int current() throws IOException {
        if (pos == limit && !fill()) {
            throw eof();
        }
        return buffer[pos];
    }

    /** Skips whitespace; returns the next byte without consuming it. */
    private int nextNonWhitespace() throws IOException {
        if (!fillUntilNonWhitespace()) {
            throw eof();
        }
        return buffer[pos];
    }

    private boolean fillUntilNonWhitespace() throws IOException {
        while (true) {
            if (pos == limit && !fill()) {
                return false;
            }
            byte b = buffer[pos];
            if (b == ' ' || b == '\t' || b == '\r') {
                pos++;
            } else if (b == '\n') {
                pos++;
                line++;
                lineStart = consumed + pos;
            } else {
                return true;
            }
        }
    }

    private boolean fill() throws IOException {
        consumed += limit;
        pos = 0;
        limit = 0;
        int n;
        while ((n = in.read(buffer, 0, buffer.length)) == 0) {
            // InputStream contract allows zero-length reads; keep asking.
        }
        if (n < 0) {
            return false;
        }
        limit = n;
        return true;
    }

    private void literal(String word) throws IOException {
        for (int i = 0; i < word.length(); i++) {
            if (pos == limit && !fill()) {
                throw eof();
            }
            if (buffer[pos] != word.charAt(i)) {
                throw error("expected '" + word + "'");
            }
            pos++;
        }
    }

    /** Copies the number at the cursor into {@code scratch}; returns its length. */
    private int scanNumber() throws IOException {
        int n = 0;
        while (true) {
            if (pos == limit && !fill()) {
                break;
            }
            byte b = buffer[pos];
            if ((b >= '0' && b <= '9')
                    || b == '-'
                    || b == '+'
                    || b == '.'
                    || b == 'e'
                    || b == 'E') {
                if (n == scratch.length) {
                    scratch = Arrays.copyOf(scratch, n * 2);
                }
                scratch[n++] = b;
                pos++;
            } else {
                break;
            }
        }
        return n;
    }

    private double parseNumber() throws IOException {
        int n = scanNumber();
        int i = 0;
        boolean negative = scratch[0] == '-';
        if (negative) {
            i++;
        }
        int intStart = i;
        long mantissa = 0;
        int digits = 0;
        int exponent = 0;
        for (; i < n && scratch[i] >= '0' && scratch[i] <= '9'; i++) {
            if (digits < 19) {
                mantissa = mantissa * 10 + (scratch[i] - '0');
                if (mantissa != 0) {
                    digits++;
                }
            } else {
                digits = 99; // too many digits for the fast path
            }
        }
        boolean valid = i > intStart && !(scratch[intStart] == '0' && i - intStart > 1);
        if (i < n && scratch[i] == '.') {
            int fracStart = ++i;
            for (; i < n && scratch[i] >= '0' && scratch[i] <= '9'; i++) {
                if (digits < 19) {
                    mantissa = mantissa * 10 + (scratch[i] - '0');
                    exponent--;
                    if (mantissa != 0) {
                        digits++;
                    }
                } else {
                    digits = 99;
                }
            }
            valid &= i > fracStart;
        }
        if (i < n && (scratch[i] == 'e' || scratch[i] == 'E')) {
            i++;
            boolean expNegative = false;
            if (i < n && (scratch[i] == '+' || scratch[i] == '-')) {
                expNegative = scratch[i++] == '-';
            }
            int expStart = i;
            int exp = 0;
            for (; i < n && scratch[i] >= '0' && scratch[i] <= '9'; i++) {
                exp = Math.min(exp * 10 + (scratch[i] - '0'), 100_000);
            }
            valid &= i > expStart;
            exponent += expNegative ? -exp : exp;
        }
        if (!valid || i != n) {
            throw error(
                    "malformed number '"
                            + new String(scratch, 0, n, StandardCharsets.ISO_8859_1)
                            + "'");
        }
        // Both operands are exact doubles, so one IEEE operation rounds correctly (Clinger).
        if (digits <= 15 && exponent >= -22 && exponent <= 22) {
            double value =
                    exponent >= 0 ? mantissa * POWERS[exponent] : mantissa / POWERS[-exponent];
            return negative ? -value : value;
        }
        return Double.parseDouble(new String(scratch, 0, n, StandardCharsets.ISO_8859_1));
    }

    private String readString(boolean cacheable) throws IOException {
        int start = pos;
        // Fast path: the whole string lies in the buffer and holds no escapes.
        for (int i = pos; i < limit; i++) {
            byte b = buffer[i];
            if (b == '"') {
                pos = i + 1;
                int length = i - start;
                if (cacheable && length <= 32) {
                    return cachedName(start, length);
                }
                return new String(buffer, start, length, StandardCharsets.UTF_8);
            }
            if (b == '\\') {
                break;
            }
        }
        return readStringSlow();
    }

    private String cachedName(int start, int length) {
        int hash = 0;
        for (int i = start; i < start + length; i++) {
            hash = 31 * hash + buffer[i];
        }
        int slot = (hash ^ (hash >>> 16)) & (names.length - 1);
        String cached = names[slot];
        if (cached != null && cached.length() == length) {
            boolean same = true;
            for (int i = 0; i < length && same; i++) {
                same = cached.charAt(i) == buffer[start + i];
            }
            if (same) {
                return cached;
            }
        }
        String name = new String(buffer, start, length, StandardCharsets.UTF_8);
        names[slot] = name;
        return name;
    }

    private String readStringSlow() throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        while (true) {
            if (pos == limit && !fill()) {
                throw eof();
            }
            byte b = buffer[pos++];
            if (b == '"') {
                return bytes.toString(StandardCharsets.UTF_8);
            }
            if (b != '\\') {
                bytes.write(b);
                continue;
            }
            if (pos == limit && !fill()) {
                throw eof();
            }
            byte e = buffer[pos++];
            switch (e) {
                case '"', '\\', '/' -> bytes.write(e);
                case 'b' -> bytes.write('\b');
                case 'f' -> bytes.write('\f');
                case 'n' -> bytes.write('\n');
                case 'r' -> bytes.write('\r');
                case 't' -> bytes.write('\t');
                case 'u' -> {
                    char c = (char) hex4();
                    if (Character.isHighSurrogate(c)) {
                        literal("\\u");
                        char low = (char) hex4();
                        bytes.writeBytes(
                                new String(new char[] {c, low}).getBytes(StandardCharsets.UTF_8));
                    } else {
                        bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                    }
                }
                default -> throw error("invalid escape '\\" + (char) e + "'");
            }
        }
    }

    private int hex4() throws IOException {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            if (pos == limit && !fill()) {
                throw eof();
            }
            int digit = Character.digit(buffer[pos++], 16);
            if (digit < 0) {
                throw error("invalid \\u escape");
            }
            value = value * 16 + digit;
        }
        return value;
    }

    private JsonSyntaxException error(String message) {
        return new JsonSyntaxException(message + " at " + position());
    }

    private EOFException eof() {
        return new EOFException("the file ends too early, at " + position());
    }
}
