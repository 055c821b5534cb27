package com.demozpay.gateway.adapter.dashen;

/** What one HTTP exchange with the bank came to, before it is read as an outcome. */
sealed interface DashenReply {

    /** The bank answered with this status and body. */
    record Answered(int status, byte[] body) implements DashenReply {
    }

    /** No answer came; whether the request reached the bank is told by the subtype. */
    sealed interface Failed extends DashenReply {
        String cause();
    }

    /** The request certainly never reached the bank (refused, unknown host, no connection in time). */
    record NotSent(String cause) implements Failed {
    }

    /** The request may have reached the bank but no answer came (timeout, reset after sending). */
    record MaybeSent(String cause) implements Failed {
    }
}
