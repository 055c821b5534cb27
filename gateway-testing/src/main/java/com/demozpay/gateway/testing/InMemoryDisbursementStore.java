package com.demozpay.gateway.testing;

import com.demozpay.gateway.domain.Decision;
import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.domain.IdempotencyKey;
import com.demozpay.gateway.ports.out.DisbursementStore;
import com.demozpay.gateway.ports.out.Lease;
import com.demozpay.gateway.ports.out.StoreUnavailableException;
import com.demozpay.gateway.ports.out.TransitionCause;
import com.demozpay.gateway.ports.out.TransitionSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A {@link DisbursementStore} in memory, for tests only. Every method is synchronized, which gives the
 * same atomicity the PostgreSQL store gets from transactions. Leases are timed on the clock given here,
 * which plays the database's clock. {@link #failNextCalls} simulates an unreachable database. It passes
 * {@code DisbursementStoreContract}.
 */
public final class InMemoryDisbursementStore implements DisbursementStore {

    /** One row of the transition log; {@code from} is null for the creation row. */
    public record LoggedTransition(DisbursementId id, DisbursementStatus from, DisbursementStatus to,
            TransitionCause cause, Instant at) {
    }

    private final Map<DisbursementId, Disbursement> byId = new HashMap<>();
    private final Map<IdempotencyKey, DisbursementId> byKey = new HashMap<>();
    private final Map<DisbursementId, HeldLease> leases = new HashMap<>();
    private final Map<DisbursementId, Long> leaseCounters = new HashMap<>();
    private final Map<DisbursementId, Integer> resubmits = new HashMap<>();
    private final List<LoggedTransition> log = new ArrayList<>();
    private final Clock clock;
    private int failuresLeft;

    private record HeldLease(long token, Instant expiresAt) {
    }

    /** Leases timed on {@code clock}, as the PostgreSQL store times them on the database's. */
    public InMemoryDisbursementStore(Clock clock) {
        this.clock = clock;
    }

    /** Leases timed on the system clock. */
    public InMemoryDisbursementStore() {
        this(Clock.systemUTC());
    }

    @Override
    public synchronized InsertResult insertIfAbsent(Disbursement disbursement) {
        maybeFail();
        if (disbursement.status() != DisbursementStatus.INITIATED) {
            throw new IllegalArgumentException("only an INITIATED disbursement is inserted, not " + disbursement.status());
        }
        DisbursementId existing = byKey.get(disbursement.request().idempotencyKey());
        if (existing != null) {
            return new InsertResult.AlreadyExists(byId.get(existing));
        }
        Optional<Disbursement> holder = byId.values().stream()
                .filter(d -> d.holdsProductReference()
                        && d.request().product() == disbursement.request().product()
                        && d.request().productReference().equals(disbursement.request().productReference()))
                .findFirst();
        if (holder.isPresent()) {
            return new InsertResult.ProductReferenceTaken(holder.get());
        }
        byId.put(disbursement.id(), disbursement);
        byKey.put(disbursement.request().idempotencyKey(), disbursement.id());
        log.add(new LoggedTransition(disbursement.id(), null, disbursement.status(),
                TransitionCause.of(TransitionSource.API), disbursement.createdAt()));
        return new InsertResult.Inserted(disbursement);
    }

    @Override
    public synchronized InsertResult insertLeasedIfAbsent(Disbursement disbursement, Duration leaseFor) {
        InsertResult result = insertIfAbsent(disbursement);
        if (result instanceof InsertResult.Inserted inserted) {
            return new InsertResult.Inserted(inserted.disbursement(),
                    Optional.of(take(disbursement.id(), clock.instant().plus(leaseFor))));
        }
        return result;
    }

    @Override
    public synchronized Optional<Disbursement> findById(DisbursementId id) {
        maybeFail();
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public synchronized Optional<Disbursement> findByIdempotencyKey(IdempotencyKey key) {
        maybeFail();
        return Optional.ofNullable(byKey.get(key)).map(byId::get);
    }

    @Override
    public synchronized TransitionResult transition(DisbursementId id, Decision.Transition transition,
            TransitionCause cause, Instant at) {
        maybeFail();
        Disbursement current = byId.get(id);
        if (current == null) {
            throw new IllegalArgumentException("no disbursement " + id);
        }
        if (current.status() != transition.from()) {
            return new TransitionResult.Lost(current);
        }
        Disbursement after = current.apply(transition, at);
        byId.put(id, after);
        log.add(new LoggedTransition(id, transition.from(), transition.to(), cause, at));
        return new TransitionResult.Applied(after);
    }

    @Override
    public synchronized TransitionResult transitionUnderLease(Lease lease, Decision.Transition transition,
            TransitionCause cause, Instant at) {
        DisbursementId id = lease.disbursementId();
        Disbursement current = byId.get(id);
        if (current == null) {
            throw new IllegalArgumentException("no disbursement " + id);
        }
        HeldLease held = leases.get(id);
        if (held == null || held.token() != lease.token() || !held.expiresAt().isAfter(clock.instant())) {
            return new TransitionResult.LeaseLost(current);
        }
        TransitionResult result = transition(id, transition, cause, at); // fails like any write when told to
        if (result instanceof TransitionResult.Applied) {
            leases.remove(id);
        }
        return result;
    }

    @Override
    public synchronized List<Leased> leaseStale(DisbursementStatus status, Instant changedBefore, int limit,
            Duration leaseFor) {
        maybeFail();
        if (status.isFinal()) {
            throw new IllegalArgumentException("a " + status + " disbursement is final and is never leased");
        }
        if (limit < 1) {
            throw new IllegalArgumentException("lease limit must be at least 1");
        }
        Instant now = clock.instant();
        return byId.values().stream()
                .filter(d -> d.status() == status && d.updatedAt().isBefore(changedBefore))
                .filter(d -> unleasedAt(d.id(), now))
                .sorted(Comparator.comparing(Disbursement::updatedAt).thenComparing(d -> d.id().value()))
                .limit(limit)
                .map(d -> new Leased(d, take(d.id(), now.plus(leaseFor))))
                .collect(Collectors.toList());
    }

    @Override
    public synchronized Optional<Lease> lease(DisbursementId id, DisbursementStatus status, Duration leaseFor) {
        maybeFail();
        Instant now = clock.instant();
        Disbursement current = byId.get(id);
        if (current == null || current.status() != status || !unleasedAt(id, now)) {
            return Optional.empty();
        }
        return Optional.of(take(id, now.plus(leaseFor)));
    }

    @Override
    public synchronized void release(Lease lease) {
        maybeFail();
        HeldLease held = leases.get(lease.disbursementId());
        if (held != null && held.token() == lease.token()) {
            leases.remove(lease.disbursementId());
        }
    }

    @Override
    public synchronized int countResubmit(DisbursementId id) {
        maybeFail();
        if (!byId.containsKey(id)) {
            throw new IllegalArgumentException("no disbursement " + id);
        }
        return resubmits.merge(id, 1, Integer::sum);
    }

    @Override
    public synchronized List<OpenStatusSummary> summarizeOpen() {
        maybeFail();
        return byId.values().stream()
                .filter(d -> !d.status().isFinal())
                .collect(Collectors.groupingBy(Disbursement::status))
                .entrySet().stream()
                .map(e -> new OpenStatusSummary(e.getKey(), e.getValue().size(),
                        e.getValue().stream().map(Disbursement::createdAt).min(Comparator.naturalOrder()).orElseThrow()))
                .sorted(Comparator.comparing(OpenStatusSummary::status))
                .collect(Collectors.toList());
    }

    /**
     * Replaces the disbursement by {@code next} if it is still in {@code from}, with its log row; otherwise
     * changes nothing and returns it as it stands. For the in-memory ports built on this store (an
     * operator's resolution moves final states, which {@link #transition} refuses).
     */
    public synchronized TransitionResult replaceIfIn(DisbursementStatus from, Disbursement next, TransitionCause cause) {
        maybeFail();
        Disbursement current = byId.get(next.id());
        if (current == null) {
            throw new IllegalArgumentException("no disbursement " + next.id());
        }
        if (current.status() != from) {
            return new TransitionResult.Lost(current);
        }
        byId.put(next.id(), next);
        log.add(new LoggedTransition(next.id(), from, next.status(), cause, next.updatedAt()));
        return new TransitionResult.Applied(next);
    }

    /** Stores a disbursement as it is, in any state: to set up a test. */
    public synchronized void put(Disbursement disbursement) {
        byId.put(disbursement.id(), disbursement);
        byKey.put(disbursement.request().idempotencyKey(), disbursement.id());
    }

    /** The next {@code count} calls throw {@link StoreUnavailableException}. */
    public synchronized void failNextCalls(int count) {
        failuresLeft = count;
    }

    public synchronized List<LoggedTransition> log() {
        return List.copyOf(log);
    }

    public synchronized List<Disbursement> all() {
        return List.copyOf(byId.values());
    }

    private Lease take(DisbursementId id, Instant expiresAt) {
        long token = leaseCounters.merge(id, 1L, Long::sum);
        leases.put(id, new HeldLease(token, expiresAt));
        return new Lease(id, token);
    }

    private boolean unleasedAt(DisbursementId id, Instant now) {
        HeldLease held = leases.get(id);
        return held == null || !held.expiresAt().isAfter(now);
    }

    private void maybeFail() {
        if (failuresLeft > 0) {
            failuresLeft--;
            throw new StoreUnavailableException("in-memory store told to fail", null);
        }
    }
}
