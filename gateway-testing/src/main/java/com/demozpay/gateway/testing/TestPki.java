package com.demozpay.gateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made up for one test: it issues server certificates for loopback
 * ({@code 127.0.0.1} and {@code localhost}) and client certificates, writes them as PEM files
 * (PKCS#8 keys) the way an operator would mount them, and builds SSLContexts for the test's own
 * client or server side. EC P-256 keys: quick to generate, and what grpc-java and the JDK both read.
 */
public final class TestPki {

    private static final AtomicLong SERIALS = new AtomicLong(System.nanoTime());
    private static final Duration VALIDITY = Duration.ofDays(1);

    private final String name;
    private final KeyPair keys;
    private final X509Certificate certificate;

    private TestPki(String name, KeyPair keys, X509Certificate certificate) {
        this.name = name;
        this.keys = keys;
        this.certificate = certificate;
    }

    /** A new self-signed root. */
    public static TestPki authority(String name) {
        KeyPair keys = newKeys();
        X500Name subject = new X500Name("CN=" + name);
        return new TestPki(name, keys, sign(subject, keys, subject, keys.getPrivate(), true, null));
    }

    /** A certificate and key issued by this authority. */
    public record Issued(String name, X509Certificate certificate, PrivateKey privateKey, TestPki issuer) {

        /** Writes {@code <name>.crt} (leaf then issuer) and {@code <name>.key} (PKCS#8) under {@code dir}. */
        public PemFiles writeTo(Path dir) {
            try {
                Path cert = dir.resolve(name + ".crt");
                Path key = dir.resolve(name + ".key");
                Files.writeString(cert, pem("CERTIFICATE", certificate.getEncoded())
                        + pem("CERTIFICATE", issuer.certificate.getEncoded()));
                Files.writeString(key, pem("PRIVATE KEY", privateKey.getEncoded()));
                return new PemFiles(cert, key);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        /** An SSLContext that presents this certificate and trusts {@code trusted}'s issuer. */
        public SSLContext sslContext(TestPki trusted) {
            return context(this, trusted);
        }
    }

    public record PemFiles(Path certificate, Path privateKey) {
    }

    /** A server certificate valid for {@code 127.0.0.1} and {@code localhost}. */
    public Issued issueServer(String name) {
        return issue(name, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
    }

    /** A client certificate (no names: servers check who issued it). */
    public Issued issueClient(String name) {
        return issue(name, null);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** Writes this authority's certificate as {@code <name>-ca.crt} under {@code dir}. */
    public Path writeCertificateTo(Path dir) {
        try {
            return Files.writeString(dir.resolve(name + "-ca.crt"), pem("CERTIFICATE", certificate.getEncoded()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An SSLContext that presents nothing and trusts only this authority. */
    public SSLContext trustingContext() {
        return context(null, this);
    }

    private Issued issue(String leafName, GeneralNames names) {
        KeyPair leafKeys = newKeys();
        X509Certificate leaf = sign(new X500Name("CN=" + leafName), leafKeys, new X500Name("CN=" + name),
                keys.getPrivate(), false, names);
        return new Issued(leafName, leaf, leafKeys.getPrivate(), this);
    }

    private static SSLContext context(Issued identity, TestPki trusted) {
        try {
            KeyManagerFactory keyManagers = null;
            if (identity != null) {
                KeyStore keyStore = emptyStore();
                keyStore.setKeyEntry("identity", identity.privateKey(), new char[0],
                        new X509Certificate[] {identity.certificate(), identity.issuer().certificate});
                keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keyManagers.init(keyStore, new char[0]);
            }
            KeyStore trustStore = emptyStore();
            trustStore.setCertificateEntry("ca", trusted.certificate);
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trustStore);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers == null ? null : keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        return store;
    }

    private static KeyPair newKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate sign(X500Name subject, KeyPair subjectKeys, X500Name issuer, PrivateKey issuerKey,
            boolean authority, GeneralNames names) {
        Instant now = Instant.now();
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                    BigInteger.valueOf(SERIALS.incrementAndGet()), Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(VALIDITY)), subject, subjectKeys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(authority));
            builder.addExtension(Extension.keyUsage, true, authority
                    ? new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)
                    : new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            if (names != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, names);
            }
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
        } catch (OperatorCreationException | IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) throws GeneralSecurityException {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
