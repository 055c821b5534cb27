package com.demozpay.gateway.demo;

import java.util.List;
import java.util.Optional;

/**
 * The demo's command line: {@code --walkthrough}, and {@code --disposable-database URL}, the one way to
 * run the demo on a database it did not start. The flag's name is the promise its user makes: the
 * database holds nothing that matters, because the demo's reconciler will take the sandbox for the bank.
 */
record DemoOptions(boolean walkthrough, Optional<String> disposableDatabaseUrl) {

    static final String WALKTHROUGH = "--walkthrough";
    static final String DISPOSABLE_DATABASE = "--disposable-database";

    /** Reads the options; anything else, a repeat or a flag without its URL is an {@link IllegalArgumentException}. */
    static DemoOptions parse(List<String> args) {
        boolean walkthrough = false;
        Optional<String> database = Optional.empty();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals(WALKTHROUGH) && !walkthrough) {
                walkthrough = true;
            } else if (arg.equals(DISPOSABLE_DATABASE) && database.isEmpty()) {
                if (i + 1 == args.size() || args.get(i + 1).isBlank() || args.get(i + 1).startsWith("--")) {
                    throw new IllegalArgumentException(DISPOSABLE_DATABASE + " needs the database URL after it");
                }
                database = Optional.of(args.get(++i));
            } else {
                throw new IllegalArgumentException("demo does not take " + arg);
            }
        }
        return new DemoOptions(walkthrough, database);
    }
}
