package com.demozpay.gateway.app.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The dependency rule where every adapter is visible at once (the app's test class path): adapters plug
 * into the core through {@code ports.in}, {@code ports.out} and the embedding builder only, never the
 * use-case services behind them; and production code never reaches the sandbox, the demo or the test
 * kit. gateway-ports' own ArchitectureTest covers the domain and the ports; the root pom's enforcer
 * rules cover the same lines at module level.
 */
@AnalyzeClasses(packages = "com.demozpay.gateway", importOptions = AdapterBoundariesTest.ProductionClassesOnly.class)
class AdapterBoundariesTest {

    private static final String ADAPTERS = "com.demozpay.gateway.adapter..";

    @ArchTest
    static final ArchRule adaptersNeverReachIntoTheServices = noClasses().that().resideInAPackage(ADAPTERS)
            .should().dependOnClassesThat().resideInAPackage("com.demozpay.gateway.ports.service..")
            .because("an adapter drives or serves the core through the port interfaces (ports.in, ports.out) and"
                    + " the builder; the services are the core's internals, free to change behind them");

    @ArchTest
    static final ArchRule productionCodeNeverReachesTheSandboxTheDemoOrTheTestKit = noClasses()
            .that().resideInAnyPackage(ADAPTERS, "com.demozpay.gateway.app..", "com.demozpay.gateway.ports..",
                    "com.demozpay.gateway.domain..")
            .should().dependOnClassesThat().resideInAnyPackage("com.demozpay.gateway.sandbox..",
                    "com.demozpay.gateway.demo..", "com.demozpay.gateway.testing..", "io.zonky..")
            .because("production artifacts carry only what production runs");

    /** Main classes only: test classes of this module and the adapters' test jars may use anything. */
    static final class ProductionClassesOnly implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("/test-classes/") && !location.contains("-tests.jar");
        }
    }
}
