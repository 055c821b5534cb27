package com.demozpay.gateway.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where things are in the checkout the tests run from. */
final class Repo {

    private Repo() {
    }

    static Path root() {
        return Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    }

    static Path k8s(String kustomization) {
        return root().resolve("infra/k8s").resolve(kustomization);
    }

    /** The production jar, as gateway-app packages it. */
    static Path gatewayJar() {
        Path jar = Path.of(System.getProperty("gateway.jar", root().resolve("gateway-app/target/gateway.jar").toString()));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: these tests run after gateway-app's package (mvn verify)");
        }
        return jar;
    }

    static boolean onCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }
}
