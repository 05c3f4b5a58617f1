package dev.flightdeck.stack.tls;

import dev.flightdeck.stack.StackException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The local stack's own certificate authority and the certificates of its TLS listeners, made
 * in-process at the first {@code up} (EC P-256, SHA-256). The CA's key stays in a password-protected
 * PKCS#12 file; clients trust {@link #caPem()}. A service's certificate names the hosts and
 * addresses it is reached at, and is made anew when those change or it nears its end.
 */
public final class StackCertificates {

    private static final Duration CA_VALIDITY = Duration.ofDays(3650);
    private static final Duration LEAF_VALIDITY = Duration.ofDays(825);
    private static final Duration RENEW_BEFORE = Duration.ofDays(30);
    private static final String CA_ALIAS = "flightdeck-ca";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final char[] password;
    private final PrivateKey caKey;
    private final X509Certificate ca;

    private StackCertificates(Path dir, char[] password, PrivateKey caKey, X509Certificate ca) {
        this.dir = dir;
        this.password = password;
        this.caKey = caKey;
        this.ca = ca;
    }

    /** The CA of {@code dir}, made there first if it has none; {@code password} protects every key file. */
    public static StackCertificates loadOrCreate(Path dir, String password) {
        char[] secret = password.toCharArray();
        Path store = dir.resolve("ca.p12");
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            if (Files.exists(store)) {
                KeyStore keys = read(store, secret);
                return new StackCertificates(dir, secret, (PrivateKey) keys.getKey(CA_ALIAS, secret),
                        (X509Certificate) keys.getCertificate(CA_ALIAS));
            }
            KeyPair pair = newKeyPair();
            X500Name name = new X500Name("CN=Flightdeck local stack CA " + Long.toHexString(RANDOM.nextLong() >>> 1));
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(), Date.from(now.minusSeconds(60)),
                    Date.from(now.plus(CA_VALIDITY)), name, pair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            X509Certificate ca = sign(builder, pair.getPrivate());
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry(CA_ALIAS, pair.getPrivate(), secret, new Certificate[] {ca});
            write(store, keys, secret);
            Files.writeString(dir.resolve("ca.pem"), pem(ca));
            return new StackCertificates(dir, secret, pair.getPrivate(), ca);
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new StackException("cannot make or read the stack's certificate authority in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The CA's certificate, PEM: what a client of the stack's TLS listeners trusts. */
    public Path caPem() {
        return dir.resolve("ca.pem");
    }

    /** A PKCS#12 trust store holding only the CA, for clients that take no PEM (Connect's REST client). */
    public Path truststore() {
        Path store = dir.resolve("truststore.p12");
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry(CA_ALIAS, ca);
            write(store, trusted, password);
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new StackException("cannot write " + store + ": " + e.getMessage(), e);
        }
    }

    /**
     * The PKCS#12 key store of {@code service} (alias {@code service}, the certificate chain up to
     * the CA) for the given DNS names and IP addresses; kept while it names the same and is valid
     * for more than 30 days.
     */
    public Path serverKeystore(String service, List<String> dnsNames, List<String> ipAddresses) {
        Path store = dir.resolve(service + ".p12");
        try {
            if (Files.exists(store) && current(read(store, password), service, dnsNames, ipAddresses)) {
                return store;
            }
            KeyPair pair = newKeyPair();
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca, serial(), Date.from(now.minusSeconds(60)),
                    Date.from(now.plus(LEAF_VALIDITY)), new X500Name("CN=" + service), pair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
            builder.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            List<GeneralName> names = new ArrayList<>();
            dnsNames.forEach(dns -> names.add(new GeneralName(GeneralName.dNSName, dns)));
            ipAddresses.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
            if (!names.isEmpty()) { // a client's certificate names a principal (its CN), no host
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
            }
            X509Certificate certificate = sign(builder, caKey);
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry(service, pair.getPrivate(), password, new Certificate[] {certificate, ca});
            write(store, keys, password);
            return store;
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new StackException("cannot make the certificate of " + service + " in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The key store of a client that proves who it is with a certificate (its CN is the principal), no host names. */
    public Path clientKeystore(String principal) {
        return serverKeystore(principal, List.of(), List.of());
    }

    private static boolean current(KeyStore keys, String alias, List<String> dnsNames, List<String> ipAddresses)
            throws GeneralSecurityException {
        if (!(keys.getCertificate(alias) instanceof X509Certificate certificate)
                || certificate.getNotAfter().toInstant().isBefore(Instant.now().plus(RENEW_BEFORE))) {
            return false;
        }
        Collection<List<?>> names = certificate.getSubjectAlternativeNames();
        Set<String> have = new HashSet<>();
        if (names != null) {
            for (List<?> name : names) {
                have.add(name.get(1).toString());
            }
        }
        Set<String> want = new HashSet<>(dnsNames);
        for (String ip : ipAddresses) {
            try {
                want.add(InetAddress.getByName(ip).getHostAddress());
            } catch (IOException e) {
                return false;
            }
        }
        return have.equals(want);
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256, RANDOM);
        return generator.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(64, RANDOM).setBit(63);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuer)
            throws OperatorCreationException, GeneralSecurityException {
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuer);
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }

    private static KeyStore read(Path store, char[] password) throws IOException, GeneralSecurityException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, password);
        }
        return keys;
    }

    private static void write(Path store, KeyStore keys, char[] password) throws IOException, GeneralSecurityException {
        Path tmp = store.resolveSibling(store.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (OutputStream out = Files.newOutputStream(tmp)) {
            keys.store(out, password);
        }
        Files.move(tmp, store, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static String pem(X509Certificate certificate) throws GeneralSecurityException {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }
}
