package com.demozpay.gateway.ports.out;

import com.demozpay.gateway.domain.DisbursementId;

/**
 * A lease on one disbursement: while it lasts, its holder is the only one to call the bank about that
 * disbursement (a submit, or the reconciler's lookup and what follows from it). The store grants leases
 * and times them on its own clock; {@code token} tells one lease on a row from the next (a per-row
 * counter, incremented on every lease), so {@link DisbursementStore#release} gives up this lease and
 * never one another holder took after it expired.
 */
public record Lease(DisbursementId disbursementId, long token) {
}
