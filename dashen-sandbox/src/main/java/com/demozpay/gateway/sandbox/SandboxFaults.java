package com.demozpay.gateway.sandbox;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The ways the sandbox bank misbehaves, set before it starts and changeable while it runs (every
 * setter takes effect for the next request or callback). Shares are probabilities from 0 to 1, drawn
 * from the sandbox's seeded random source. "Down" is not here: it is {@link DashenSandbox#goDown()}.
 */
public final class SandboxFaults {

    /** Accounts ending in {@code suffix} are refused with 422 and {@code code}. */
    public record RejectRule(String suffix, String code) {
        public RejectRule {
            Objects.requireNonNull(suffix, "suffix");
            Objects.requireNonNull(code, "code");
        }
    }

    public static final List<RejectRule> DEFAULT_REJECT_RULES = List.of(new RejectRule("0000", "INVALID_ACCOUNT"));

    private volatile List<RejectRule> rejectRules = DEFAULT_REJECT_RULES;
    private volatile long limitMinor = Long.MAX_VALUE;
    private volatile double failLaterShare;
    private volatile String failLaterCode = "ACCOUNT_CLOSED";
    private volatile double errorAfterRecordShare;
    private volatile double throttleShare;
    private volatile Duration latency = Duration.ZERO;
    private volatile double hangShare;
    private volatile Duration hangFor = Duration.ofSeconds(60);
    private volatile double duplicateCallbackShare;
    private volatile double reorderCallbackShare;
    private volatile boolean callbacksOff;

    /** Refuse accounts by suffix, first matching rule wins (default: {@code 0000} → {@code INVALID_ACCOUNT}). */
    public SandboxFaults rejectRules(List<RejectRule> rules) {
        this.rejectRules = List.copyOf(rules);
        return this;
    }

    /** Refuse amounts above this many minor units with 422 {@code LIMIT_EXCEEDED}. */
    public SandboxFaults limitMinor(long limit) {
        this.limitMinor = limit;
        return this;
    }

    /** This share of accepted transfers ends FAILED with {@code code} (a {@code transfer.failed} callback). */
    public SandboxFaults failLater(double share, String code) {
        this.failLaterShare = share(share);
        this.failLaterCode = Objects.requireNonNull(code, "code");
        return this;
    }

    /** This share of submits is answered 500 after the transfer was recorded: the caller cannot know. */
    public SandboxFaults errorAfterRecord(double share) {
        this.errorAfterRecordShare = share(share);
        return this;
    }

    /** This share of requests is answered 429 before anything is recorded. */
    public SandboxFaults throttle(double share) {
        this.throttleShare = share(share);
        return this;
    }

    /** Every request waits this long before it is handled. */
    public SandboxFaults latency(Duration latency) {
        this.latency = nonNegative(latency);
        return this;
    }

    /** This share of requests is handled (a submit is recorded), then held {@code hangFor} before its answer. */
    public SandboxFaults hang(double share, Duration hangFor) {
        this.hangShare = share(share);
        this.hangFor = nonNegative(hangFor);
        return this;
    }

    /** This share of transfers has every callback sent twice with the same {@code webhook-id}. */
    public SandboxFaults duplicateCallbacks(double share) {
        this.duplicateCallbackShare = share(share);
        return this;
    }

    /** This share of transfers has its {@code transfer.accepted} callback sent after the final one. */
    public SandboxFaults reorderCallbacks(double share) {
        this.reorderCallbackShare = share(share);
        return this;
    }

    /** While on, callbacks are dropped instead of sent (lost, as when the bank's sender breaks). */
    public SandboxFaults callbacksOff(boolean off) {
        this.callbacksOff = off;
        return this;
    }

    List<RejectRule> rejectRules() {
        return rejectRules;
    }

    long limitMinor() {
        return limitMinor;
    }

    double failLaterShare() {
        return failLaterShare;
    }

    String failLaterCode() {
        return failLaterCode;
    }

    double errorAfterRecordShare() {
        return errorAfterRecordShare;
    }

    double throttleShare() {
        return throttleShare;
    }

    Duration latency() {
        return latency;
    }

    double hangShare() {
        return hangShare;
    }

    Duration hangFor() {
        return hangFor;
    }

    double duplicateCallbackShare() {
        return duplicateCallbackShare;
    }

    double reorderCallbackShare() {
        return reorderCallbackShare;
    }

    boolean callbacksOff() {
        return callbacksOff;
    }

    @Override
    public String toString() {
        return "SandboxFaults[rejectRules=" + rejectRules + ", limitMinor=" + limitMinor + ", failLater=" + failLaterShare
                + " " + failLaterCode + ", errorAfterRecord=" + errorAfterRecordShare + ", throttle=" + throttleShare
                + ", latency=" + latency + ", hang=" + hangShare + " for " + hangFor + ", duplicateCallbacks="
                + duplicateCallbackShare + ", reorderCallbacks=" + reorderCallbackShare + ", callbacksOff="
                + callbacksOff + "]";
    }

    private static double share(double share) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("a share must be between 0 and 1");
        }
        return share;
    }

    private static Duration nonNegative(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("a duration must not be negative");
        }
        return duration;
    }
}
