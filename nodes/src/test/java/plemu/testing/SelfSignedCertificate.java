package plemu.testing;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A self-signed certificate for 127.0.0.1 and localhost made by the JDK's keytool: a key store for a
 * loopback HTTPS server and a trust store holding only the certificate.
 */
public final class SelfSignedCertificate {
  public static final String PASSWORD = "changeit";

  private final Path keyStore;
  private final Path trustStore;

  public SelfSignedCertificate(Path dir, String name) throws Exception {
    keyStore = dir.resolve(name + "-key.p12");
    trustStore = dir.resolve(name + "-trust.p12");
    Path cert = dir.resolve(name + ".cer");
    keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
        "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-keystore", keyStore.toString(),
        "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD);
    keytool("-exportcert", "-alias", name, "-keystore", keyStore.toString(), "-storepass", PASSWORD,
        "-file", cert.toString());
    keytool("-importcert", "-noprompt", "-alias", name, "-file", cert.toString(), "-keystore", trustStore.toString(),
        "-storetype", "PKCS12", "-storepass", PASSWORD);
  }

  /** The trust store (PKCS12, password {@link #PASSWORD}) holding only this certificate. */
  public Path trustStore() {
    return trustStore;
  }

  /** A server-side TLS context presenting this certificate. */
  public SSLContext serverContext() throws Exception {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStore)) {
      keys.load(in, PASSWORD.toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, PASSWORD.toCharArray());
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), null, null);
    return tls;
  }

  private static void keytool(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0)
      throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + output);
  }
}
