package com.demozpay.gateway.sandbox;

import java.util.Random;

/** The sandbox's one seeded random source: the same seed and the same requests give the same faults. */
final class Dice {

    private final Random random;

    Dice(long seed) {
        this.random = new Random(seed);
    }

    /** True with probability {@code share}; always draws, so that later draws do not depend on the share. */
    synchronized boolean roll(double share) {
        return random.nextDouble() < share;
    }
}
