package plemu.events;

import com.typesafe.config.Config;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.pekko.http.javadsl.ConnectionContext;
import org.apache.pekko.http.javadsl.HttpsConnectionContext;

/**
 * {@code plemu.notifications}: how often a notification is retried, how long one POST may take, and
 * which certificates HTTPS subscriptions may present.
 */
public record NotificationSettings(List<Duration> retryDelays, Duration requestTimeout, Path trustStore,
    String trustStorePassword) {

  public static NotificationSettings fromConfig(Config c) {
    String store = c.getString("trust-store");
    NotificationSettings s = new NotificationSettings(c.getDurationList("retry-delays"), c.getDuration("request-timeout"),
        store.isEmpty() ? null : Path.of(store), c.getString("trust-store-password"));
    s.httpsContext(); // a trust store that cannot be read stops the node at start, not at the first delivery
    return s;
  }

  /** The first attempt and one per retry delay. */
  public int attempts() {
    return retryDelays.size() + 1;
  }

  /** The TLS context of HTTPS deliveries, or null for the JVM's default trust. */
  public HttpsConnectionContext httpsContext() {
    if (trustStore == null) return null;
    try (InputStream in = Files.newInputStream(trustStore)) {
      KeyStore keys = KeyStore.getInstance(trustStore.toString().endsWith(".jks") ? "JKS" : "PKCS12");
      keys.load(in, trustStorePassword.toCharArray());
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(keys);
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, trust.getTrustManagers(), null);
      return ConnectionContext.httpsClient(tls);
    } catch (Exception e) {
      throw new IllegalArgumentException("plemu.notifications.trust-store " + trustStore + " cannot be read: " + e, e);
    }
  }
}
