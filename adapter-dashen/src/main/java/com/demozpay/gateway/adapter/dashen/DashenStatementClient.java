package com.demozpay.gateway.adapter.dashen;

import com.demozpay.gateway.domain.reconciliation.Statement;
import com.demozpay.gateway.domain.reconciliation.StatementLine;
import com.demozpay.gateway.ports.out.PartnerStatements;
import com.demozpay.gateway.ports.out.StatementUnavailableException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * {@link PartnerStatements} over the bank's signed {@code GET /v1/statements?date=&pageSize=&pageToken=}:
 * reads every page, in order, until the bank gives no {@code nextPageToken}. Anything short of a whole,
 * readable statement (an error status, no answer, a malformed line, a token repeated, too many pages) is
 * {@link StatementUnavailableException}: a reconciliation of half a statement would report transfers
 * missing that are not. Its calls share the bound on calls in flight with the transfers when it comes
 * from {@link DashenPartnerClient#statements()}.
 */
public final class DashenStatementClient implements PartnerStatements, AutoCloseable {

    static final String STATEMENTS_PATH = "/v1/statements";
    /** Lines asked for per page. */
    public static final int PAGE_SIZE = 100;
    // A day of 100 000 transfers: far beyond our volume, and a bound on a bank that pages forever.
    private static final int MAX_PAGES = 1_000;

    private final JsonFactory json = new JsonFactory();
    private final DashenHttp http;

    /** A client of its own, with its own threads; {@link #close()} stops them. */
    public DashenStatementClient(DashenSettings settings, Optional<SSLContext> tls, Clock clock) {
        this(new DashenHttp(settings, tls, clock));
    }

    /** Over the partner client's connection and threads ({@link DashenPartnerClient#statements()}). */
    DashenStatementClient(DashenHttp http) {
        this.http = http;
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public Statement statementFor(LocalDate day) {
        List<StatementLine> lines = new ArrayList<>();
        Set<String> tokens = new HashSet<>();
        Optional<String> token = Optional.empty();
        for (int page = 0; page < MAX_PAGES; page++) {
            Optional<String> next = readPage(day, token, lines);
            if (next.isEmpty()) {
                try {
                    return new Statement(day, lines);
                } catch (IllegalArgumentException e) {
                    throw new StatementUnavailableException("the bank's statement of " + day + " is inconsistent: "
                            + e.getMessage());
                }
            }
            if (!tokens.add(next.get())) {
                throw new StatementUnavailableException("the bank repeated a page token of the statement of " + day);
            }
            token = next;
        }
        throw new StatementUnavailableException("the bank's statement of " + day + " has more than " + MAX_PAGES
                + " pages");
    }

    private Optional<String> readPage(LocalDate day, Optional<String> token, List<StatementLine> into) {
        String path = STATEMENTS_PATH + "?date=" + day + "&pageSize=" + PAGE_SIZE
                + token.map(t -> "&pageToken=" + URLEncoder.encode(t, StandardCharsets.UTF_8)).orElse("");
        DashenReply reply = http.exchange("GET", path, new byte[0]);
        if (reply instanceof DashenReply.Failed failed) {
            throw new StatementUnavailableException("no answer from the bank: " + failed.cause());
        }
        DashenReply.Answered answered = (DashenReply.Answered) reply;
        if (answered.status() == DashenAnswers.BAD_SIGNATURE) {
            throw new StatementUnavailableException("the bank rejected our signature (HTTP 401); check "
                    + "GATEWAY_DASHEN_SIGNING_KEY and the clock");
        }
        if (answered.status() != 200) {
            throw new StatementUnavailableException("the bank answered HTTP " + answered.status());
        }
        try {
            return readBody(day, answered.body(), into);
        } catch (MalformedTransferException e) {
            throw new StatementUnavailableException("unreadable statement page: " + e.getMessage());
        }
    }

    private Optional<String> readBody(LocalDate day, byte[] body, List<StatementLine> into)
            throws MalformedTransferException {
        try (JsonParser parser = json.createParser(body)) {
            Page page = readPage(parser);
            if (parser.nextToken() != null) {
                throw new MalformedTransferException("body has more after its JSON object");
            }
            if (page.transfers() == null) {
                throw new MalformedTransferException("transfers is missing");
            }
            if (!page.date().equals(Optional.of(day.toString()))) {
                throw new MalformedTransferException("date is not the day asked for");
            }
            for (JsonFields transfer : page.transfers()) {
                into.add(DashenStatementLines.line(text(transfer, "reference"), text(transfer, "transferId"),
                        text(transfer, "amount"), text(transfer, "currency"), text(transfer, "status"),
                        text(transfer, "valueDate"), Optional.ofNullable(text(transfer, "failureCode"))));
            }
            if (page.nextPageToken().isPresent() && page.nextPageToken().get().isEmpty()) {
                throw new MalformedTransferException("nextPageToken must be a non-empty string or null");
            }
            return page.nextPageToken();
        } catch (JsonParseException e) {
            throw new MalformedTransferException("body is not JSON");
        } catch (IOException e) {
            throw new MalformedTransferException("body cannot be read");
        }
    }

    /** One page as sent: {@code transfers} is null when the page has no array of that name. */
    private record Page(Optional<String> date, List<JsonFields> transfers, Optional<String> nextPageToken) {
    }

    private static Page readPage(JsonParser parser) throws IOException, MalformedTransferException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new MalformedTransferException("transfers is missing");
        }
        Optional<String> date = Optional.empty();
        List<JsonFields> transfers = null;
        Optional<String> next = Optional.empty();
        Set<String> seen = new HashSet<>();
        String field;
        while ((field = JsonFields.nextField(parser, seen)) != null) {
            JsonToken value = parser.nextToken();
            switch (field) {
                case "date" -> date = value == JsonToken.VALUE_STRING ? Optional.of(parser.getText()) : Optional.empty();
                case "transfers" -> transfers = value == JsonToken.START_ARRAY ? readTransfers(parser) : null;
                case "nextPageToken" -> next = switch (value) {
                    case VALUE_NULL -> Optional.empty();
                    case VALUE_STRING -> Optional.of(parser.getText());
                    default -> throw new MalformedTransferException("nextPageToken must be a non-empty string or null");
                };
                default -> { }
            }
            parser.skipChildren();
        }
        return new Page(date, transfers, next);
    }

    private static List<JsonFields> readTransfers(JsonParser parser) throws IOException, MalformedTransferException {
        List<JsonFields> transfers = new ArrayList<>();
        JsonToken element;
        while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (element != JsonToken.START_OBJECT) {
                throw new MalformedTransferException("transfers must hold objects");
            }
            transfers.add(JsonFields.read(parser));
        }
        return transfers;
    }

    private static String text(JsonFields transfer, String field) throws MalformedTransferException {
        return transfer.text(field).orElse(null);
    }
}
