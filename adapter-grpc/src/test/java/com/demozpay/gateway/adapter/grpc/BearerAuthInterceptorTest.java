package com.demozpay.gateway.adapter.grpc;

import static com.demozpay.gateway.adapter.grpc.GatewayHarness.authorizationHeader;
import static com.demozpay.gateway.adapter.grpc.GatewayHarness.validRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.demozpay.gateway.api.v1.DisbursementStatus;
import io.grpc.ClientInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BearerAuthInterceptorTest {

    private static final String TOKEN = "s3cret-Token_value";

    @Nested
    class WithATokenConfigured {

        @Test
        void callWithoutAuthorizationIsUnauthenticatedAndDoesNoWork() {
            try (GatewayHarness gateway = GatewayHarness.withAuthToken(TOKEN)) {
                // when
                StatusRuntimeException error = catchThrowableOfType(StatusRuntimeException.class,
                        () -> gateway.client().initiateDisbursement(validRequest("key-anonymous")));

                // then
                assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                assertThat(gateway.store.all()).isEmpty();
                assertThat(gateway.partner.submitted()).isEmpty();
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"Bearer wrong", "Bearer " + TOKEN + "x", "Bearer " + "s3cret-Token_valuE", TOKEN,
                "Basic " + TOKEN, "bearer " + TOKEN, "Bearer  " + TOKEN})
        void callWithAnyOtherAuthorizationIsUnauthenticated(String authorization) {
            try (GatewayHarness gateway = GatewayHarness.withAuthToken(TOKEN)) {
                // when
                StatusRuntimeException error = catchThrowableOfType(StatusRuntimeException.class,
                        () -> gateway.client(authorization).initiateDisbursement(validRequest("key-wrong")));

                // then
                assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                assertThat(error.getStatus().getDescription()).doesNotContain(TOKEN);
                assertThat(gateway.store.all()).isEmpty();
            }
        }

        @Test
        void callWithTheBearerTokenIsServed() {
            try (GatewayHarness gateway = GatewayHarness.withAuthToken(TOKEN)) {
                // when
                var disbursement = gateway.client("Bearer " + TOKEN).initiateDisbursement(validRequest("key-authorized"));

                // then
                assertThat(disbursement.getStatus()).isEqualTo(DisbursementStatus.SUBMITTED);
            }
        }

        @Test
        void healthNeedsNoToken() {
            try (GatewayHarness gateway = GatewayHarness.withAuthToken(TOKEN)) {
                // given
                gateway.server.setServing(true);

                // when
                var health = HealthGrpc.newBlockingStub(gateway.channel).check(HealthCheckRequest.getDefaultInstance());

                // then
                assertThat(health.getStatus()).isEqualTo(ServingStatus.SERVING);
            }
        }

        @Test
        void reflectionNeedsTheTokenLikeEveryCallButHealth() throws Throwable {
            try (GatewayHarness gateway = GatewayHarness.withAuthToken(TOKEN)) {
                // when
                StatusRuntimeException anonymous = catchThrowableOfType(StatusRuntimeException.class,
                        () -> ReflectionClient.ask(gateway.channel, ReflectionClient.listServices()));
                var authorized = ReflectionClient.ask(ClientInterceptors.intercept(gateway.channel,
                                MetadataUtils.newAttachHeadersInterceptor(authorizationHeader("Bearer " + TOKEN))),
                        ReflectionClient.listServices());

                // then
                assertThat(anonymous.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                assertThat(authorized.hasListServicesResponse()).isTrue();
            }
        }
    }

    @Nested
    class WithoutAToken {

        @Test
        void callWithoutAuthorizationIsServed() {
            try (GatewayHarness gateway = GatewayHarness.start()) {
                // when
                var disbursement = gateway.client().initiateDisbursement(validRequest("key-open"));

                // then
                assertThat(disbursement.getStatus()).isEqualTo(DisbursementStatus.SUBMITTED);
            }
        }
    }
}
