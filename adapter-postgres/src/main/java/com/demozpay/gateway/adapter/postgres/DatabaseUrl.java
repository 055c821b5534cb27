package com.demozpay.gateway.adapter.postgres;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Where the gateway's database is and how to log in, read from {@code GATEWAY_DATABASE_URL} in either
 * form: the libpq/pgx URL {@code postgres://user:password@host:port/db?sslmode=require} (or
 * {@code postgresql://}; user and password percent-encoded, port 5432 by default, several hosts
 * separated by commas, the pgx parameters of {@link PgxParameters}) or pgjdbc's
 * {@code jdbc:postgresql://host:port/db?user=…&password=…}. The result is a credential-free JDBC URL,
 * the user and password kept apart, and pgjdbc connection properties. Neither an error nor
 * {@link #toString()} ever shows the password.
 */
public final class DatabaseUrl {

    static final int DEFAULT_PORT = 5432;
    private static final String JDBC_PREFIX = "jdbc:postgresql://";
    private static final List<String> PGX_PREFIXES = List.of("postgres://", "postgresql://");
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");
    private static final Pattern IPV6_ADDRESS = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

    /** One server named by the URL. */
    public record Host(String name, int port) {
        @Override
        public String toString() {
            return name.indexOf(':') >= 0 ? "[" + name + "]:" + port : name + ":" + port;
        }
    }

    private final List<Host> hosts;
    private final String database;
    private final String user;
    private final Optional<String> password;
    private final Map<String, String> properties;

    private DatabaseUrl(List<Host> hosts, String database, String user, Optional<String> password,
            Map<String, String> properties) {
        this.hosts = List.copyOf(hosts);
        this.database = database;
        this.user = user;
        this.password = password;
        this.properties = Map.copyOf(properties);
    }

    /** @throws InvalidDatabaseUrlException naming what is wrong, never quoting the URL */
    public static DatabaseUrl parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidDatabaseUrlException("is empty");
        }
        String url = text.strip();
        if (url.startsWith(JDBC_PREFIX)) {
            return fromJdbcForm(UrlParts.of(url.substring(JDBC_PREFIX.length())));
        }
        for (String prefix : PGX_PREFIXES) {
            if (url.startsWith(prefix)) {
                return fromPgxForm(UrlParts.of(url.substring(prefix.length())));
            }
        }
        throw new InvalidDatabaseUrlException("must start with postgres://, postgresql:// or jdbc:postgresql://");
    }

    private static DatabaseUrl fromPgxForm(UrlParts parts) {
        String user = null;
        String password = null;
        if (parts.userInfo().isPresent()) {
            String info = parts.userInfo().get();
            int colon = info.indexOf(':');
            user = UrlParts.decode(colon < 0 ? info : info.substring(0, colon), false, "user name");
            password = colon < 0 ? null : UrlParts.decode(info.substring(colon + 1), false, "password");
        }
        return create(parts, user, password, PgxParameters::put);
    }

    private static DatabaseUrl fromJdbcForm(UrlParts parts) {
        if (parts.userInfo().isPresent()) {
            throw new InvalidDatabaseUrlException(
                    "in the jdbc: form takes the user and password as user= and password= parameters, not before an '@'");
        }
        // pgjdbc's own parameters pass through as they are; only sslmode is checked here, early.
        return create(parts, null, null, (name, value, properties) ->
                properties.put(name, name.equals("sslmode") ? PgxParameters.sslMode(value) : value));
    }

    /** How one form turns a query parameter other than user and password into driver properties. */
    private interface ParameterRule {
        void put(String name, String value, Map<String, String> properties);
    }

    private static DatabaseUrl create(UrlParts parts, String userInfoUser, String userInfoPassword, ParameterRule rule) {
        String user = userInfoUser;
        String password = userInfoPassword;
        Map<String, String> properties = new TreeMap<>();
        for (Map.Entry<String, String> parameter : parts.parameters().entrySet()) {
            switch (parameter.getKey()) {
                case "user" -> user = parameter.getValue();
                case "password" -> password = parameter.getValue();
                default -> rule.put(parameter.getKey(), parameter.getValue(), properties);
            }
        }
        if (user == null || user.isEmpty()) {
            throw new InvalidDatabaseUrlException("must name a user");
        }
        String database = parts.database().isEmpty() ? user : parts.database();
        return new DatabaseUrl(parseHosts(parts.hostList()), database, user,
                Optional.ofNullable(password).filter(p -> !p.isEmpty()), properties);
    }

    private static List<Host> parseHosts(String hostList) {
        if (hostList.isEmpty()) {
            throw new InvalidDatabaseUrlException("must name a host");
        }
        List<Host> hosts = new ArrayList<>();
        for (String entry : hostList.split(",", -1)) {
            hosts.add(parseHost(entry));
        }
        return hosts;
    }

    private static Host parseHost(String entry) {
        String name;
        String port = null;
        if (entry.startsWith("[")) {
            int close = entry.indexOf(']');
            if (close < 0 || !IPV6_ADDRESS.matcher(entry.substring(1, close)).matches()) {
                throw new InvalidDatabaseUrlException("has an invalid IPv6 address");
            }
            name = entry.substring(1, close);
            String rest = entry.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new InvalidDatabaseUrlException("has an invalid IPv6 address");
                }
                port = rest.substring(1);
            }
        } else {
            int colon = entry.indexOf(':');
            name = colon < 0 ? entry : entry.substring(0, colon);
            port = colon < 0 ? null : entry.substring(colon + 1);
            if (!HOST_NAME.matcher(name).matches()) {
                throw new InvalidDatabaseUrlException(
                        "has an empty or invalid host name (percent-encode special characters in the user name and password)");
            }
        }
        return new Host(name, port == null ? DEFAULT_PORT : parsePort(port));
    }

    private static int parsePort(String text) {
        int port = PORT.matcher(text).matches() ? Integer.parseInt(text) : 0;
        if (port < 1 || port > 65_535) {
            throw new InvalidDatabaseUrlException("has a port that is not a number from 1 to 65535");
        }
        return port;
    }

    /** The servers, in the order given; pgjdbc tries them in turn. */
    public List<Host> hosts() {
        return hosts;
    }

    public String database() {
        return database;
    }

    public String user() {
        return user;
    }

    /** Kept package-private: only the pool (and test support) hand it to the driver. */
    Optional<String> password() {
        return password;
    }

    /** pgjdbc connection properties (sslmode, ApplicationName, …), without user and password. */
    public Map<String, String> properties() {
        return properties;
    }

    /** The URL the driver connects to: no user, no password, no properties. */
    public String jdbcUrl() {
        return JDBC_PREFIX + hosts.stream().map(Host::toString).collect(Collectors.joining(","))
                + "/" + URLEncoder.encode(database, StandardCharsets.UTF_8);
    }

    /** The same server and credentials, another database: test support creates databases this way. */
    DatabaseUrl withDatabase(String otherDatabase) {
        return new DatabaseUrl(hosts, Objects.requireNonNull(otherDatabase), user, password, properties);
    }

    /** The same database and credentials through another host: tests put a proxy in between. */
    DatabaseUrl withHost(Host host) {
        return new DatabaseUrl(List.of(host), database, user, password, properties);
    }

    /** For logs: the password is replaced by {@code ***}, and only sslmode of the properties is shown. */
    @Override
    public String toString() {
        return "postgres://" + user + password.map(p -> ":***").orElse("") + "@"
                + hosts.stream().map(Host::toString).collect(Collectors.joining(",")) + "/" + database
                + Optional.ofNullable(properties.get("sslmode")).map(mode -> "?sslmode=" + mode).orElse("");
    }
}
