package com.demozpay.gateway.ports;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The dependency rule (domain ← ports ← adapters ← app) at package level, over the production classes of
 * the domain and the ports, which are both visible from here. That no adapter depends on another (and
 * nothing but the app on any adapter) is enforced at module level by the enforcer rule
 * {@code enforce-module-boundaries} in the root pom: the import would not compile.
 */
@AnalyzeClasses(packages = "com.demozpay.gateway", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String DOMAIN = "com.demozpay.gateway.domain..";
    private static final String PORTS = "com.demozpay.gateway.ports..";

    @ArchTest
    static final ArchRule domainDependsOnNothingButTheJdk = classes().that().resideInAPackage(DOMAIN)
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", DOMAIN)
            .because("the domain is the business rules alone: no framework, no I/O, no logger");

    /** Also keeps the ports off every adapter: adapters plug into the ports, never the other way round. */
    @ArchTest
    static final ArchRule portsDependOnNothingButTheDomainAndTheJdk = classes().that().resideInAPackage(PORTS)
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", DOMAIN, PORTS)
            .because("technology belongs in adapters, and adapters plug into the ports, never the other way round");

    @ArchTest
    static final ArchRule portInterfacesDoNotKnowTheirServices = noClasses()
            .that().resideInAnyPackage("com.demozpay.gateway.ports.in..", "com.demozpay.gateway.ports.out..")
            .should().dependOnClassesThat().resideInAPackage("com.demozpay.gateway.ports.service..")
            .because("adapters depend on the port interfaces, and only the app wires the services behind them");
}
