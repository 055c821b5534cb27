package com.demozpay.gateway.app.operator;

import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.ports.out.AnomalyLog;
import com.demozpay.gateway.ports.out.OperatorQueries;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code list}, {@code anomalies} and {@code inbox}: questions to the gateway's database, asked in
 * read-only transactions through {@link OperatorQueries} and {@link AnomalyLog}. Each command's arguments
 * are parsed (and refused) before any connection is opened.
 */
public final class DatabaseCommands {

    public static final String LIST_USAGE = "gateway list --status INITIATED|SUBMITTED|ACCEPTED|SETTLED|FAILED"
            + " [--older-than 30s|10m|2h|1d] [--limit N] [--json]";
    public static final String ANOMALIES_USAGE = "gateway anomalies [--limit N] [--json]";
    public static final String INBOX_USAGE = "gateway inbox --unmatched [--limit N] [--json]";

    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 10_000;

    private DatabaseCommands() {
    }

    /** {@code list}: disbursements in one status, unchanged for at least {@code olderThan}, oldest first. */
    public record ListRequest(DisbursementStatus status, Duration olderThan, int limit, Arguments arguments) {

        public static ListRequest parse(List<String> args) throws UsageException {
            Arguments parsed = Arguments.parse(args, Set.of("status", "older-than", "limit"), Set.of("json"));
            parsed.positional(0, "no words");
            String status = parsed.required("status");
            List<String> statuses = Arrays.stream(DisbursementStatus.values()).map(Enum::name).toList();
            if (!statuses.contains(status)) {
                throw new UsageException("--status must be one of " + String.join(", ", statuses));
            }
            return new ListRequest(DisbursementStatus.valueOf(status), parsed.duration("older-than", Duration.ZERO),
                    parsed.integer("limit", DEFAULT_LIMIT, 1, MAX_LIMIT), parsed);
        }

        public int run(OperatorQueries queries, Clock clock, Output.Factory output) {
            List<Disbursement> found = queries.inStatus(status, clock.instant().minus(olderThan), limit);
            output.of(arguments).table("disbursements", found.stream().map(DatabaseCommands::row).toList(),
                    "no " + status + " disbursement unchanged for " + olderThan.toSeconds() + "s or more");
            return 0;
        }
    }

    /** {@code anomalies}: every anomaly not yet resolved, oldest first. */
    public record AnomaliesRequest(int limit, Arguments arguments) {

        public static AnomaliesRequest parse(List<String> args) throws UsageException {
            Arguments parsed = Arguments.parse(args, Set.of("limit"), Set.of("json"));
            parsed.positional(0, "no words");
            return new AnomaliesRequest(parsed.integer("limit", DEFAULT_LIMIT, 1, MAX_LIMIT), parsed);
        }

        public int run(AnomalyLog anomalies, Output.Factory output) {
            List<Map<String, Object>> rows = anomalies.unresolved(limit).stream().map(anomaly -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", anomaly.id());
                row.put("disbursement_id", anomaly.disbursementId().toString());
                row.put("kind", anomaly.kind().name());
                row.put("source", anomaly.source().label());
                row.put("detected_at", anomaly.detectedAt().toString());
                row.put("detail", anomaly.detail());
                return row;
            }).toList();
            output.of(arguments).table("anomalies", rows, "no unresolved anomaly");
            return 0;
        }
    }

    /** {@code inbox --unmatched}: callbacks about references we do not hold, oldest first. */
    public record InboxRequest(int limit, Arguments arguments) {

        public static InboxRequest parse(List<String> args) throws UsageException {
            Arguments parsed = Arguments.parse(args, Set.of("limit"), Set.of("json", "unmatched"));
            parsed.positional(0, "no words");
            if (!parsed.flag("unmatched")) {
                throw new UsageException("inbox needs --unmatched (the one view of the inbox there is)");
            }
            return new InboxRequest(parsed.integer("limit", DEFAULT_LIMIT, 1, MAX_LIMIT), parsed);
        }

        public int run(OperatorQueries queries, Output.Factory output) {
            List<Map<String, Object>> rows = queries.unmatchedCallbacks(limit).stream().map(callback -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("event_id", callback.eventId());
                row.put("reference", callback.reference());
                row.put("reported_status", callback.reportedStatus().name());
                row.put("partner_reference", callback.partnerReference().orElse(""));
                row.put("occurred_at", callback.occurredAt().toString());
                row.put("received_at", callback.receivedAt().toString());
                return row;
            }).toList();
            output.of(arguments).table("callbacks", rows, "no unmatched callback");
            return 0;
        }
    }

    private static Map<String, Object> row(Disbursement disbursement) {
        Map<String, Object> all = DisbursementView.of(disbursement).fields();
        Map<String, Object> row = new LinkedHashMap<>();
        for (String column : List.of("id", "status", "amount_minor", "currency", "product", "product_reference",
                "partner_reference", "failure_code", "updated_at")) {
            row.put(column, all.get(column));
        }
        return row;
    }
}
