package com.demozpay.gateway.testing;

import com.demozpay.gateway.domain.Decision;
import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.domain.DisbursementStatus;
import com.demozpay.gateway.domain.OperatorResolution;
import com.demozpay.gateway.domain.ProductReferenceInUseException;
import com.demozpay.gateway.ports.out.AnomalyLog;
import com.demozpay.gateway.ports.out.DisbursementStore;
import com.demozpay.gateway.ports.out.OperatorQueries;
import com.demozpay.gateway.ports.out.ResolutionStore;
import com.demozpay.gateway.ports.out.TransitionCause;
import com.demozpay.gateway.ports.out.TransitionSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The operator's ports in memory, for tests only, over an {@link InMemoryDisbursementStore}: the anomaly
 * log, resolutions (kept with their audit, for a test to read) and the read-only queries. There are no
 * unmatched callbacks here: the in-memory inbox keeps none.
 */
public final class InMemoryOperatorStore implements AnomalyLog, ResolutionStore, OperatorQueries {

    /** One resolution as written, with its audit. */
    public record LoggedResolution(DisbursementId id, DisbursementStatus from, DisbursementStatus to, Audit audit) {
    }

    private record Kept(RecordedAnomaly anomaly, boolean resolved) {
    }

    private final InMemoryDisbursementStore store;
    private final List<Kept> anomalies = new ArrayList<>();
    private final List<LoggedResolution> resolutions = new ArrayList<>();

    public InMemoryOperatorStore(InMemoryDisbursementStore store) {
        this.store = store;
    }

    @Override
    public synchronized void record(DisbursementId disbursementId, Decision.Anomaly anomaly, TransitionSource source,
            Instant at) {
        anomalies.add(new Kept(new RecordedAnomaly(anomalies.size() + 1, disbursementId, anomaly.kind(),
                anomaly.detail(), source, at), false));
    }

    @Override
    public synchronized List<RecordedAnomaly> unresolved(int limit) {
        return anomalies.stream().filter(kept -> !kept.resolved()).map(Kept::anomaly).limit(limit).toList();
    }

    @Override
    public synchronized List<RecordedAnomaly> unresolved(DisbursementId disbursementId) {
        return anomalies.stream().filter(kept -> !kept.resolved())
                .map(Kept::anomaly).filter(anomaly -> anomaly.disbursementId().equals(disbursementId)).toList();
    }

    @Override
    public synchronized DisbursementStore.TransitionResult resolve(DisbursementId id,
            OperatorResolution.Outcome.Move move, Audit audit, Instant at) {
        Disbursement current = store.findById(id).orElseThrow(() -> new IllegalArgumentException("no disbursement " + id));
        if (current.status() != move.from()) {
            return new DisbursementStore.TransitionResult.Lost(current);
        }
        if (move.from() == DisbursementStatus.FAILED) {
            store.all().stream()
                    .filter(other -> !other.id().equals(id) && other.status() != DisbursementStatus.FAILED
                            && other.request().product() == current.request().product()
                            && other.request().productReference().equals(current.request().productReference()))
                    .findFirst()
                    .ifPresent(live -> {
                        throw new ProductReferenceInUseException(current.request().product(),
                                current.request().productReference(), live.id());
                    });
        }
        DisbursementStore.TransitionResult result = store.replaceIfIn(move.from(), move.applyTo(current, at),
                TransitionCause.of(TransitionSource.OPERATOR));
        if (result instanceof DisbursementStore.TransitionResult.Applied) {
            resolutions.add(new LoggedResolution(id, move.from(), move.to(), audit));
            anomalies.replaceAll(kept -> kept.anomaly().disbursementId().equals(id) ? new Kept(kept.anomaly(), true) : kept);
        }
        return result;
    }

    @Override
    public List<Disbursement> inStatus(DisbursementStatus status, Instant changedBefore, int limit) {
        return store.all().stream()
                .filter(d -> d.status() == status && d.updatedAt().isBefore(changedBefore))
                .sorted(Comparator.comparing(Disbursement::updatedAt).thenComparing(d -> d.id().value()))
                .limit(limit)
                .toList();
    }

    @Override
    public List<UnmatchedCallback> unmatchedCallbacks(int limit) {
        return List.of();
    }

    public synchronized List<LoggedResolution> resolutions() {
        return List.copyOf(resolutions);
    }
}
