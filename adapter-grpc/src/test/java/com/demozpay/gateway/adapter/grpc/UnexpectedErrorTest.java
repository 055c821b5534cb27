package com.demozpay.gateway.adapter.grpc;

import static com.demozpay.gateway.adapter.grpc.GatewayHarness.validRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.demozpay.gateway.testing.CapturedLogs;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UnexpectedErrorTest {

    private static final Pattern OPAQUE = Pattern.compile(
            "internal error; reference ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})");

    private final CapturedLogs logs = CapturedLogs.all();
    private final GatewayHarness gateway = GatewayHarness.withInitiate(real -> draft -> {
        throw new IllegalStateException("pool proxy broke at com.example.Secret line 42");
    });

    @AfterEach
    void stop() {
        gateway.close();
        logs.close();
    }

    @Test
    void unexpectedExceptionIsAnOpaqueInternalWhoseReferenceLeadsToTheDetailInTheLog() {
        // when
        StatusRuntimeException error = catchThrowableOfType(StatusRuntimeException.class,
                () -> gateway.client().initiateDisbursement(validRequest("key-internal")));

        // then the caller sees a reference and nothing else
        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
        Matcher opaque = OPAQUE.matcher(error.getStatus().getDescription());
        assertThat(opaque.matches()).as(error.getStatus().getDescription()).isTrue();
        assertThat(error.getTrailers().keys()).doesNotContain("grpc-status-details-bin");
        // and one ERROR line carries the detail under the same reference
        ILoggingEvent logged = logs.events().stream()
                .filter(e -> e.getLevel() == Level.ERROR)
                .filter(e -> opaque.group(1).equals(String.valueOf(CapturedLogs.keyValues(e).get("reference"))))
                .findFirst().orElseThrow();
        assertThat(CapturedLogs.keyValues(logged)).containsEntry("err",
                "java.lang.IllegalStateException: pool proxy broke at com.example.Secret line 42");
        assertThat(logged.getThrowableProxy().getClassName()).isEqualTo(IllegalStateException.class.getName());
        assertThat(logs.keyValuesOf("grpc call")).extracting(kv -> kv.get("status")).containsExactly("INTERNAL");
        assertThat(logs.keyValuesOf("grpc call").get(0)).extracting(kv -> kv.get("status_message"))
                .isEqualTo(error.getStatus().getDescription());
    }
}
