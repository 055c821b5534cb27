package com.demozpay.gateway.app.config;

import com.demozpay.gateway.adapter.postgres.DatabaseUrl;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The few variables the operator commands read when they do not need the whole gateway's configuration:
 * the database (for {@code list}, {@code anomalies}, {@code inbox}) and the gRPC token (for
 * {@code initiate}, {@code status}), each also from its {@code _FILE}, checked as the gateway checks them.
 */
public final class OperatorVariables {

    private OperatorVariables() {
    }

    /** @throws ConfigException when {@code GATEWAY_DATABASE_URL} (or its file) is missing or invalid */
    public static DatabaseUrl databaseUrl(Map<String, String> variables) {
        Environment env = new Environment(variables, List.of("GATEWAY_DATABASE_URL"));
        DatabaseUrl url = env.required("GATEWAY_DATABASE_URL", DatabaseUrl::parse);
        env.requireNoProblems();
        return url;
    }

    /** @throws ConfigException when {@code GATEWAY_GRPC_AUTH_TOKEN} (or its file) is set but unreadable or blank */
    public static Optional<String> grpcAuthToken(Map<String, String> variables) {
        Environment env = new Environment(variables, List.of("GATEWAY_GRPC_AUTH_TOKEN"));
        Optional<String> token = env.optional("GATEWAY_GRPC_AUTH_TOKEN");
        env.requireNoProblems();
        return token;
    }
}
