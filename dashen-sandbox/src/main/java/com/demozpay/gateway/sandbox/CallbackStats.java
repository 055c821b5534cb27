package com.demozpay.gateway.sandbox;

/**
 * What the sandbox did with its callbacks: events raised, HTTP attempts made, attempts answered 2xx,
 * events dropped because callbacks were off (or no webhook URL was set), and events given up after
 * the last attempt.
 */
public record CallbackStats(int events, int attempts, int delivered, int lost, int givenUp) {
}
