package com.demozpay.gateway.adapter.dashen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.demozpay.gateway.adapter.dashen.testing.TestKeys;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DashenSettingsTest {

    private static DashenSettings settings(String baseUrl) {
        return DashenSettings.of(baseUrl, TestKeys.published(), Duration.ofSeconds(2), Duration.ofSeconds(10), 8, false);
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

    @ParameterizedTest
    @ValueSource(strings = {"http://api.dashen.example", "HTTP://127.0.0.1:8081", "http://[::1]:8081/partner"})
    void plainHttpIsRefusedByDefaultBecauseOnlyTlsProtectsTheBanksUnsignedAnswers(String baseUrl) {
        assertThatThrownBy(() -> new DashenSettings(URI.create(baseUrl), TestKeys.published(), Duration.ofSeconds(2),
                Duration.ofSeconds(10), 8))
                .isInstanceOf(PartnerAdapterInitException.class)
                .hasMessage("Dashen base URL must use https: the bank's answers are unsigned and only TLS protects them;"
                        + " plain http is for a sandbox (GATEWAY_DASHEN_ALLOW_INSECURE_HTTP=true)");
    }

    @Test
    void plainHttpIsAcceptedWhenInsecureHttpIsAllowedForTheSandbox() {
        DashenSettings settings = DashenSettings.of("HTTP://127.0.0.1:8081", TestKeys.published(), Duration.ofSeconds(2),
                Duration.ofSeconds(10), 8, true);

        assertThat(settings.resolve("/v1/transfers")).hasToString("HTTP://127.0.0.1:8081/v1/transfers");
        assertThat(settings.insecureHttpAllowed()).isTrue();
    }

    @Test
    void httpsNeedsNoPermission() {
        assertThat(DashenSettings.of("https://api.dashen.example", TestKeys.published(), Duration.ofSeconds(2),
                Duration.ofSeconds(10), 8, false).baseUrl()).hasScheme("https");
    }

    @Test
    void refusesNonPositiveTimeoutsAndConcurrency() {
        var key = TestKeys.published();
        assertThatThrownBy(() -> DashenSettings.of("http://h", key, Duration.ZERO, Duration.ofSeconds(1), 1, true))
                .isInstanceOf(PartnerAdapterInitException.class).hasMessageContaining("connect timeout");
        assertThatThrownBy(() -> DashenSettings.of("http://h", key, Duration.ofSeconds(1), Duration.ofSeconds(-1), 1, true))
                .isInstanceOf(PartnerAdapterInitException.class).hasMessageContaining("request timeout");
        assertThatThrownBy(() -> DashenSettings.of("http://h", key, Duration.ofSeconds(1), Duration.ofSeconds(1), 0, true))
                .isInstanceOf(PartnerAdapterInitException.class).hasMessageContaining("concurrent");
        assertThatThrownBy(() -> DashenSettings.of("http://h", null, Duration.ofSeconds(1), Duration.ofSeconds(1), 1, true))
                .isInstanceOf(PartnerAdapterInitException.class).hasMessageContaining("signing key");
    }

    @Test
    void toStringShowsNoKey() {
        assertThat(settings("https://dashen.example").toString()).doesNotContain("MfKQ9r8G").doesNotContain("signingKey");
    }
}
