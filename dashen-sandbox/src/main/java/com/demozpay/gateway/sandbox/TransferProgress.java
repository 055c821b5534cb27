package com.demozpay.gateway.sandbox;

import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Moves a new transfer on as the bank would: PENDING, then ACCEPTED after {@code acceptAfter}
 * ({@code transfer.accepted}), then COMPLETED or FAILED {@code completeAfter} after the first attempt
 * to deliver that callback ({@code transfer.completed} or {@code transfer.failed}). Retries of a
 * callback may still cross later events, as with a real bank. Its fate (fail later, duplicate or
 * reorder its callbacks) is drawn once, when it is created.
 */
final class TransferProgress {

    private record Fate(String failureCode, boolean duplicate, boolean reorder) {
    }

    private final SandboxLedger ledger;
    private final CallbackSender sender;
    private final ScheduledExecutorService scheduler;
    private final SandboxSettings settings;
    private final SandboxFaults faults;
    private final Dice dice;
    private final Clock clock;

    TransferProgress(SandboxLedger ledger, CallbackSender sender, ScheduledExecutorService scheduler,
            SandboxSettings settings, SandboxFaults faults, Dice dice, Clock clock) {
        this.ledger = ledger;
        this.sender = sender;
        this.scheduler = scheduler;
        this.settings = settings;
        this.faults = faults;
        this.dice = dice;
        this.clock = clock;
    }

    void start(SandboxTransfer created) {
        boolean failLater = dice.roll(faults.failLaterShare());
        Fate fate = new Fate(failLater ? faults.failLaterCode() : null, dice.roll(faults.duplicateCallbackShare()),
                dice.roll(faults.reorderCallbackShare()));
        later(() -> accept(created.reference(), fate), settings.acceptAfter().toMillis());
    }

    private void accept(String reference, Fate fate) {
        SandboxTransfer accepted = ledger.update(reference, SandboxTransfer::accepted);
        CallbackSender.Callback event = sender.event("transfer.accepted", accepted);
        if (fate.reorder()) {
            later(() -> finish(reference, fate, event), settings.completeAfter().toMillis());
        } else {
            // The clock to completion starts once the first attempt is over, so the two first attempts never cross.
            sender.send(event, fate.duplicate(),
                    () -> later(() -> finish(reference, fate, null), settings.completeAfter().toMillis()));
        }
    }

    /** Ends the transfer; a held-back {@code transfer.accepted} goes out after the final event. */
    private void finish(String reference, Fate fate, CallbackSender.Callback heldBack) {
        SandboxTransfer ended = fate.failureCode() == null
                ? ledger.update(reference, transfer -> transfer.completed(clock.instant()))
                : ledger.update(reference, transfer -> transfer.failed(fate.failureCode(), "failed by the sandbox"));
        String type = ended.status() == SandboxTransfer.Status.FAILED ? "transfer.failed" : "transfer.completed";
        Runnable next = heldBack == null ? () -> { } : () -> sender.send(heldBack, fate.duplicate(), () -> { });
        sender.send(sender.event(type, ended), fate.duplicate(), next);
    }

    private void later(Runnable step, long millis) {
        scheduler.schedule(step, millis, TimeUnit.MILLISECONDS);
    }
}
