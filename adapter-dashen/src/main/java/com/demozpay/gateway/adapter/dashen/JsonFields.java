package com.demozpay.gateway.adapter.dashen;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The top-level fields of one JSON object, read with jackson-core's streaming parser: each is a string, null
 * (as if absent), or something else (a number, boolean, object or array), which a caller asking for text is
 * told is not a string. The bank's transfer objects are flat; jackson-databind's tree would cost every gateway
 * process ~440 more classes and a node per value, and buy nothing here (docs/performance.md, "Phase 5"). A
 * field given twice is refused: which of two amounts the bank meant is not ours to guess.
 */
final class JsonFields {

    private final Map<String, String> texts;
    private final Set<String> notTexts;

    private JsonFields(Map<String, String> texts, Set<String> notTexts) {
        this.texts = texts;
        this.notTexts = notTexts;
    }

    /** The whole body as one JSON object; whitespace may follow it, nothing else. */
    static JsonFields parse(JsonFactory json, byte[] body) throws MalformedTransferException {
        try (JsonParser parser = json.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedTransferException("body is not a JSON object");
            }
            JsonFields fields = read(parser);
            if (parser.nextToken() != null) {
                throw new MalformedTransferException("body has more after its JSON object");
            }
            return fields;
        } catch (JsonParseException e) {
            throw new MalformedTransferException("body is not JSON");
        } catch (IOException e) {
            throw new MalformedTransferException("body cannot be read");
        }
    }

    /** The object that starts at the parser's current token, {@code START_OBJECT}; leaves it on its {@code END_OBJECT}. */
    static JsonFields read(JsonParser parser) throws IOException, MalformedTransferException {
        Map<String, String> texts = new HashMap<>();
        Set<String> notTexts = new HashSet<>();
        Set<String> seen = new HashSet<>();
        String field;
        while ((field = nextField(parser, seen)) != null) {
            JsonToken value = parser.nextToken();
            if (value == JsonToken.VALUE_STRING) {
                texts.put(field, parser.getText());
            } else if (value != JsonToken.VALUE_NULL) {
                notTexts.add(field);
                parser.skipChildren();
            }
        }
        return new JsonFields(Map.copyOf(texts), Set.copyOf(notTexts));
    }

    /**
     * The name of the object's next field, or null at its end; a name already in {@code seen} is refused, so that
     * no reader of the bank's JSON ever picks one of two values (or drops one of two arrays) for a field.
     */
    static String nextField(JsonParser parser, Set<String> seen) throws IOException, MalformedTransferException {
        String field = parser.nextFieldName();
        if (field != null && !seen.add(field)) {
            throw new MalformedTransferException(field + " is given twice");
        }
        return field;
    }

    /** The field's text; empty when it is absent or null. */
    Optional<String> text(String field) throws MalformedTransferException {
        if (notTexts.contains(field)) {
            throw new MalformedTransferException(field + " must be a string");
        }
        return Optional.ofNullable(texts.get(field));
    }
}
