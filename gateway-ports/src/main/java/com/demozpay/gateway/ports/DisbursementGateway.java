package com.demozpay.gateway.ports;

import com.demozpay.gateway.domain.DisbursementLimits;
import com.demozpay.gateway.domain.ResubmitLimit;
import com.demozpay.gateway.ports.in.GetDisbursementStatusUseCase;
import com.demozpay.gateway.ports.in.HandlePartnerCallbackUseCase;
import com.demozpay.gateway.ports.in.InitiateDisbursementUseCase;
import com.demozpay.gateway.ports.in.ReconcileStaleDisbursementsUseCase;
import com.demozpay.gateway.ports.out.CallbackInbox;
import com.demozpay.gateway.ports.out.DisbursementObserver;
import com.demozpay.gateway.ports.out.DisbursementStore;
import com.demozpay.gateway.ports.out.PartnerCallbackVerifier;
import com.demozpay.gateway.ports.out.PartnerClient;
import com.demozpay.gateway.ports.service.GetDisbursementStatusService;
import com.demozpay.gateway.ports.service.HandlePartnerCallbackService;
import com.demozpay.gateway.ports.service.InitiateDisbursementService;
import com.demozpay.gateway.ports.service.LeasePolicy;
import com.demozpay.gateway.ports.service.ReconcilePolicy;
import com.demozpay.gateway.ports.service.ReconcileStaleDisbursementsService;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The gateway's core, embedded: the one place where the use cases are wired to the outbound ports. A host
 * (the standalone app, another JVM service, a test) hands {@link #builder()} a store, a callback inbox, a
 * partner client and a callback verifier, and gets the use cases back, plus the reconciler, which it
 * must run: on its own scheduler ({@code reconciler().reconcileOnce()} every so often, on every replica)
 * or on the built-in one ({@link #startReconciling}). Nothing here starts a thread or opens a socket until
 * asked; {@link #close()} stops the built-in reconciler. The ports' adapters stay the host's to close.
 */
public final class DisbursementGateway implements AutoCloseable {

    private final InitiateDisbursementUseCase initiate;
    private final GetDisbursementStatusUseCase status;
    private final HandlePartnerCallbackUseCase callbacks;
    private final ReconcileStaleDisbursementsUseCase reconciler;
    private final DisbursementObserver observer;
    private ReconcilerLoop loop;

    private DisbursementGateway(Builder b) {
        this.observer = b.observer;
        this.initiate = new InitiateDisbursementService(b.limits, b.store, b.partner, b.clock, b.observer,
                b.leasePolicy);
        this.status = new GetDisbursementStatusService(b.store, b.partner, b.clock, b.statusRefreshAfter,
                b.statusRefreshesInFlight, b.observer);
        this.callbacks = new HandlePartnerCallbackService(b.callbackVerifier, b.inbox, b.clock, b.observer);
        this.reconciler = new ReconcileStaleDisbursementsService(b.store, b.partner, b.clock, b.reconcilePolicy,
                b.leasePolicy, b.resubmitLimit, b.observer);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Initiates a disbursement (idempotent by key) and submits it to the bank. */
    public InitiateDisbursementUseCase initiate() {
        return initiate;
    }

    /** Reads a disbursement, asking the bank first when it is stale or the caller wants fresh news. */
    public GetDisbursementStatusUseCase status() {
        return status;
    }

    /** Verifies and applies a callback from the bank. */
    public HandlePartnerCallbackUseCase callbacks() {
        return callbacks;
    }

    /** One reconcile pass per call, for a host that schedules the reconciler itself. */
    public ReconcileStaleDisbursementsUseCase reconciler() {
        return reconciler;
    }

    /**
     * Runs the reconciler every {@code interval} (±20%) on a daemon thread of its own, until {@link #close()};
     * each pass is reported to the observer ({@code reconcilePassed}, {@code reconcilePassFailed}).
     */
    public synchronized void startReconciling(Duration interval) {
        if (loop != null) {
            throw new IllegalStateException("the reconciler is already running");
        }
        loop = new ReconcilerLoop(reconciler, interval, observer);
        loop.start();
    }

    /** Stops the built-in reconciler, waiting briefly for a pass under way; the host closes its adapters. */
    @Override
    public synchronized void close() {
        if (loop != null) {
            loop.close();
            loop = null;
        }
    }

    /**
     * What the core needs from its host. Required: the four outbound ports, the limits and the lease
     * policy. Defaults: the UTC system clock, an observer that hears nothing, a status read asking the bank
     * when the stored state has not moved for a minute, at most {@link #DEFAULT_STATUS_REFRESHES_IN_FLIGHT}
     * such refreshes at once, {@link #DEFAULT_RECONCILE_POLICY} and {@link #DEFAULT_RESUBMIT_LIMIT}.
     */
    public static final class Builder {

        /** Checks INITIATED ones after 10 minutes, in-flight ones after 2, at most 50 of each per pass. */
        public static final ReconcilePolicy DEFAULT_RECONCILE_POLICY =
                new ReconcilePolicy(Duration.ofMinutes(10), Duration.ofMinutes(2), 50);
        /** Five resends of a transfer the bank has no record of, then a human decides. */
        public static final ResubmitLimit DEFAULT_RESUBMIT_LIMIT = new ResubmitLimit(5);
        /** Four status refreshes asking the bank at once; the others answer from the store. */
        public static final int DEFAULT_STATUS_REFRESHES_IN_FLIGHT = 4;

        private DisbursementStore store;
        private CallbackInbox inbox;
        private PartnerClient partner;
        private PartnerCallbackVerifier callbackVerifier;
        private DisbursementLimits limits;
        private LeasePolicy leasePolicy;
        private Clock clock = Clock.systemUTC();
        private DisbursementObserver observer = DisbursementObserver.NONE;
        private Duration statusRefreshAfter = Duration.ofMinutes(1);
        private ReconcilePolicy reconcilePolicy = DEFAULT_RECONCILE_POLICY;
        private ResubmitLimit resubmitLimit = DEFAULT_RESUBMIT_LIMIT;
        private int statusRefreshesInFlight = DEFAULT_STATUS_REFRESHES_IN_FLIGHT;

        private Builder() {
        }

        public Builder store(DisbursementStore store) {
            this.store = store;
            return this;
        }

        /**
         * The inbox of the bank's callbacks, over the same storage as {@link #store}: it applies each callback
         * to the store's disbursements in one atomic step ({@link CallbackInbox#process}).
         */
        public Builder inbox(CallbackInbox inbox) {
            this.inbox = inbox;
            return this;
        }

        public Builder partner(PartnerClient partner) {
            this.partner = partner;
            return this;
        }

        public Builder callbackVerifier(PartnerCallbackVerifier callbackVerifier) {
            this.callbackVerifier = callbackVerifier;
            return this;
        }

        public Builder limits(DisbursementLimits limits) {
            this.limits = limits;
            return this;
        }

        /** The one lease the submit and the reconciler both take; it must outlast a call to the bank. */
        public Builder leasePolicy(LeasePolicy leasePolicy) {
            this.leasePolicy = leasePolicy;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder observer(DisbursementObserver observer) {
            this.observer = observer;
            return this;
        }

        /** A status read asks the bank first when the stored state has not moved for this long. */
        public Builder statusRefreshAfter(Duration statusRefreshAfter) {
            if (statusRefreshAfter.isNegative()) {
                throw new IllegalArgumentException("the status refresh age must not be negative");
            }
            this.statusRefreshAfter = statusRefreshAfter;
            return this;
        }

        /**
         * How many status refreshes of this core may ask the bank at once (one per disbursement in any
         * case); the rest answer from the store, so polling never takes the bank connections submits need.
         * Keep it below the partner client's connection limit.
         */
        public Builder statusRefreshesInFlight(int statusRefreshesInFlight) {
            if (statusRefreshesInFlight < 1) {
                throw new IllegalArgumentException("at least one status refresh must be allowed in flight");
            }
            this.statusRefreshesInFlight = statusRefreshesInFlight;
            return this;
        }

        public Builder reconcilePolicy(ReconcilePolicy reconcilePolicy) {
            this.reconcilePolicy = reconcilePolicy;
            return this;
        }

        /** How often the reconciler resends a SUBMITTED disbursement the bank has no record of. */
        public Builder resubmitLimit(ResubmitLimit resubmitLimit) {
            this.resubmitLimit = resubmitLimit;
            return this;
        }

        /** @throws NullPointerException naming the first required part that is missing */
        public DisbursementGateway build() {
            Objects.requireNonNull(store, "store");
            Objects.requireNonNull(inbox, "inbox");
            Objects.requireNonNull(partner, "partner");
            Objects.requireNonNull(callbackVerifier, "callbackVerifier");
            Objects.requireNonNull(limits, "limits");
            Objects.requireNonNull(leasePolicy, "leasePolicy");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(observer, "observer");
            Objects.requireNonNull(reconcilePolicy, "reconcilePolicy");
            Objects.requireNonNull(resubmitLimit, "resubmitLimit");
            return new DisbursementGateway(this);
        }
    }
}
