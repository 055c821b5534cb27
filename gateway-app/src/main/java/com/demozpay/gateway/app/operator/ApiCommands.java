package com.demozpay.gateway.app.operator;

import com.demozpay.gateway.api.v1.Beneficiary;
import com.demozpay.gateway.api.v1.Disbursement;
import com.demozpay.gateway.api.v1.GetStatusRequest;
import com.demozpay.gateway.api.v1.InitiateDisbursementRequest;
import com.demozpay.gateway.api.v1.Money;
import com.demozpay.gateway.api.v1.Product;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code initiate} and {@code status}: the gateway's gRPC API from the command line, so the demo (or a
 * smoke test of a deployment) needs nothing installed. They talk to a running gateway exactly as the
 * platform does.
 */
public final class ApiCommands {

    public static final String INITIATE_USAGE = "gateway initiate --key KEY --product EWA|LOAN --product-reference REF"
            + " --amount-minor N [--currency ETB] --account-number DIGITS --account-name NAME [--narrative TEXT]"
            + " [--target HOST:PORT] [--tls] [--tls-ca FILE] [--tls-cert FILE --tls-key FILE] [--authority NAME] [--json]";
    public static final String STATUS_USAGE = "gateway status ID | --key KEY [--refresh] [--target HOST:PORT] [--tls]"
            + " [--tls-ca FILE] [--tls-cert FILE --tls-key FILE] [--authority NAME] [--json]";

    private static final Logger log = LoggerFactory.getLogger(ApiCommands.class);
    private static final Set<String> CONNECTION = Set.of("target", "tls-ca", "tls-cert", "tls-key", "authority");
    private static final Set<String> SWITCHES = Set.of("json", "tls");

    private ApiCommands() {
    }

    public static int initiate(List<String> args, Optional<String> token, Output.Factory output) throws UsageException {
        Arguments parsed = Arguments.parse(args, union(CONNECTION, Set.of("key", "product", "product-reference",
                "amount-minor", "currency", "account-number", "account-name", "narrative")), SWITCHES);
        parsed.positional(0, "no words");
        InitiateDisbursementRequest request = InitiateDisbursementRequest.newBuilder()
                .setIdempotencyKey(parsed.required("key"))
                .setProduct(product(parsed.required("product")))
                .setProductReference(parsed.required("product-reference"))
                .setAmount(Money.newBuilder().setAmountMinor(amountMinor(parsed.required("amount-minor")))
                        .setCurrency(parsed.option("currency").orElse("ETB")))
                .setBeneficiary(Beneficiary.newBuilder().setAccountNumber(parsed.required("account-number"))
                        .setAccountName(parsed.required("account-name")))
                .setNarrative(parsed.option("narrative").orElse(""))
                .build();
        try (GatewayClient client = GatewayClient.connect(parsed, token)) {
            Disbursement disbursement = client.initiate(request);
            log.atInfo().setMessage("operator initiate").addKeyValue("disbursement_id", disbursement.getId())
                    .addKeyValue("idempotency_key", disbursement.getIdempotencyKey())
                    .addKeyValue("status", disbursement.getStatus().name()).log();
            output.of(parsed).record(DisbursementView.of(disbursement).fields());
            return 0;
        } catch (StatusRuntimeException failed) {
            return failed("initiate", failed);
        }
    }

    public static int status(List<String> args, Optional<String> token, Output.Factory output) throws UsageException {
        Arguments parsed = Arguments.parse(args, union(CONNECTION, Set.of("key")), union(SWITCHES, Set.of("refresh")));
        GetStatusRequest.Builder request = GetStatusRequest.newBuilder().setRefresh(parsed.flag("refresh"));
        Optional<String> key = parsed.option("key");
        if (key.isPresent()) {
            parsed.positional(0, "no id with --key");
            request.setIdempotencyKey(key.get());
        } else {
            request.setId(parsed.positional(1, "a disbursement id (or --key KEY)").get(0));
        }
        try (GatewayClient client = GatewayClient.connect(parsed, token)) {
            output.of(parsed).record(DisbursementView.of(client.status(request.build())).fields());
            return 0;
        } catch (StatusRuntimeException failed) {
            return failed("status", failed);
        }
    }

    private static int failed(String command, StatusRuntimeException failed) {
        Status status = failed.getStatus();
        log.atError().setMessage("gateway call failed").addKeyValue("command", command)
                .addKeyValue("code", status.getCode().name())
                .addKeyValue("err", status.getDescription() == null ? status.getCode().name() : status.getDescription())
                .log();
        return switch (status.getCode()) {
            case NOT_FOUND -> ExitCodes.NOT_FOUND;
            case UNAVAILABLE, DEADLINE_EXCEEDED -> ExitCodes.UNAVAILABLE;
            default -> ExitCodes.REJECTED;
        };
    }

    private static Product product(String text) throws UsageException {
        if (!text.equals("EWA") && !text.equals("LOAN")) {
            throw new UsageException("--product must be EWA or LOAN");
        }
        return Product.valueOf(text);
    }

    private static long amountMinor(String text) throws UsageException {
        try {
            long amount = Long.parseLong(text);
            if (amount > 0) {
                return amount;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new UsageException("--amount-minor must be a whole number of minor units (santim) above 0");
    }

    static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }
}
