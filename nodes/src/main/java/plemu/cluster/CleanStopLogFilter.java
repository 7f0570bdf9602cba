package plemu.cluster;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Drops the one warning Pekko logs on every clean stop of a node about its own doing. When remoting
 * shuts down it aborts the node's own outbound connections, and each outbound stream (control and
 * message, one of each per peer) reports that as {@code Upstream failed, cause: StreamTcpException:
 * The connection has been aborted} (Artery logs the first failure of an outbound connection at
 * WARN whatever its cause; the same happens when it stops an idle stream, akka/akka-core#27602:
 * "Would be nice to avoid that since it's stopped by us"). No order of stopping avoids it: of two
 * connected nodes, the one whose remoting stops first aborts its connection to the other.
 *
 * <p>Only these lines of a node whose coordinated shutdown has begun ({@link #watch}, the event's
 * {@code pekkoAddress}) are dropped, also when a peer stopping at the same time reset the connection
 * first ({@code The connection closed with error: Connection reset}); the same lines of a node that is
 * not stopping (a peer crashed) show. Installed on the console appender in logback.xml.
 */
public final class CleanStopLogFilter extends Filter<ILoggingEvent> {
  private static final Set<String> STOPPING = ConcurrentHashMap.newKeySet();
  private static final Pattern OUTBOUND_ENDED = Pattern.compile(
      "\\[outbound connection to \\[[^\\]]+\\], [a-z ]+ stream\\] Upstream failed, cause: StreamTcpException: .*");

  /** From its first phase on, the node's coordinated shutdown (a clean stop) counts as begun here. */
  public static void watch(ActorSystem<?> system) {
    String address = system.address().toString();
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(), "plemu-clean-stop-log",
        () -> {
          STOPPING.add(address);
          return CompletableFuture.completedFuture(Done.getInstance());
        });
  }

  @Override
  public FilterReply decide(ILoggingEvent event) {
    if (event.getLevel() != Level.WARN || STOPPING.isEmpty()) return FilterReply.NEUTRAL;
    String address = event.getMDCPropertyMap().get("pekkoAddress");
    return address != null && STOPPING.contains(address) && OUTBOUND_ENDED.matcher(event.getFormattedMessage()).matches()
        ? FilterReply.DENY : FilterReply.NEUTRAL;
  }
}
