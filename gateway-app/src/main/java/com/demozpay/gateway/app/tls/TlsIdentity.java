package com.demozpay.gateway.app.tls;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A certificate chain (leaf first) with the private key of its leaf: what a TLS endpoint presents.
 * Built only from a key that belongs to the certificate, so a mismatched pair fails the boot instead
 * of every handshake.
 */
public record TlsIdentity(List<X509Certificate> chain, PrivateKey privateKey) {

    private static final byte[] PROBE = "key belongs to certificate".getBytes(StandardCharsets.US_ASCII);

    public TlsIdentity {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a TLS identity needs a certificate");
        }
    }

    /** The pair, once the key is shown to sign what the leaf certificate's public key verifies. */
    public static TlsIdentity of(List<X509Certificate> chain, PrivateKey privateKey) throws InvalidTlsFileException {
        try {
            Signature signature = Signature.getInstance(
                    "EC".equals(privateKey.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA");
            signature.initSign(privateKey);
            signature.update(PROBE);
            byte[] signed = signature.sign();
            signature.initVerify(chain.get(0).getPublicKey());
            signature.update(PROBE);
            if (signature.verify(signed)) {
                return new TlsIdentity(chain, privateKey);
            }
        } catch (GeneralSecurityException mismatch) {
            // an RSA key against an EC certificate, say: reported below
        }
        throw new InvalidTlsFileException("holds a private key that does not belong to the certificate");
    }

    /** Never the key. */
    @Override
    public String toString() {
        return "TlsIdentity[" + chain.get(0).getSubjectX500Principal().getName() + "]";
    }
}
