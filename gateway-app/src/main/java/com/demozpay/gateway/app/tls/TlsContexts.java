package com.demozpay.gateway.app.tls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** JSSE contexts from checked TLS material, for the JDK HTTP client and Undertow. */
public final class TlsContexts {

    private static final char[] IN_MEMORY = new char[0];

    private TlsContexts() {
    }

    /**
     * A context presenting {@code identity} when there is one, and trusting only {@code trusted} when
     * given (otherwise the JDK's trust store).
     */
    public static SSLContext of(Optional<TlsIdentity> identity, Optional<List<X509Certificate>> trusted) {
        try {
            KeyManagerFactory keys = null;
            if (identity.isPresent()) {
                KeyStore store = emptyStore();
                store.setKeyEntry("identity", identity.get().privateKey(), IN_MEMORY,
                        identity.get().chain().toArray(X509Certificate[]::new));
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(store, IN_MEMORY);
            }
            TrustManagerFactory trust = null;
            if (trusted.isPresent()) {
                KeyStore store = emptyStore();
                for (int i = 0; i < trusted.get().size(); i++) {
                    store.setCertificateEntry("ca-" + i, trusted.get().get(i));
                }
                trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(store);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(),
                    null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            // The material was checked when the configuration was loaded; the JDK always has TLS and PKCS12.
            throw new IllegalStateException("cannot build a TLS context from checked material", e);
        }
    }

    private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        return store;
    }
}
