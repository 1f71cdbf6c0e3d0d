package dev.annogan.datasets.coco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.annogan.datasets.coco.JsonCursor.Token;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The byte-level JSON cursor reads what the JSON grammar says and parses numbers exactly. */
class JsonCursorTest {

    private static JsonCursor cursor(String json) {
        return new JsonCursor(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void numbersParseExactlyAsDoubleParseDouble() throws IOException {
        Random random = new Random(7);
        StringBuilder json = new StringBuilder("[");
        String[] texts = new String[20_000];
        for (int i = 0; i < texts.length; i++) {
            texts[i] =
                    switch (i % 5) {
                        case 0 -> String.format("%.2f", random.nextDouble() * 1000);
                        case 1 -> Double.toString(random.nextGaussian() * 1e-5);
                        case 2 -> Long.toString(random.nextLong() >> random.nextInt(60));
                        case 3 ->
                                Double.toString(
                                        random.nextDouble()
                                                * Math.pow(10, random.nextInt(40) - 20));
                        default ->
                                "-"
                                        + random.nextInt(100)
                                        + "."
                                        + random.nextInt(1_000_000)
                                        + "e"
                                        + (random.nextInt(60) - 30);
                    };
            json.append(i == 0 ? "" : ",").append(texts[i]);
        }
        JsonCursor cursor = cursor(json.append("]").toString());
        cursor.beginArray();
        for (String text : texts) {
            assertEquals(Double.parseDouble(text), cursor.nextDouble(), text);
        }
        cursor.endArray();
        assertEquals(Token.END_DOCUMENT, cursor.peek());
    }

    @Test
    void readsNestedStructuresAndLiterals() throws IOException {
        JsonCursor cursor =
                cursor(
                        " {\"a\": [1, -0.5e1, true, false, null, \"x\\\"y\\u00e9\\n\"], \"b\": {}} ");
        cursor.beginObject();
        assertEquals("a", cursor.nextName());
        cursor.beginArray();
        assertEquals(1L, cursor.nextLong());
        assertEquals(-5.0, cursor.nextDouble());
        assertTrue(cursor.nextBoolean());
        assertFalse(cursor.nextBoolean());
        cursor.nextNull();
        assertEquals("x\"y\u00e9\n", cursor.nextString());
        assertFalse(cursor.hasNext());
        cursor.endArray();
        assertEquals("b", cursor.nextName());
        cursor.skipValue();
        cursor.endObject();
        assertEquals(Token.END_DOCUMENT, cursor.peek());
    }

    @Test
    void repeatedKeysShareOneString() throws IOException {
        JsonCursor cursor = cursor("[{\"image_id\": 1}, {\"image_id\": 2}]");
        cursor.beginArray();
        cursor.beginObject();
        String first = cursor.nextName();
        cursor.skipValue();
        cursor.endObject();
        cursor.beginObject();
        assertSame(first, cursor.nextName());
    }

    @Test
    void nonUtf8SafeMultibyteStringsDecode() throws IOException {
        assertEquals("日本語 ok", cursor("\"日本語 ok\"").nextString());
    }

    @Test
    void integralIdsWrittenAsDecimalsAreAccepted() throws IOException {
        JsonCursor cursor = cursor("[12.0, 1e3, 12.5, 900100184324]");
        cursor.beginArray();
        assertEquals(12L, cursor.nextLong());
        assertEquals(1000L, cursor.nextLong());
        assertThrows(NumberFormatException.class, cursor::nextLong);
        assertEquals(900100184324L, cursor.nextLong());
    }

    @Test
    void syntaxErrorsGiveLineAndColumn() {
        IOException e =
                assertThrows(IOException.class, () -> cursor("{\n  \"a\": 1,,\n}").skipValue());
        assertEquals("expected a quoted name at line 2 column 10", e.getMessage());
        e = assertThrows(IOException.class, () -> cursor("[1 2]").skipValue());
        assertEquals("expected ',' or ']' in an array at line 1 column 4", e.getMessage());
        e = assertThrows(IOException.class, () -> cursor("[01]").skipValue());
        assertEquals("malformed number '01' at line 1 column 4", e.getMessage());
        e = assertThrows(IOException.class, () -> cursor("[1,]").skipValue());
        assertEquals("unexpected ']' at line 1 column 4", e.getMessage());
        e = assertThrows(IOException.class, () -> cursor("[NaN]").skipValue());
        assertEquals("unexpected character 'N' at line 1 column 2", e.getMessage());
        assertThrows(EOFException.class, () -> cursor("{\"a\": [1, 2").skipValue());
    }

    @Test
    void dataAfterTheTopValueIsAnError() throws IOException {
        JsonCursor cursor = cursor("{} {}");
        cursor.skipValue();
        IOException e = assertThrows(IOException.class, cursor::peek);
        assertTrue(e.getMessage().startsWith("unexpected data after the top-level value"));
    }
}
