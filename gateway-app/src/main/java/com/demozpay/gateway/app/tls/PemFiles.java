package com.demozpay.gateway.app.tls;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the PEM text of TLS files: certificates, and unencrypted PKCS#8 private keys (RSA or EC, the
 * kinds grpc-java reads too). A failure says what is wrong in words an operator can act on, and
 * never quotes the text, which may be a key.
 */
public final class PemFiles {

    private static final String CERTIFICATE_HEADER = "-----BEGIN CERTIFICATE-----";
    private static final Pattern PKCS8_KEY =
            Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    private static final String CONVERT = "convert it with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key.pkcs8.pem";

    private PemFiles() {
    }

    /** Every certificate in the text, in order (a chain is leaf first). */
    public static List<X509Certificate> certificates(String pem) throws InvalidTlsFileException {
        if (!pem.contains(CERTIFICATE_HEADER)) {
            throw new InvalidTlsFileException("holds no PEM certificate (" + CERTIFICATE_HEADER + ")");
        }
        try {
            List<X509Certificate> certificates = new ArrayList<>();
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            factory.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
                    .forEach(certificate -> certificates.add((X509Certificate) certificate));
            return List.copyOf(certificates);
        } catch (CertificateException e) {
            throw new InvalidTlsFileException("holds a PEM certificate that cannot be parsed");
        }
    }

    /** The one PKCS#8 private key in the text. */
    public static PrivateKey privateKey(String pem) throws InvalidTlsFileException {
        if (pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            throw new InvalidTlsFileException("holds an encrypted key; the gateway reads unencrypted PKCS#8 keys "
                    + "(protect the file, not the key)");
        }
        if (pem.contains("-----BEGIN RSA PRIVATE KEY-----") || pem.contains("-----BEGIN EC PRIVATE KEY-----")) {
            throw new InvalidTlsFileException("holds a PKCS#1 or SEC1 key, not PKCS#8; " + CONVERT);
        }
        Matcher key = PKCS8_KEY.matcher(pem);
        if (!key.find()) {
            throw new InvalidTlsFileException("holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(key.group(1));
        } catch (IllegalArgumentException e) {
            throw new InvalidTlsFileException("holds a private key that is not valid base64");
        }
        for (String algorithm : List.of("RSA", "EC")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException notThisAlgorithm) {
                // try the next one
            }
        }
        throw new InvalidTlsFileException("holds a private key that is neither a PKCS#8 RSA nor EC key");
    }
}
