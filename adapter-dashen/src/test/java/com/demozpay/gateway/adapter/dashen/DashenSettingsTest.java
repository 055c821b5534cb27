package com.demozpay.gateway.adapter.dashen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.demozpay.gateway.adapter.dashen.testing.TestKeys;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DashenSettingsTest {

    private static DashenSettings settings(String baseUrl) {
        return DashenSettings.of(baseUrl, TestKeys.published(), Duration.ofSeconds(2), Duration.ofSeconds(10), 8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1", "dashen.example", "ftp://dashen.example", "file:///etc/passwd", "mailto:ops@dashen.example",
            "http://", "http://user:secret@dashen.example", "https://dashen.example?x=1", "https://dashen.example#top",
            "http://dashen example", "", "  "})
    void unusableBaseUrlFailsAdapterInitWithoutEchoingIt(String baseUrl) {
        assertThatThrownBy(() -> settings(baseUrl))
                .isInstanceOf(PartnerAdapterInitException.class)
                .hasMessageStartingWith("Dashen base URL must be an absolute http or https URL")
                .satisfies(e -> {
                    if (!baseUrl.isBlank()) {
                        assertThat(e.getMessage()).doesNotContain(baseUrl);
                    }
                });
    }

    @Test
    void keepsAPathPrefixAndDropsTrailingSlashes() {
        DashenSettings settings = settings("https://api.dashen.example/partner/");

        assertThat(settings.resolve("/v1/transfers")).hasToString("https://api.dashen.example/partner/v1/transfers");
    }

    @Test
    void acceptsHttpForTheSandbox() {
        assertThat(settings("HTTP://127.0.0.1:8081").resolve("/v1/transfers")).hasToString("HTTP://127.0.0.1:8081/v1/transfers");
    }

    @Test
    void refusesNonPositiveTimeoutsAndConcurrency() {
        var key = TestKeys.published();
        assertThatThrownBy(() -> DashenSettings.of("http://h", key, Duration.ZERO, Duration.ofSeconds(1), 1))
                .isInstanceOf(PartnerAdapterInitException.class).hasMessageContaining("connect timeout");
        assertThatThrownBy(() -> DashenSettings.of("http://h", key, Duration.ofSeconds(1), Duration.ofSeconds(-1), 1))
                .isInstanceOf(PartnerAdapterInitException.class).hasMessageContaining("request timeout");
        assertThatThrownBy(() -> DashenSettings.of("http://h", key, Duration.ofSeconds(1), Duration.ofSeconds(1), 0))
                .isInstanceOf(PartnerAdapterInitException.class).hasMessageContaining("concurrent");
        assertThatThrownBy(() -> DashenSettings.of("http://h", null, Duration.ofSeconds(1), Duration.ofSeconds(1), 1))
                .isInstanceOf(PartnerAdapterInitException.class).hasMessageContaining("signing key");
    }

    @Test
    void toStringShowsNoKey() {
        assertThat(settings("https://dashen.example").toString()).doesNotContain("MfKQ9r8G").doesNotContain("signingKey");
    }
}
