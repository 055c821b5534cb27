package com.demozpay.gateway.adapter.dashen;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How to reach Dashen Bank: the base URL (absolute, http or https, without credentials, query or
 * fragment; a path prefix is allowed), the signing key, the connect and request timeouts and the most
 * calls in flight at once (which bounds the connections the client opens). Checked on construction.
 * The base URL must be https unless {@code insecureHttpAllowed}: the bank's answers are not signed, so
 * TLS is all that keeps a man in the middle from answering "accepted" or "no record" for the bank.
 * Plain http is for the sandbox and tests. A setting that breaks its rule throws
 * {@link PartnerAdapterInitException}.
 */
public record DashenSettings(
        URI baseUrl,
        DashenSigningKey signingKey,
        Duration connectTimeout,
        Duration requestTimeout,
        int maxConcurrentCalls,
        boolean insecureHttpAllowed) {

    static final String BASE_URL_RULE = "Dashen base URL must be an absolute http or https URL";
    static final String HTTPS_RULE = "Dashen base URL must use https: the bank's answers are unsigned and only TLS"
            + " protects them; plain http is for a sandbox (GATEWAY_DASHEN_ALLOW_INSECURE_HTTP=true)";

    public DashenSettings {
        requireValidBaseUrl(baseUrl);
        if (!insecureHttpAllowed && !baseUrl.getScheme().equalsIgnoreCase("https")) {
            throw new PartnerAdapterInitException(HTTPS_RULE);
        }
        baseUrl = URI.create(baseUrl.toString().replaceAll("/+$", ""));
        if (signingKey == null) {
            throw new PartnerAdapterInitException("Dashen signing key is required");
        }
        requirePositive(connectTimeout, "connect timeout");
        requirePositive(requestTimeout, "request timeout");
        if (maxConcurrentCalls < 1) {
            throw new PartnerAdapterInitException("Dashen max concurrent calls must be at least 1");
        }
    }

    /** Settings for a bank reached over https only. */
    public DashenSettings(URI baseUrl, DashenSigningKey signingKey, Duration connectTimeout, Duration requestTimeout,
            int maxConcurrentCalls) {
        this(baseUrl, signingKey, connectTimeout, requestTimeout, maxConcurrentCalls, false);
    }

    /** Settings from the base URL as configured (text), with the same rules. */
    public static DashenSettings of(String baseUrl, DashenSigningKey signingKey, Duration connectTimeout,
            Duration requestTimeout, int maxConcurrentCalls, boolean insecureHttpAllowed) {
        return new DashenSettings(parseBaseUrl(baseUrl), signingKey, connectTimeout, requestTimeout, maxConcurrentCalls,
                insecureHttpAllowed);
    }

    private static URI parseBaseUrl(String text) {
        if (text == null || text.isBlank()) {
            throw new PartnerAdapterInitException(BASE_URL_RULE + "; it is empty");
        }
        try {
            return new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new PartnerAdapterInitException(BASE_URL_RULE + "; it is not a valid URI");
        }
    }

    // The URL itself is not echoed: a mistyped one may carry credentials.
    private static void requireValidBaseUrl(URI url) {
        if (url == null || !url.isAbsolute() || url.isOpaque()) {
            throw new PartnerAdapterInitException(BASE_URL_RULE + "; it is not absolute");
        }
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new PartnerAdapterInitException(BASE_URL_RULE + "; its scheme is not http or https");
        }
        if (url.getHost() == null) {
            throw new PartnerAdapterInitException(BASE_URL_RULE + "; it has no host");
        }
        if (url.getRawUserInfo() != null) {
            throw new PartnerAdapterInitException(BASE_URL_RULE + "; it must not carry credentials");
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new PartnerAdapterInitException(BASE_URL_RULE + "; it must not have a query or fragment");
        }
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new PartnerAdapterInitException("Dashen " + name + " must be positive");
        }
    }

    @Override
    public String toString() {
        return "DashenSettings[baseUrl=" + baseUrl + ", connectTimeout=" + connectTimeout + ", requestTimeout="
                + requestTimeout + ", maxConcurrentCalls=" + maxConcurrentCalls + ", insecureHttpAllowed=" + insecureHttpAllowed
                + "]";
    }

    /** The full URI of {@code path} (which starts with a slash) under the base URL. */
    URI resolve(String path) {
        return URI.create(baseUrl + Objects.requireNonNull(path));
    }
}
