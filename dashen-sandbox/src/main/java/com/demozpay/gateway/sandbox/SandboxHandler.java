package com.demozpay.gateway.sandbox;

import com.demozpay.gateway.adapter.dashen.DashenSignatures;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox bank's HTTP side of the contract: every request is signed or answered 401
 * {@code BAD_SIGNATURE}; {@code POST /v1/transfers}, {@code GET /v1/transfers/{reference}} and
 * {@code GET /v1/statements} are answered from the {@link SandboxLedger}, with the {@link SandboxFaults} applied on the way.
 */
final class SandboxHandler implements HttpHandler {

    private static final Logger log = LoggerFactory.getLogger(SandboxHandler.class);
    private static final String TRANSFERS = "/v1/transfers";
    private static final String STATEMENTS = "/v1/statements";
    private static final int MAX_BODY_BYTES = 64 * 1024;
    private static final Duration TOLERANCE = Duration.ofMinutes(5);

    /** An answer about to be written. */
    private record Answer(int status, byte[] body) {
        static Answer error(int status, String code, String message) {
            return new Answer(status, SandboxJson.error(code, message));
        }
    }

    /** The random faults for one request, drawn up front so that the draws do not depend on its path. */
    private record Roll(boolean throttle, boolean errorAfterRecord, boolean hang) {
    }

    private final SandboxSettings settings;
    private final SandboxFaults faults;
    private final SandboxLedger ledger;
    private final TransferProgress progress;
    private final Dice dice;
    private final Clock clock;

    SandboxHandler(SandboxSettings settings, SandboxFaults faults, SandboxLedger ledger, TransferProgress progress,
            Dice dice, Clock clock) {
        this.settings = settings;
        this.faults = faults;
        this.ledger = ledger;
        this.progress = progress;
        this.dice = dice;
        this.clock = clock;
    }

    @Override
    public void handle(HttpExchange exchange) {
        try {
            pause(faults.latency());
            byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES);
            Answer answer = answer(exchange, body);
            log.atInfo().setMessage("sandbox request").addKeyValue("method", exchange.getRequestMethod())
                    .addKeyValue("path", exchange.getRequestURI().getRawPath())
                    .addKeyValue("http_status", answer.status()).log();
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), answer.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer.body());
            }
        } catch (IOException clientGone) {
            // The client gave up (timeout) or the sandbox went down: nobody is left to answer.
        } finally {
            exchange.close();
        }
    }

    private Answer answer(HttpExchange exchange, byte[] body) {
        if (!signed(exchange, body)) {
            return Answer.error(401, "BAD_SIGNATURE", "missing or bad Dashen-Signature, or stale Dashen-Timestamp");
        }
        Roll roll = new Roll(dice.roll(faults.throttleShare()), dice.roll(faults.errorAfterRecordShare()),
                dice.roll(faults.hangShare()));
        String path = exchange.getRequestURI().getRawPath();
        String method = exchange.getRequestMethod();
        if (path.equals(TRANSFERS)) {
            return method.equals("POST") ? submit(body, roll) : Answer.error(405, "METHOD_NOT_ALLOWED", "use POST");
        }
        if (path.startsWith(TRANSFERS + "/") && path.indexOf('/', TRANSFERS.length() + 1) < 0) {
            return method.equals("GET") ? lookup(path.substring(TRANSFERS.length() + 1), roll)
                    : Answer.error(405, "METHOD_NOT_ALLOWED", "use GET");
        }
        if (path.equals(STATEMENTS)) {
            return method.equals("GET") ? statement(exchange.getRequestURI().getRawQuery())
                    : Answer.error(405, "METHOD_NOT_ALLOWED", "use GET");
        }
        return Answer.error(404, "NO_SUCH_ROUTE", "the bank serves /v1/transfers and /v1/statements only");
    }

    private Answer submit(byte[] body, Roll roll) {
        SandboxTransfer.Order order;
        try {
            order = SandboxJson.order(body);
        } catch (SandboxJson.BadRequest e) {
            return Answer.error(400, "BAD_REQUEST", e.getMessage());
        }
        ledger.countSubmit(order.reference());
        if (roll.throttle()) {
            return Answer.error(429, "RATE_LIMITED", "slow down");
        }
        SandboxLedger.Submitted submitted = ledger.submit(order, faults, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
        if (submitted instanceof SandboxLedger.Submitted.Refused refused) {
            return Answer.error(422, refused.code(), refused.message());
        }
        if (submitted instanceof SandboxLedger.Submitted.Conflict) {
            return Answer.error(409, "REFERENCE_CONFLICT", "this reference was received with other content");
        }
        SandboxTransfer transfer;
        if (submitted instanceof SandboxLedger.Submitted.Created created) {
            transfer = created.transfer();
            progress.start(transfer);
        } else {
            transfer = ((SandboxLedger.Submitted.Repeated) submitted).transfer();
        }
        // Both faults strike after the transfer is recorded: the bank has it, the caller cannot know.
        hangIf(roll);
        if (roll.errorAfterRecord()) {
            return Answer.error(500, "INTERNAL_ERROR", "the transfer may or may not have been recorded");
        }
        return new Answer(submitted instanceof SandboxLedger.Submitted.Created ? 202 : 200,
                SandboxJson.submitAnswer(transfer));
    }

    private Answer lookup(String reference, Roll roll) {
        if (roll.throttle()) {
            return Answer.error(429, "RATE_LIMITED", "slow down");
        }
        hangIf(roll);
        return ledger.find(reference)
                .map(transfer -> new Answer(200, SandboxJson.lookupAnswer(transfer)))
                .orElseGet(() -> Answer.error(404, "NOT_FOUND", "no transfer with this reference"));
    }

    private Answer statement(String rawQuery) {
        StatementQuery query;
        try {
            query = StatementQuery.parse(rawQuery);
        } catch (IllegalArgumentException e) {
            return Answer.error(400, "BAD_REQUEST", e.getMessage());
        }
        List<SandboxTransfer> after = ledger.valuedOn(query.date()).stream()
                .filter(t -> query.after().map(last -> t.reference().compareTo(last) > 0).orElse(true))
                .toList();
        List<SandboxTransfer> page = after.subList(0, Math.min(query.pageSize(), after.size()));
        boolean more = after.size() > page.size();
        return new Answer(200, SandboxJson.statementPage(query.date(), page,
                more ? StatementQuery.token(page.get(page.size() - 1).reference()) : null));
    }

    private boolean signed(HttpExchange exchange, byte[] body) {
        var headers = exchange.getRequestHeaders();
        String requestId = headers.getFirst(DashenSignatures.REQUEST_ID_HEADER);
        String timestamp = headers.getFirst(DashenSignatures.TIMESTAMP_HEADER);
        String signature = headers.getFirst(DashenSignatures.SIGNATURE_HEADER);
        if (requestId == null || timestamp == null || signature == null || !timestamp.matches("[0-9]{1,12}")) {
            return false;
        }
        if (Math.abs(clock.instant().getEpochSecond() - Long.parseLong(timestamp)) > TOLERANCE.toSeconds()) {
            return false;
        }
        var uri = exchange.getRequestURI();
        String pathAndQuery = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        byte[] content = DashenSignatures.requestContent(requestId, timestamp, exchange.getRequestMethod(),
                pathAndQuery, body);
        return DashenSignatures.anyMatches(signature, content, List.of(settings.signingKey()));
    }

    private void hangIf(Roll roll) {
        if (roll.hang()) {
            pause(faults.hangFor());
        }
    }

    private static void pause(Duration duration) {
        if (duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
