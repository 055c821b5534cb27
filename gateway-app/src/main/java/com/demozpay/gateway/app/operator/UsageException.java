package com.demozpay.gateway.app.operator;

/** A command line the operator commands cannot run: nothing was done. Exit code 64. */
public final class UsageException extends Exception {

    public UsageException(String problem) {
        super(problem, null, false, false);
    }
}
