package com.demozpay.gateway.testing;

import com.demozpay.gateway.domain.Disbursement;
import com.demozpay.gateway.domain.DisbursementId;
import com.demozpay.gateway.domain.PartnerOutcome;
import com.demozpay.gateway.ports.out.PartnerClient;
import com.demozpay.gateway.ports.out.TransferLookup;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

/**
 * A {@link PartnerClient} for tests: answers are scripted per call (or given by a default), and every
 * reference it was asked to submit is recorded, so a test can prove what reached "the bank".
 */
public final class ScriptedPartnerClient implements PartnerClient {

    private final Deque<PartnerOutcome> submitAnswers = new ArrayDeque<>();
    private final Deque<TransferLookup> lookupAnswers = new ArrayDeque<>();
    private final List<DisbursementId> submitted = new ArrayList<>();
    private final List<DisbursementId> lookedUp = new ArrayList<>();
    private Function<Disbursement, PartnerOutcome> defaultSubmit = d -> new PartnerOutcome.Unknown("no answer scripted");
    private TransferLookup defaultLookup = new TransferLookup.Unavailable("no answer scripted");

    @Override
    public synchronized PartnerOutcome submit(Disbursement disbursement) {
        submitted.add(disbursement.id());
        return submitAnswers.isEmpty() ? defaultSubmit.apply(disbursement) : submitAnswers.poll();
    }

    @Override
    public synchronized TransferLookup lookup(DisbursementId reference) {
        lookedUp.add(reference);
        return lookupAnswers.isEmpty() ? defaultLookup : lookupAnswers.poll();
    }

    /** Answers the next submits with these outcomes, in order. */
    public synchronized ScriptedPartnerClient thenSubmit(PartnerOutcome... outcomes) {
        submitAnswers.addAll(List.of(outcomes));
        return this;
    }

    /** Answers the next lookups with these, in order. */
    public synchronized ScriptedPartnerClient thenLookup(TransferLookup... answers) {
        lookupAnswers.addAll(List.of(answers));
        return this;
    }

    /** Answers every submit with nothing scripted left by this function. */
    public synchronized ScriptedPartnerClient alwaysSubmit(Function<Disbursement, PartnerOutcome> answer) {
        defaultSubmit = answer;
        return this;
    }

    /** Answers every lookup with nothing scripted left by this. */
    public synchronized ScriptedPartnerClient alwaysLookup(TransferLookup answer) {
        defaultLookup = answer;
        return this;
    }

    /** Every reference submitted, in order, repeats included. */
    public synchronized List<DisbursementId> submitted() {
        return List.copyOf(submitted);
    }

    public synchronized List<DisbursementId> lookedUp() {
        return List.copyOf(lookedUp);
    }
}
