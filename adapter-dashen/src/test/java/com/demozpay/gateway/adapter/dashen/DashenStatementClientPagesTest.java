package com.demozpay.gateway.adapter.dashen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.demozpay.gateway.adapter.dashen.testing.StubBank;
import com.demozpay.gateway.adapter.dashen.testing.TestKeys;
import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.domain.Money;
import com.demozpay.gateway.domain.PartnerReference;
import com.demozpay.gateway.domain.reconciliation.Statement;
import com.demozpay.gateway.domain.reconciliation.StatementLine;
import com.demozpay.gateway.ports.out.StatementUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The statement client's reading of one page, against a stub bank on loopback that answers a fixed body. */
class DashenStatementClientPagesTest {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 30);
    private static final String COMPLETED = "{\"reference\":\"ref-1\",\"transferId\":\"TRF-1\",\"amount\":\"150.00\","
            + "\"currency\":\"ETB\",\"status\":\"COMPLETED\",\"valueDate\":\"2026-11-30\"}";

    private static Statement statementFrom(String page) throws Exception {
        try (StubBank bank = StubBank.answering(200, page);
                DashenStatementClient client = new DashenStatementClient(new DashenSettings(bank.baseUrl(),
                        TestKeys.published(), Duration.ofSeconds(3), Duration.ofSeconds(3), 4, true),
                        Optional.empty(), Clock.systemUTC())) {
            return client.statementFor(DAY);
        }
    }

    @Test
    void aLastPageGivesItsTransfersInOrder() throws Exception {
        String failed = COMPLETED.replace("ref-1", "ref-2").replace("TRF-1", "TRF-2")
                .replace("COMPLETED\"", "FAILED\",\"failureCode\":\"ACCOUNT_CLOSED\",\"note\":{\"a\":[1]}");

        Statement statement = statementFrom("{\"date\":\"2026-11-30\",\"transfers\":[" + COMPLETED + "," + failed
                + "],\"nextPageToken\":null}");

        assertThat(statement.lines()).containsExactly(
                new StatementLine("ref-1", new PartnerReference("TRF-1"), Money.etb(15000), DisbursementStatus.SETTLED,
                        Optional.empty(), DAY),
                new StatementLine("ref-2", new PartnerReference("TRF-2"), Money.etb(15000), DisbursementStatus.FAILED,
                        Optional.of("ACCOUNT_CLOSED"), DAY));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "'{\"date\":\"2026-11-30\"}'                                           | transfers is missing",
            "'{\"date\":\"2026-11-30\",\"transfers\":{}}'                          | transfers is missing",
            "'[]'                                                                  | transfers is missing",
            "'{\"date\":\"2026-11-29\",\"transfers\":[]}'                          | date is not the day asked for",
            "'{\"transfers\":[]}'                                                  | date is not the day asked for",
            "'{\"date\":\"2026-11-30\",\"transfers\":[\"ref-1\"]}'                 | transfers must hold objects",
            "'{\"date\":\"2026-11-30\",\"transfers\":[],\"nextPageToken\":7}'      | nextPageToken must be a non-empty string or null",
            "'{\"date\":\"2026-11-30\",\"transfers\":[],\"nextPageToken\":\"\"}'   | nextPageToken must be a non-empty string or null",
            "'{\"date\":\"2026-11-30\",\"transfers\":[{\"reference\":5}]}'         | reference must be a string",
            "'{\"date\":\"2026-11-30\",\"transfers\":[]} {}'                       | body has more after its JSON object",
            "'{\"date\":\"2026-11-30\",\"transfers\":[],\"transfers\":[]}'       | transfers is given twice",
            "'{\"date\":\"2026-11-30\",\"transfers\":['                            | body is not JSON",
    })
    void aPageThatBreaksTheContractGivesNoStatementAndSaysWhy(String page, String expected) {
        assertThatThrownBy(() -> statementFrom(page))
                .isInstanceOf(StatementUnavailableException.class)
                .hasMessage("unreadable statement page: " + expected);
    }

    @Test
    void aTransferGivenTwiceInOneObjectIsRefused() {
        String doubled = COMPLETED.replace("\"amount\":\"150.00\"", "\"amount\":\"150.00\",\"amount\":\"1.00\"");

        assertThatThrownBy(() -> statementFrom("{\"date\":\"2026-11-30\",\"transfers\":[" + doubled + "]}"))
                .isInstanceOf(StatementUnavailableException.class)
                .hasMessage("unreadable statement page: amount is given twice");
    }
}
