package com.demozpay.gateway.ports.testing;

import com.demozpay.gateway.domain.Decision;
import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.domain.IdempotencyKey;
import com.demozpay.gateway.ports.out.DisbursementStore;
import com.demozpay.gateway.ports.out.StoreUnavailableException;
import com.demozpay.gateway.ports.out.TransitionCause;
import com.demozpay.gateway.ports.out.TransitionSource;
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
 * same atomicity the PostgreSQL store gets from transactions. {@link #failNextCalls} simulates an
 * unreachable database.
 */
public final class InMemoryDisbursementStore implements DisbursementStore {

    /** One row of the transition log; {@code from} is null for the creation row. */
    public record LoggedTransition(DisbursementId id, DisbursementStatus from, DisbursementStatus to,
            TransitionCause cause, Instant at) {
    }

    private final Map<DisbursementId, Disbursement> byId = new HashMap<>();
    private final Map<IdempotencyKey, DisbursementId> byKey = new HashMap<>();
    private final Map<DisbursementId, Instant> claims = new HashMap<>();
    private final Map<DisbursementId, Integer> resubmits = new HashMap<>();
    private final List<LoggedTransition> log = new ArrayList<>();
    private int failuresLeft;

    @Override
    public synchronized InsertResult insertIfAbsent(Disbursement disbursement) {
        maybeFail();
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
    public synchronized List<Disbursement> claimStale(DisbursementStatus status, Instant changedBefore, int limit,
            Instant now, Instant claimUntil) {
        maybeFail();
        List<Disbursement> claimed = byId.values().stream()
                .filter(d -> d.status() == status && d.updatedAt().isBefore(changedBefore))
                .filter(d -> unclaimedAt(d.id(), now))
                .sorted(Comparator.comparing(Disbursement::updatedAt))
                .limit(limit)
                .collect(Collectors.toList());
        claimed.forEach(d -> claims.put(d.id(), claimUntil));
        return claimed;
    }

    @Override
    public synchronized boolean claim(DisbursementId id, DisbursementStatus status, Instant now, Instant claimUntil) {
        maybeFail();
        Disbursement current = byId.get(id);
        if (current == null || current.status() != status || !unclaimedAt(id, now)) {
            return false;
        }
        claims.put(id, claimUntil);
        return true;
    }

    @Override
    public synchronized int countResubmit(DisbursementId id) {
        maybeFail();
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

    @Override
    public synchronized void release(DisbursementId id, Instant claimUntil) {
        maybeFail();
        claims.remove(id, claimUntil);
    }

    private boolean unclaimedAt(DisbursementId id, Instant now) {
        Instant claimedUntil = claims.get(id);
        return claimedUntil == null || !claimedUntil.isAfter(now);
    }

    private void maybeFail() {
        if (failuresLeft > 0) {
            failuresLeft--;
            throw new StoreUnavailableException("in-memory store told to fail", null);
        }
    }
}
