package com.demozpay.gateway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.demozpay.gateway.adapter.dashen.testing.TestKeys;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SandboxCommandLineTest {

    @Test
    void startOptionsBecomeSettings() {
        Map<String, String> options = SandboxCommandLine.options(List.of("--port", "18081", "--signing-key",
                TestKeys.PUBLISHED_SECRET, "--webhook-url=http://127.0.0.1:50053/webhooks/dashen", "--accept-after", "250ms",
                "--complete-after", "PT3S", "--callback-retry", "2s", "--callback-attempts", "5", "--seed", "9"));

        SandboxSettings settings = SandboxCommandLine.settings(options, null);

        assertThat(settings.port()).isEqualTo(18081);
        assertThat(settings.webhookUrl()).contains(URI.create("http://127.0.0.1:50053/webhooks/dashen"));
        assertThat(settings.acceptAfter()).isEqualTo(Duration.ofMillis(250));
        assertThat(settings.completeAfter()).isEqualTo(Duration.ofSeconds(3));
        assertThat(settings.callbackRetryDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.callbackAttempts()).isEqualTo(5);
        assertThat(settings.seed()).isEqualTo(9);
    }

    @Test
    void signingKeyComesFromTheEnvironmentWhenNotGiven() {
        SandboxSettings settings = SandboxCommandLine.settings(Map.of(), TestKeys.PUBLISHED_SECRET);

        assertThat(settings.port()).isZero();
        assertThat(settings.webhookUrl()).isEqualTo(Optional.empty());
    }

    @Test
    void missingSigningKeyIsAnError() {
        assertThatThrownBy(() -> SandboxCommandLine.settings(Map.of(), null)).hasMessageContaining("--signing-key");
    }

    @Test
    void faultOptionsSetEveryFaultMode() {
        SandboxFaults faults = new SandboxFaults();

        SandboxCommandLine.applyFaults(SandboxCommandLine.options(List.of("--reject", "0000=INVALID_ACCOUNT,9999=ACCOUNT_CLOSED",
                "--limit", "50000.00", "--fail-later", "0.2:ACCOUNT_CLOSED", "--error-after-record", "0.1", "--throttle",
                "0.05", "--latency", "300ms", "--hang", "0.1:45s", "--duplicate-callbacks", "0.3", "--reorder-callbacks",
                "0.4", "--callbacks", "off")), faults, false);

        assertThat(faults.rejectRules()).containsExactly(new SandboxFaults.RejectRule("0000", "INVALID_ACCOUNT"),
                new SandboxFaults.RejectRule("9999", "ACCOUNT_CLOSED"));
        assertThat(faults.limitMinor()).isEqualTo(5_000_000L);
        assertThat(faults.failLaterShare()).isEqualTo(0.2);
        assertThat(faults.failLaterCode()).isEqualTo("ACCOUNT_CLOSED");
        assertThat(faults.errorAfterRecordShare()).isEqualTo(0.1);
        assertThat(faults.throttleShare()).isEqualTo(0.05);
        assertThat(faults.latency()).isEqualTo(Duration.ofMillis(300));
        assertThat(faults.hangShare()).isEqualTo(0.1);
        assertThat(faults.hangFor()).isEqualTo(Duration.ofSeconds(45));
        assertThat(faults.duplicateCallbackShare()).isEqualTo(0.3);
        assertThat(faults.reorderCallbackShare()).isEqualTo(0.4);
        assertThat(faults.callbacksOff()).isTrue();
    }

    @Test
    void noRejectRulesWithNone() {
        SandboxFaults faults = new SandboxFaults();

        SandboxCommandLine.applyFaults(Map.of("reject", "none"), faults, false);

        assertThat(faults.rejectRules()).isEmpty();
    }

    @Test
    void startOnlyOptionsCannotChangeWhileRunning() {
        assertThatThrownBy(() -> SandboxCommandLine.applyFaults(Map.of("port", "1"), new SandboxFaults(), true))
                .hasMessage("--port can only be set at start");
    }

    @Test
    void badOptionsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> SandboxCommandLine.options(List.of("--colour", "red"))).hasMessage("unknown option --colour");
        assertThatThrownBy(() -> SandboxCommandLine.options(List.of("--latency"))).hasMessage("--latency needs a value");
        assertThatThrownBy(() -> SandboxCommandLine.options(List.of("latency"))).hasMessageContaining("expected an option");
        assertThatThrownBy(() -> SandboxCommandLine.duration("soon")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> SandboxCommandLine.applyFaults(Map.of("throttle", "2"), new SandboxFaults(), true))
                .hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> SandboxCommandLine.applyFaults(Map.of("reject", "abc"), new SandboxFaults(), true))
                .hasMessageContaining("SUFFIX=CODE");
        assertThatThrownBy(() -> SandboxCommandLine.applyFaults(Map.of("callbacks", "maybe"), new SandboxFaults(), true))
                .hasMessageContaining("on or off");
    }
}
