package com.demozpay.gateway.domain;

/**
 * Where a disbursement stands. It moves {@code INITIATED → SUBMITTED → ACCEPTED → SETTLED}, or ends
 * {@code FAILED} from any state that is not final. Callbacks may skip or overtake each other, so a
 * move may jump forward several steps; it never goes back, and a final state never changes.
 */
public enum DisbursementStatus {
    /** Stored, not yet known to have reached the bank. */
    INITIATED(0),
    /** Sent to the bank; the bank has it pending, or the outcome of sending it is not known yet. */
    SUBMITTED(1),
    /** The bank accepted the transfer and will pay it. */
    ACCEPTED(2),
    /** The bank paid the beneficiary. Final. */
    SETTLED(3),
    /** The bank will not pay, or the transfer never reached it. Final. */
    FAILED(3);

    private final int progress;

    DisbursementStatus(int progress) {
        this.progress = progress;
    }

    public boolean isFinal() {
        return this == SETTLED || this == FAILED;
    }

    /** Whether the state machine allows a move from this state straight to {@code target}. */
    public boolean canMoveTo(DisbursementStatus target) {
        if (isFinal() || target == this) {
            return false;
        }
        return target == FAILED || target.progress > progress;
    }
}
