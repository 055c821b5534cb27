package com.demozpay.gateway.deploy;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * Whether the image test can run. Without a Docker engine it is skipped with a message on standard
 * error, except under CI=true, where .ci/run starts one: there a missing engine fails the build.
 */
final class DockerEngine {

    private DockerEngine() {
    }

    static void requireOrSkip() {
        if (Commands.works("docker", "info", "--format", "{{.ServerVersion}}")) {
            return;
        }
        String why = "no Docker engine is reachable (`docker info` fails), so the container image is neither built nor smoke-tested";
        if (Repo.onCi()) {
            fail(why + "; CI=true requires one (.ci/run starts dockerd)");
        }
        System.err.println("SKIPPED GatewayImageIT: " + why + ". Start dockerd to run it (docs/deploy.md).");
        abort(why);
    }

    static void requireMachineDatabaseOrSkip() {
        if (System.getenv("GATEWAY_TEST_DATABASE_URL") != null) {
            return;
        }
        String why = "GATEWAY_TEST_DATABASE_URL is not set: the container needs the machine's PostgreSQL on the host network";
        if (Repo.onCi()) {
            fail(why);
        }
        System.err.println("SKIPPED GatewayImageIT: " + why + ".");
        abort(why);
    }
}
