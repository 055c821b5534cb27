package com.demozpay.gateway.app;

import sun.misc.Signal;

/**
 * SIGTERM and SIGINT start a graceful shutdown. Handling the signals ourselves, rather than in a JVM
 * shutdown hook, lets the process drain and then exit 0, which is what Kubernetes expects of a clean stop.
 */
final class Signals {

    private Signals() {
    }

    static void onTermination(Runnable action) {
        Signal.handle(new Signal("TERM"), signal -> action.run());
        Signal.handle(new Signal("INT"), signal -> action.run());
    }
}
