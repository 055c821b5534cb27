package com.demozpay.gateway.adapter.grpc;

import static com.demozpay.gateway.adapter.grpc.GatewayHarness.ACCOUNT_NUMBER;
import static com.demozpay.gateway.adapter.grpc.GatewayHarness.bankAccepted;
import static com.demozpay.gateway.adapter.grpc.GatewayHarness.validRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.demozpay.gateway.api.v1.Beneficiary;
import com.demozpay.gateway.api.v1.Disbursement;
import com.demozpay.gateway.api.v1.GetStatusRequest;
import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.domain.Failure;
import com.demozpay.gateway.domain.PartnerOutcome;
import com.demozpay.gateway.testing.CapturedLogs;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AccessLogInterceptorTest {

    private static final String INITIATE = "demoz.gateway.v1.DisbursementGateway/InitiateDisbursement";
    private static final String GET_STATUS = "demoz.gateway.v1.DisbursementGateway/GetStatus";

    private final CapturedLogs logs = CapturedLogs.all();
    private final GatewayHarness gateway = GatewayHarness.start();

    @AfterEach
    void stop() {
        gateway.close();
        logs.close();
    }

    @Test
    void eachCallWritesOneAccessLineWithRpcStatusDurationAndDisbursementIdWhenKnown() {
        // given
        gateway.partner.thenSubmit(bankAccepted("DSH-TX-1"));

        // when
        Disbursement disbursement = gateway.client().initiateDisbursement(validRequest("key-logged"));
        catchThrowableOfType(StatusRuntimeException.class, () -> gateway.client()
                .getStatus(GetStatusRequest.newBuilder().setId(UUID.randomUUID().toString()).build()));

        // then
        List<Map<String, Object>> lines = logs.keyValuesOf("grpc call");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0))
                .containsEntry("rpc", INITIATE)
                .containsEntry("status", "OK")
                .containsEntry("disbursement_id", disbursement.getId())
                .doesNotContainKey("status_message");
        assertThat((Double) lines.get(0).get("duration_ms")).isGreaterThan(0.0);
        assertThat(lines.get(1))
                .containsEntry("rpc", GET_STATUS)
                .containsEntry("status", "NOT_FOUND")
                .doesNotContainKey("disbursement_id");
        assertThat((String) lines.get(1).get("status_message")).startsWith("no disbursement with id ");
    }

    @Test
    void noLogLineCarriesAFullAccountNumberWhateverTheOutcome() {
        // given
        gateway.partner.thenSubmit(
                bankAccepted("DSH-TX-2"),
                new PartnerOutcome.Rejected(new Failure("INVALID_ACCOUNT", "no such account")),
                new PartnerOutcome.NotReceived("connection refused"));
        String tooShort = ACCOUNT_NUMBER.substring(0, 9);

        // when
        gateway.client().initiateDisbursement(validRequest("key-a"));
        gateway.client().initiateDisbursement(validRequest("key-b"));
        catchThrowableOfType(StatusRuntimeException.class,
                () -> gateway.client().initiateDisbursement(validRequest("key-c")));
        catchThrowableOfType(StatusRuntimeException.class, () -> gateway.client().initiateDisbursement(
                validRequest("key-a").toBuilder().setBeneficiary(Beneficiary.newBuilder()
                        .setAccountNumber(ACCOUNT_NUMBER + "1").setAccountName("Someone Else")).build()));
        catchThrowableOfType(StatusRuntimeException.class, () -> gateway.client().initiateDisbursement(
                validRequest("key-d").toBuilder().setBeneficiary(Beneficiary.newBuilder()
                        .setAccountNumber(tooShort).setAccountName("Abebe Kebede")).build()));

        // then
        assertThat(logs.keyValuesOf("grpc call")).extracting(kv -> kv.get("status"))
                .containsExactly("OK", "OK", "UNAVAILABLE", "ALREADY_EXISTS", "INVALID_ARGUMENT");
        assertThat(logs.events()).map(CapturedLogs::fullText).noneMatch(text -> text.contains(tooShort));
    }

    @Test
    void callDurationsAreAHistogramPerMethodAndStatusCode() {
        // given
        gateway.partner.alwaysSubmit(d -> bankAccepted("DSH-" + d.id()));

        // when
        gateway.client().initiateDisbursement(validRequest("key-1"));
        gateway.client().initiateDisbursement(validRequest("key-2"));
        catchThrowableOfType(StatusRuntimeException.class,
                () -> gateway.client().initiateDisbursement(validRequest("")));

        // then
        assertThat(gateway.registry.get(AccessLogInterceptor.TIMER_NAME)
                .tags("method", INITIATE, "status", "OK").timer().count()).isEqualTo(2);
        assertThat(gateway.registry.get(AccessLogInterceptor.TIMER_NAME)
                .tags("method", INITIATE, "status", "INVALID_ARGUMENT").timer().count()).isEqualTo(1);
        String scrape = gateway.registry.scrape();
        assertThat(scrape.lines().filter(line -> line.startsWith("demozpay_grpc_server_requests_seconds_bucket{")))
                .anyMatch(line -> line.contains("method=\"" + INITIATE + "\"") && line.contains("status=\"OK\"")
                        && line.contains("le=\"+Inf\"") && line.endsWith(" 2"))
                .anyMatch(line -> line.contains("status=\"INVALID_ARGUMENT\"") && line.contains("le=\"+Inf\""));
    }

    @Test
    void callAbandonedAtItsDeadlineIsLoggedAsDeadlineExceededThoughTheWorkCompletes() throws InterruptedException {
        // given a bank that answers only after the caller's deadline has passed
        gateway.partner.alwaysSubmit(d -> {
            GatewayHarness.awaitDeadlinePassed(Context.current());
            return new PartnerOutcome.Unknown("read timed out");
        });

        gateway.warmUp();

        // when
        StatusRuntimeException error = catchThrowableOfType(StatusRuntimeException.class, () -> gateway.client()
                .withDeadlineAfter(500, TimeUnit.MILLISECONDS).initiateDisbursement(validRequest("key-slow")));

        // then the caller saw its deadline, the log says so, and the disbursement was not left half-done
        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
        logs.awaitKeyValues("grpc call", kv -> INITIATE.equals(kv.get("rpc")));
        assertThat(logs.keyValuesOf("grpc call")).filteredOn(kv -> INITIATE.equals(kv.get("rpc")))
                .extracting(kv -> kv.get("status")).containsExactly("DEADLINE_EXCEEDED");
        assertThat(gateway.store.all()).extracting(d -> d.status()).containsExactly(DisbursementStatus.SUBMITTED);
    }
}
