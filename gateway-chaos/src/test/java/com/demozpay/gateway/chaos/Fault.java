package com.demozpay.gateway.chaos;

/** What the chaos schedule does to the system, one at a time, each for a few seconds. */
enum Fault {
    /** SIGKILL of a replica; it is started again after the hold. */
    REPLICA_KILLED,
    /** SIGTERM of a replica (a rolling restart), started again at once. */
    REPLICA_RESTARTED,
    /** Every connection to PostgreSQL cut at the proxy, new ones refused. */
    DATABASE_CUT,
    /**
     * Every byte to and from PostgreSQL held at the proxy, connections left open, for longer than a
     * lease: a partition or a frozen server, where a claim can expire while its holder waits.
     */
    DATABASE_STALL,
    /** Half the submits recorded by the bank, then answered 500. */
    BANK_ERROR_AFTER_RECORD("--error-after-record 0.5", "--error-after-record 0"),
    /** Half the bank's requests handled, then held past every client timeout. */
    BANK_HANGS("--hang 0.5:3s", "--hang 0:0s"),
    /** The bank's callbacks dropped; transfers still move on. */
    CALLBACKS_LOST("--callbacks off", "--callbacks on"),
    /** Every callback sent twice under one webhook-id. */
    CALLBACKS_DUPLICATED("--duplicate-callbacks 1", "--duplicate-callbacks 0"),
    /** transfer.accepted sent after the final callback. */
    CALLBACKS_REORDERED("--reorder-callbacks 1", "--reorder-callbacks 0"),
    /** The bank stops listening (connection refused); transfers and callbacks go on. */
    BANK_DOWN("down", "up");

    /** The sandbox command lines that switch a bank fault on and off; null for the others. */
    final String bankOn;
    final String bankOff;

    Fault() {
        this(null, null);
    }

    Fault(String bankOn, String bankOff) {
        this.bankOn = bankOn;
        this.bankOff = bankOff;
    }

    boolean isBankFault() {
        return bankOn != null;
    }
}
