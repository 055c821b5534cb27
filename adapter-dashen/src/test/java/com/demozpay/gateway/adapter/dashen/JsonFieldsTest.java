package com.demozpay.gateway.adapter.dashen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonFieldsTest {

    private final JsonFactory json = new JsonFactory();

    private JsonFields parse(String body) throws MalformedTransferException {
        return JsonFields.parse(json, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsStringsAndTreatsNullAndAbsentAlike() throws Exception {
        JsonFields fields = parse("{\"reference\":\"r-1\",\"note\":null,\"escaped\":\"a\\\"b\\u00e9\"}\n");

        assertThat(fields.text("reference")).contains("r-1");
        assertThat(fields.text("escaped")).contains("a\"bé");
        assertThat(fields.text("note")).isEmpty();
        assertThat(fields.text("absent")).isEmpty();
    }

    @Test
    void aValueThatIsNotAStringIsAnErrorOnlyWhenAskedFor() throws Exception {
        JsonFields fields = parse("{\"amount\":150.00,\"meta\":{\"amount\":\"1.00\",\"list\":[1,{\"x\":2}]},"
                + "\"flags\":[true],\"reference\":\"r-1\"}");

        assertThat(fields.text("reference")).contains("r-1");
        for (String field : new String[] {"amount", "meta", "flags"}) {
            assertThatThrownBy(() -> fields.text(field)).isInstanceOf(MalformedTransferException.class)
                    .hasMessage(field + " must be a string");
        }
        // A nested object's fields are not the top level's.
        assertThat(fields.text("list")).isEmpty();
        assertThat(fields.text("x")).isEmpty();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "'{\"amount\":\"1.00\",\"amount\":\"9.00\"}' | amount is given twice",
            "'{\"a\":\"1\"}{\"a\":\"2\"}'                | body has more after its JSON object",
            "'{\"a\":\"1\"} trailing'                    | body is not JSON",
            "'{\"a\":\"1\"'                              | body is not JSON",
            "'[{\"a\":\"1\"}]'                           | body is not a JSON object",
            "'\"a\"'                                     | body is not a JSON object",
            "''                                          | body is not a JSON object",
    })
    void refusesWhatIsNotExactlyOneObject(String body, String expected) {
        assertThatThrownBy(() -> parse(body)).isInstanceOf(MalformedTransferException.class).hasMessage(expected);
    }
}
