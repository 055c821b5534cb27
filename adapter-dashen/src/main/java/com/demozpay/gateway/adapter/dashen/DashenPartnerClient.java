package com.demozpay.gateway.adapter.dashen;

import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.domain.PartnerOutcome;
import com.demozpay.gateway.ports.out.PartnerClient;
import com.demozpay.gateway.ports.out.TransferLookup;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link PartnerClient} over Dashen Bank's signed REST API: {@code POST /v1/transfers} and
 * {@code GET /v1/transfers/{reference}}, each answer classified by what it proves (see
 * {@link DashenAnswers}). A submit is sent once and never retried here: the caller decides, and the
 * bank de-duplicates by reference. A 401 means our key is wrong, not that the customer's transfer
 * was refused: it is logged at ERROR and counted, and the submit stays {@code Unknown}. It owns the
 * threads its calls run on; {@link #close()} stops them.
 */
public final class DashenPartnerClient implements PartnerClient, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DashenPartnerClient.class);
    static final String TRANSFERS_PATH = "/v1/transfers";
    private static final String SUBMIT = "submit";
    private static final String LOOKUP = "lookup";
    private static final String REFERENCE_CONFLICT_OUTCOME = "reference_conflict";

    private final JsonFactory json = new JsonFactory();
    private final DashenHttp http;
    private final DashenAnswers answers = new DashenAnswers(json);
    private final PartnerHealth health;
    private final DashenCallMetrics metrics;

    /** A client that counts nothing: for a host without Micrometer, or one that does not want the meters. */
    public DashenPartnerClient(DashenSettings settings, Clock clock) {
        this(settings, Optional.empty(), clock, health -> DashenCallMetrics.NONE);
    }

    /** A client that keeps its meters (see {@link DashenCallMetrics}) in {@code registry}. */
    public DashenPartnerClient(DashenSettings settings, Clock clock, MeterRegistry registry) {
        this(settings, Optional.empty(), clock, registry);
    }

    /**
     * With {@code tls}, an https base URL is reached through that context: the client certificate it
     * holds is presented when the bank asks for one (mutual TLS), and its trust material (the bank's
     * CA bundle) replaces the JDK's. Without, https uses the JDK's defaults.
     */
    public DashenPartnerClient(DashenSettings settings, Optional<SSLContext> tls, Clock clock, MeterRegistry registry) {
        this(settings, tls, clock, health -> DashenCallMetrics.micrometer(registry, health));
    }

    private DashenPartnerClient(DashenSettings settings, Optional<SSLContext> tls, Clock clock,
            Function<PartnerHealth, DashenCallMetrics> metrics) {
        this.http = new DashenHttp(settings, tls, clock);
        this.health = PartnerHealth.recentCalls(clock);
        this.metrics = metrics.apply(health);
    }

    /** Stops the client's threads; a call made afterwards is not sent. */
    @Override
    public void close() {
        http.close();
    }

    /**
     * The bank's statements over this client's connection and threads: closed with it, and never more
     * calls in flight than its bound. Statement calls do not count in the partner's health or meters.
     */
    public DashenStatementClient statements() {
        return new DashenStatementClient(http);
    }

    /** How the bank has been answering lately, for readiness. */
    public PartnerHealth health() {
        return health;
    }

    @Override
    public PartnerOutcome submit(Disbursement disbursement) {
        long started = System.nanoTime();
        DashenReply reply = http.exchange("POST", TRANSFERS_PATH, submitBody(disbursement));
        DashenAnswers.SubmitReading reading = answers.readSubmit(disbursement.id(), reply);
        PartnerOutcome outcome = reading.outcome();
        boolean conflict = reading instanceof DashenAnswers.SubmitReading.ReferenceConflict;
        // A conflict is an answer (the bank is up), so it is not a failed call for health or the WARN line.
        finish(SUBMIT, disbursement.id(), reply, conflict ? REFERENCE_CONFLICT_OUTCOME : outcomeClass(outcome), started,
                conflict ? null : failureCause(outcome));
        String refusal = outcome instanceof PartnerOutcome.Rejected rejected ? rejected.failure().code() : null;
        if (conflict || refusal != null) {
            // A conflict means the bank holds our id with other content: we never send that, so it is a bug.
            (conflict ? log.atError() : log.atInfo()).setMessage("partner rejected transfer")
                    .addKeyValue("disbursement_id", disbursement.id())
                    .addKeyValue("failure_code", conflict ? DashenAnswers.REFERENCE_CONFLICT : refusal)
                    .addKeyValue("account", disbursement.request().beneficiary().maskedAccountNumber())
                    .log();
        }
        return outcome;
    }

    @Override
    public TransferLookup lookup(DisbursementId reference) {
        long started = System.nanoTime();
        DashenReply reply = http.exchange("GET", TRANSFERS_PATH + "/" + reference, new byte[0]);
        TransferLookup lookup = answers.lookupOutcome(reference, reply);
        finish(LOOKUP, reference, reply, outcomeClass(lookup), started,
                lookup instanceof TransferLookup.Unavailable unavailable ? unavailable.cause() : null);
        return lookup;
    }

    private byte[] submitBody(Disbursement disbursement) {
        var request = disbursement.request();
        ByteArrayOutputStream body = new ByteArrayOutputStream(256);
        try (JsonGenerator out = json.createGenerator(body)) {
            out.writeStartObject();
            out.writeStringField("reference", disbursement.id().toString());
            out.writeStringField("amount", DashenAmounts.toDecimal(request.amount().amountMinor()));
            out.writeStringField("currency", request.amount().currency());
            out.writeStringField("creditAccount", request.beneficiary().accountNumber());
            out.writeStringField("creditName", request.beneficiary().accountName());
            out.writeStringField("narrative", request.narrative().orElse(""));
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory does not fail", e);
        }
        return body.toByteArray();
    }

    /** Health, meters and log line of one call; {@code failure} is null when the bank gave a usable answer. */
    private void finish(String operation, DisbursementId id, DashenReply reply, String outcome, long started,
            String failure) {
        health.record(failure == null);
        metrics.call(operation, outcome, Duration.ofNanos(System.nanoTime() - started));
        if (reply instanceof DashenReply.Answered answered && answered.status() == DashenAnswers.BAD_SIGNATURE) {
            metrics.signatureRejected(operation);
            log.atError().setMessage("partner rejected our signature")
                    .addKeyValue("operation", operation)
                    .addKeyValue("disbursement_id", id)
                    .addKeyValue("http_status", answered.status())
                    .addKeyValue("hint", "check GATEWAY_DASHEN_SIGNING_KEY and the clock")
                    .log();
        } else if (failure != null) {
            log.atWarn().setMessage("partner call failed")
                    .addKeyValue("operation", operation)
                    .addKeyValue("disbursement_id", id)
                    .addKeyValue("outcome", outcome)
                    .addKeyValue("err", failure)
                    .log();
        }
    }

    private static String failureCause(PartnerOutcome outcome) {
        if (outcome instanceof PartnerOutcome.NotReceived notReceived) {
            return notReceived.cause();
        }
        return outcome instanceof PartnerOutcome.Unknown unknown ? unknown.cause() : null;
    }

    private static String outcomeClass(PartnerOutcome outcome) {
        if (outcome instanceof PartnerOutcome.Accepted) {
            return "accepted";
        }
        if (outcome instanceof PartnerOutcome.Rejected) {
            return "rejected";
        }
        return outcome instanceof PartnerOutcome.NotReceived ? "not_received" : "unknown";
    }

    private static String outcomeClass(TransferLookup lookup) {
        if (lookup instanceof TransferLookup.Found) {
            return "found";
        }
        return lookup instanceof TransferLookup.NotFound ? "not_found" : "unavailable";
    }
}
