package com.demozpay.gateway.adapter.postgres;

import com.demozpay.gateway.domain.Beneficiary;
import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.domain.DisbursementRequest;
import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.domain.Failure;
import com.demozpay.gateway.domain.IdempotencyKey;
import com.demozpay.gateway.domain.Money;
import com.demozpay.gateway.domain.PartnerReference;
import com.demozpay.gateway.domain.Product;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** A {@code disbursements} row as the domain's {@link Disbursement}; extra columns are ignored. */
final class DisbursementRowMapper implements RowMapper<Disbursement> {

    static final DisbursementRowMapper INSTANCE = new DisbursementRowMapper();

    @Override
    public Disbursement map(ResultSet row, StatementContext context) throws SQLException {
        DisbursementRequest request = new DisbursementRequest(
                new IdempotencyKey(row.getString("idempotency_key")),
                Product.valueOf(row.getString("product")),
                row.getString("product_reference"),
                new Money(row.getLong("amount_minor"), row.getString("currency")),
                new Beneficiary(row.getString("account_number"), row.getString("account_name")),
                Optional.ofNullable(row.getString("narrative")));
        String failureCode = row.getString("failure_code");
        return new Disbursement(
                new DisbursementId(row.getObject("id", UUID.class)),
                request,
                DisbursementStatus.valueOf(row.getString("status")),
                Optional.ofNullable(row.getString("partner_reference")).map(PartnerReference::new),
                failureCode == null ? Optional.empty()
                        : Optional.of(new Failure(failureCode, row.getString("failure_message"))),
                Timestamps.read(row, "created_at"),
                Timestamps.read(row, "updated_at"));
    }
}
