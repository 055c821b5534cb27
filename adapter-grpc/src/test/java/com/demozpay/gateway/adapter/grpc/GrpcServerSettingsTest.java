package com.demozpay.gateway.adapter.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class GrpcServerSettingsTest {

    @Test
    void printedSettingsSayATokenIsSetButNeverShowIt() {
        GrpcServerSettings settings = GrpcServerSettings.of("127.0.0.1", 0, Optional.of("s3cr3t-grpc-token"));

        assertThat(settings.toString()).doesNotContain("s3cr3t-grpc-token").contains("authToken=***")
                .contains("host=127.0.0.1");
    }

    @Test
    void printedSettingsWithoutATokenSayNone() {
        assertThat(GrpcServerSettings.of("127.0.0.1", 0, Optional.empty()).toString()).contains("authToken=none");
    }
}
