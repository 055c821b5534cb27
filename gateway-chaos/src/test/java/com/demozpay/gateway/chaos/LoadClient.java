package com.demozpay.gateway.chaos;

import com.demozpay.gateway.api.v1.Disbursement;
import com.demozpay.gateway.api.v1.DisbursementGatewayGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The platform's API as the contract asks it to behave: a payment is sent with its idempotency key
 * and, after {@code UNAVAILABLE}, {@code ABORTED} (outcome unknown), a deadline or a dropped connection,
 * sent again with the same key to the next replica, until some replica answers. Every attempt's status
 * is counted; an answer other than OK or a retryable status is the payment's final refusal.
 */
final class LoadClient {

    /** Statuses after which the contract says: retry with the same key (another replica may serve it). */
    private static final Set<Status.Code> RETRYABLE = Set.of(Status.Code.UNAVAILABLE, Status.Code.ABORTED,
            Status.Code.DEADLINE_EXCEEDED, Status.Code.UNKNOWN, Status.Code.CANCELLED, Status.Code.RESOURCE_EXHAUSTED,
            Status.Code.INTERNAL);
    private static final Duration CALL_DEADLINE = Duration.ofSeconds(10);

    /** How a payment's calls ended: the disbursement the gateway answered with, or the refusal, or neither yet. */
    record Answer(Optional<Disbursement> disbursement, Optional<StatusRuntimeException> refusal, int attempts) {
    }

    private final Replicas replicas;
    private final Map<Integer, Answer> answers = new ConcurrentSkipListMap<>();
    private final Map<Status.Code, AtomicLong> attemptsByStatus = new ConcurrentHashMap<>();

    LoadClient(Replicas replicas) {
        this.replicas = replicas;
    }

    /**
     * Sends the payment until a replica answers or {@code limit} passes, starting at the replica its
     * index points to. Returns whether it got an answer (OK or a refusal).
     */
    boolean send(Payment payment, Duration limit) {
        Instant deadline = Instant.now().plus(limit);
        int replica = payment.index() % replicas.count();
        int attempts = answers.containsKey(payment.index()) ? answers.get(payment.index()).attempts() : 0;
        while (true) {
            attempts++;
            try {
                Disbursement answered = DisbursementGatewayGrpc.newBlockingStub(replicas.channel(replica))
                        .withDeadlineAfter(CALL_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                        .initiateDisbursement(payment.request());
                count(Status.Code.OK);
                answers.put(payment.index(), new Answer(Optional.of(answered), Optional.empty(), attempts));
                return true;
            } catch (StatusRuntimeException e) {
                Status.Code code = e.getStatus().getCode();
                count(code);
                if (!RETRYABLE.contains(code)) {
                    answers.put(payment.index(), new Answer(Optional.empty(), Optional.of(e), attempts));
                    return true;
                }
                answers.put(payment.index(), new Answer(Optional.empty(), Optional.empty(), attempts));
            }
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            replica = (replica + 1) % replicas.count();
            Replicas.pause(Duration.ofMillis(100L * Math.min(attempts, 10)));
        }
    }

    Map<Integer, Answer> answers() {
        return answers;
    }

    boolean answered(Payment payment) {
        Answer answer = answers.get(payment.index());
        return answer != null && (answer.disbursement().isPresent() || answer.refusal().isPresent());
    }

    Map<Status.Code, Long> attemptsByStatus() {
        Map<Status.Code, Long> counts = new TreeMap<>();
        attemptsByStatus.forEach((code, count) -> counts.put(code, count.get()));
        return counts;
    }

    private void count(Status.Code code) {
        attemptsByStatus.computeIfAbsent(code, c -> new AtomicLong()).incrementAndGet();
    }
}
