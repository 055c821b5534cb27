package com.demozpay.gateway.adapter.dashen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.demozpay.gateway.adapter.dashen.DashenStatementFile.InvalidStatementFileException;
import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.domain.Money;
import com.demozpay.gateway.domain.reconciliation.Statement;
import com.demozpay.gateway.domain.reconciliation.StatementLine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DashenStatementFileTest {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 30);

    @TempDir
    Path dir;

    private Path file(String... lines) throws IOException {
        Path file = dir.resolve("statement.csv");
        Files.writeString(file, String.join("\r\n", lines) + "\r\n", StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void readsEveryLineWithTheContractsStatusMappingAndTheDayTheLinesShare() throws Exception {
        Path file = file(DashenStatementFile.HEADER,
                "6c1e5a1e-7b7f-5d62-9a0f-3c2b1a0f9e8d,TRF-1,150.00,ETB,COMPLETED,2026-11-30,",
                "",
                "OTHER-REF,TRF-2,20.50,ETB,FAILED,2026-11-30,ACCOUNT_CLOSED");

        Statement statement = DashenStatementFile.read(file, Optional.empty());

        assertThat(statement.day()).isEqualTo(DAY);
        assertThat(statement.lines()).extracting(StatementLine::status)
                .containsExactly(DisbursementStatus.SETTLED, DisbursementStatus.FAILED);
        assertThat(statement.lines().get(0).amount()).isEqualTo(Money.etb(15000));
        assertThat(statement.lines().get(0).failureCode()).isEmpty();
        assertThat(statement.lines().get(1).failureCode()).contains("ACCOUNT_CLOSED");
    }

    @Test
    void aBadLineIsReportedByNumberAndFieldAndNothingIsRead() throws Exception {
        Path file = file(DashenStatementFile.HEADER, "A,TRF-1,150.00,ETB,COMPLETED,2026-11-30,",
                "B,TRF-2,150.5,ETB,COMPLETED,2026-11-30,");

        assertThatThrownBy(() -> DashenStatementFile.read(file, Optional.empty()))
                .isInstanceOf(InvalidStatementFileException.class)
                .hasMessageStartingWith("line 3: amount");
    }

    @Test
    void refusesAMissingHeaderQuotesUnknownStatusesAndWrongFieldCounts() throws Exception {
        assertThatThrownBy(() -> DashenStatementFile.read(file("A,TRF-1,150.00,ETB,COMPLETED,2026-11-30,"),
                Optional.empty())).hasMessageStartingWith("line 1: the header must be");
        assertThatThrownBy(() -> DashenStatementFile.read(file(DashenStatementFile.HEADER,
                "\"A\",TRF-1,150.00,ETB,COMPLETED,2026-11-30,"), Optional.empty())).hasMessageContaining("quotes");
        assertThatThrownBy(() -> DashenStatementFile.read(file(DashenStatementFile.HEADER,
                "A,TRF-1,150.00,ETB,PAID,2026-11-30,"), Optional.empty())).hasMessageContaining("line 2: status");
        assertThatThrownBy(() -> DashenStatementFile.read(file(DashenStatementFile.HEADER,
                "A,TRF-1,150.00,ETB,COMPLETED,2026-11-30"), Optional.empty())).hasMessageContaining("expected 7 fields");
    }

    @Test
    void severalValueDatesNeedTheDayAndThenLinesOfOtherDaysAreRefused() throws Exception {
        Path file = file(DashenStatementFile.HEADER, "A,TRF-1,150.00,ETB,COMPLETED,2026-11-30,",
                "B,TRF-2,150.00,ETB,COMPLETED,2026-12-01,");

        assertThatThrownBy(() -> DashenStatementFile.read(file, Optional.empty()))
                .hasMessageContaining("several value dates");
        assertThatThrownBy(() -> DashenStatementFile.read(file, Optional.of(DAY)))
                .hasMessageContaining("value date 2026-12-01");
    }

    @Test
    void anEmptyStatementNeedsTheDay() throws Exception {
        Path file = file(DashenStatementFile.HEADER);

        assertThatThrownBy(() -> DashenStatementFile.read(file, Optional.empty())).hasMessageContaining("--date");
        assertThat(DashenStatementFile.read(file, Optional.of(DAY)).lines()).isEmpty();
    }
}
