package com.demozpay.gateway.adapter.dashen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.demozpay.gateway.adapter.dashen.testing.TestKeys;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DashenSigningKeyTest {

    private static final byte[] MESSAGE = "hello".getBytes(StandardCharsets.UTF_8);

    @Test
    void prefixedAndBareSecretGiveTheSameKey() {
        // given the published secret with and without its whsec_ prefix
        DashenSigningKey prefixed = DashenSigningKey.parse(TestKeys.PUBLISHED_SECRET);
        DashenSigningKey bare = DashenSigningKey.parse(TestKeys.PUBLISHED_SECRET.substring("whsec_".length()));

        // then both sign alike
        assertThat(bare.hmac(MESSAGE)).isEqualTo(prefixed.hmac(MESSAGE));
    }

    @ParameterizedTest
    @ValueSource(ints = {24, 64})
    void acceptsKeysOfTwentyFourToSixtyFourBytes(int length) {
        assertThat(DashenSigningKey.parse(Base64.getEncoder().encodeToString(new byte[length]))).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(ints = {16, 23, 65})
    void refusesKeysOfOtherLengthsNamingTheRule(int length) {
        String secret = Base64.getEncoder().encodeToString(new byte[length]);

        assertThatThrownBy(() -> DashenSigningKey.parse(secret))
                .isInstanceOf(InvalidSigningKeyException.class)
                .hasMessageContaining("24 to 64 bytes")
                .hasMessageNotContaining(secret);
    }

    @ParameterizedTest
    @ValueSource(strings = {"whsec_not base64 at all!!", "%%%%MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"})
    void refusesTextThatIsNotBase64WithoutEchoingIt(String secret) {
        assertThatThrownBy(() -> DashenSigningKey.parse(secret))
                .isInstanceOf(InvalidSigningKeyException.class)
                .hasMessageContaining("not valid base64")
                .hasMessageNotContaining(secret);
    }

    @Test
    void refusesAnEmptySecret() {
        assertThatThrownBy(() -> DashenSigningKey.parse(" ")).isInstanceOf(InvalidSigningKeyException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void toStringNeverShowsTheKey() {
        assertThat(TestKeys.published().toString()).isEqualTo("DashenSigningKey[redacted]")
                .doesNotContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    }
}
