package com.demozpay.gateway.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.demozpay.gateway.adapter.postgres.TestDatabase;
import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementStatus;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The example as CI runs it: a real, empty PostgreSQL database, the sandbox bank on loopback. */
class EmbeddingExampleTest {

    @Test
    void anEmbeddedGatewayPaysThroughTheSandboxUntilSettled() throws InterruptedException {
        try (TestDatabase empty = TestDatabase.create()) {
            // given: a database the host owns, without the gateway's schema yet
            PGSimpleDataSource database = new PGSimpleDataSource();
            database.setURL(empty.jdbcConnectionString());

            // when
            Disbursement paid = EmbeddingExample.run(database);

            // then: the bank accepted it, then settled it, and said under which transfer id
            assertThat(paid.status()).isEqualTo(DisbursementStatus.SETTLED);
            assertThat(paid.partnerReference()).isPresent();
        }
    }
}
