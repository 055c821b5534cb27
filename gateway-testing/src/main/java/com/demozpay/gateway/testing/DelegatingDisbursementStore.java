package com.demozpay.gateway.testing;

import com.demozpay.gateway.domain.Decision;
import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.domain.IdempotencyKey;
import com.demozpay.gateway.ports.out.DisbursementStore;
import com.demozpay.gateway.ports.out.Lease;
import com.demozpay.gateway.ports.out.TransitionCause;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Another store's calls, unchanged: a test overrides the one call it stalls, breaks or races (a replica
 * paused between a call's return and its next step, a write that reaches the database late, a crash
 * between two steps, another writer that moves first).
 */
public class DelegatingDisbursementStore implements DisbursementStore {

    private final DisbursementStore delegate;

    public DelegatingDisbursementStore(DisbursementStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public InsertResult insertIfAbsent(Disbursement disbursement) {
        return delegate.insertIfAbsent(disbursement);
    }

    @Override
    public InsertResult insertLeasedIfAbsent(Disbursement disbursement, Duration leaseFor) {
        return delegate.insertLeasedIfAbsent(disbursement, leaseFor);
    }

    @Override
    public Optional<Disbursement> findById(DisbursementId id) {
        return delegate.findById(id);
    }

    @Override
    public Optional<Disbursement> findByIdempotencyKey(IdempotencyKey key) {
        return delegate.findByIdempotencyKey(key);
    }

    @Override
    public TransitionResult transition(DisbursementId id, Decision.Transition transition, TransitionCause cause,
            Instant at) {
        return delegate.transition(id, transition, cause, at);
    }

    @Override
    public TransitionResult transitionUnderLease(Lease lease, Decision.Transition transition, TransitionCause cause,
            Instant at) {
        return delegate.transitionUnderLease(lease, transition, cause, at);
    }

    @Override
    public List<Leased> leaseStale(DisbursementStatus status, Instant changedBefore, int limit, Duration leaseFor) {
        return delegate.leaseStale(status, changedBefore, limit, leaseFor);
    }

    @Override
    public Optional<Lease> lease(DisbursementId id, DisbursementStatus status, Duration leaseFor) {
        return delegate.lease(id, status, leaseFor);
    }

    @Override
    public void release(Lease lease) {
        delegate.release(lease);
    }

    @Override
    public int countResubmit(DisbursementId id) {
        return delegate.countResubmit(id);
    }

    @Override
    public List<OpenStatusSummary> summarizeOpen() {
        return delegate.summarizeOpen();
    }
}
