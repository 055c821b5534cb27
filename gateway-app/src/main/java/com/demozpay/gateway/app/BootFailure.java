package com.demozpay.gateway.app;

/**
 * Why the gateway could not start. Each category is one runbook entry: its {@code msg} in the last
 * log line and its exit code are documented in {@code docs/configuration.md}.
 */
public final class BootFailure extends Exception {

    public enum Category {
        UNEXPECTED(1, "boot failed"),
        CONFIG(2, "config load failed"),
        DATABASE(3, "pg pool init failed"),
        PARTNER(4, "partner adapter init failed"),
        MIGRATION(5, "pg migration failed"),
        LISTENER(6, "listener start failed");

        private final int exitCode;
        private final String message;

        Category(int exitCode, String message) {
            this.exitCode = exitCode;
            this.message = message;
        }

        public int exitCode() {
            return exitCode;
        }

        /** The {@code msg} of the log line that reports it. */
        public String message() {
            return message;
        }
    }

    private final Category category;

    public BootFailure(Category category, String cause) {
        super(cause, null, false, false);
        this.category = category;
    }

    public Category category() {
        return category;
    }
}
