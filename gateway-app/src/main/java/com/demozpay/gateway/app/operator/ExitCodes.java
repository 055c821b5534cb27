package com.demozpay.gateway.app.operator;

import com.demozpay.gateway.domain.OperatorResolution.Refusal;

/**
 * The exit codes of the operator commands beyond 0 (done) and 64 (usage error, nothing done); the
 * configuration and database codes (2, 3, 4, 5) are the launcher's boot codes. Documented in
 * {@code docs/runbook.md}.
 */
public final class ExitCodes {

    /** No disbursement has that id or idempotency key. */
    public static final int NOT_FOUND = 10;
    /** The gateway, its database or the bank could not be reached; nothing is known to have changed. */
    public static final int UNAVAILABLE = 11;
    /** The gateway refused the request (invalid, a different request under the same key, not authorized). */
    public static final int REJECTED = 12;

    private ExitCodes() {
    }

    /** {@code resolve} refused, one code per reason: 20 to 25. */
    public static int of(Refusal refusal) {
        return switch (refusal) {
            case ALREADY_IN_STATE -> 20;
            case FINAL_STATE -> 21;
            case FINAL_STATE_NEEDS_BANK -> 22;
            case CONTRADICTS_BANK -> 23;
            case BANK_UNAVAILABLE -> 24;
            case PRODUCT_REFERENCE_IN_USE -> 25;
        };
    }
}
