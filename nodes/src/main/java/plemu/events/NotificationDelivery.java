package plemu.events;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;
import org.apache.pekko.cluster.ddata.typed.javadsl.ReplicatorMessageAdapter;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.HttpsConnectionContext;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.settings.ClientConnectionSettings;
import org.apache.pekko.http.javadsl.settings.ConnectionPoolSettings;
import org.apache.pekko.event.Logging;
import org.apache.pekko.event.LoggingAdapter;
import plemu.controlplane.Desired;
import plemu.lifecycle.Delivery;
import plemu.lifecycle.LifecycleEvents;
import plemu.lifecycle.LoggedEvent;
import plemu.model.Topic;
import plemu.model.RegionInfo;
import plemu.state.EventOutbox;

/**
 * Delivers connection notifications, on the region's node: every message the control-plane writer
 * queued in the region's outbox ({@link EventOutbox#deliveries}) is POSTed to its HTTP(S)
 * subscription (loopback only), SNS-style, until the subscriber answers 2xx; a failed attempt is
 * retried after each of the configured delays, and after the last one the message is given up and
 * the topic's owner gets a {@code NotificationDeliveryFailed} event. The outbox is replicated and
 * durable, so a restart of this node resumes pending retries (at least once: a message may come twice).
 * Per subscription, messages go one at a time in the order they were published; messages to a
 * subscription that is gone (Unsubscribe, DeleteTopic) are dropped.
 */
public final class NotificationDelivery {
  private NotificationDelivery() {}

  public interface Command {}

  /** A new snapshot of the desired state: whether this node is the region's node, which subscriptions exist. */
  public record StateChanged(Desired state) implements Command {}

  private record OutboxChanged(Replicator.SubscribeResponse<LWWMap<String, Delivery>> response) implements Command {}

  private enum Tick implements Command { INSTANCE }

  private record Answered(Delivery delivery, int status, String failure) implements Command {}

  private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(5);
  /** Longer than the replicated tables take to reach this node after the outbox (about 200 ms). */
  private static final Duration SUBSCRIPTION_SETTLE = Duration.ofSeconds(3);

  public static Behavior<Command> create(String nodeName, String region, NotificationSettings settings) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      new ReplicatorMessageAdapter<Command, LWWMap<String, Delivery>>(ctx,
          DistributedData.get(ctx.getSystem()).replicator(), Duration.ofSeconds(5))
          .subscribe(EventOutbox.deliveries(region), OutboxChanged::new);
      timers.startTimerWithFixedDelay(Tick.INSTANCE, Duration.ofMillis(250));
      return new Sender(ctx, nodeName, region, settings).behavior();
    }));
  }

  private static final class Sender {
    private final ActorContext<Command> ctx;
    private final String nodeName;
    private final String region;
    private final NotificationSettings settings;
    private final EventOutbox outbox;
    private final HttpsConnectionContext https;
    private final ConnectionPoolSettings pool;
    private final LoggingAdapter log;
    /** The outbox as this node's replica has it, in publishing order. */
    private Map<String, Delivery> queued = new TreeMap<>();
    /** Retries and removals made here that the replica may not show yet. */
    private final Map<String, Delivery> retried = new HashMap<>();
    private final Set<String> finished = new HashSet<>();
    /** Subscriptions with a POST under way. */
    private final Set<String> inFlight = new HashSet<>();
    private boolean regionNode = false;
    /** The desired state as last seen: which subscriptions still exist. */
    private Desired current = Desired.empty();

    Sender(ActorContext<Command> ctx, String nodeName, String region, NotificationSettings settings) {
      this.ctx = ctx;
      this.nodeName = nodeName;
      this.region = region;
      this.settings = settings;
      this.outbox = new EventOutbox(ctx.getSystem());
      var http = Http.get(ctx.getSystem());
      this.https = settings.httpsContext() != null ? settings.httpsContext() : http.defaultClientHttpsContext();
      var classic = ctx.getSystem().classicSystem();
      this.pool = ConnectionPoolSettings.create(classic).withMaxRetries(0).withConnectionSettings(
          ClientConnectionSettings.create(classic).withConnectingTimeout(settings.requestTimeout())
              .withIdleTimeout(settings.requestTimeout()));
      this.log = Logging.getLogger(classic, NotificationDelivery.class);
    }

    Behavior<Command> behavior() {
      return Behaviors.receive(Command.class)
          .onMessage(StateChanged.class, changed -> {
            current = changed.state();
            RegionInfo info = current.regions().get(region);
            regionNode = info != null && info.node().equals(nodeName);
            return Behaviors.same();
          })
          .onMessage(OutboxChanged.class, changed -> {
            queued = changed.response() instanceof Replicator.Changed<LWWMap<String, Delivery>> c
                ? new TreeMap<>(c.get(c.key()).getEntries()) : new TreeMap<>();
            finished.retainAll(queued.keySet());
            retried.values().removeIf(r -> !queued.containsKey(r.id()) || queued.get(r.id()).attempts() >= r.attempts());
            sendDue();
            return Behaviors.same();
          })
          .onMessage(Tick.class, tick -> {
            sendDue();
            return Behaviors.same();
          })
          .onMessage(Answered.class, this::answered)
          .build();
    }

    /** The oldest message of each subscription without a POST under way, when it is due. */
    private void sendDue() {
      if (!regionNode) return;
      long now = System.currentTimeMillis();
      Set<String> blocked = new HashSet<>(inFlight);
      for (Delivery queuedOne : queued.values()) {
        Delivery d = retried.getOrDefault(queuedOne.id(), queuedOne);
        if (finished.contains(d.id())) continue;
        if (unsubscribed(d, now)) {
          done(d);
          continue;
        }
        if (!blocked.add(d.subscriptionArn())) continue; // an earlier message of this subscription goes first
        if (d.notBeforeMillis() > now) continue; // waits for its retry, and the later ones with it
        if (!loopback(d.url())) {
          ctx.getLog().warn("notification {} not sent to {}: not a loopback address", d.messageId(), d.url());
          giveUp(d, d.attempts(), "not a loopback address");
          continue;
        }
        post(d);
      }
    }

    private void post(Delivery d) {
      inFlight.add(d.subscriptionArn());
      HttpRequest post = HttpRequest.POST(d.url())
          .withEntity(ContentTypes.TEXT_PLAIN_UTF8, d.body())
          .addHeader(RawHeader.create("x-amz-sns-message-type", "Notification"))
          .addHeader(RawHeader.create("x-amz-sns-message-id", d.messageId()))
          .addHeader(RawHeader.create("x-amz-sns-topic-arn", d.topicArn()))
          .addHeader(RawHeader.create("x-amz-sns-subscription-arn", d.subscriptionArn()));
      // the subscription stays busy until this request really ends (answered, or its connection timed out)
      var sent = Http.get(ctx.getSystem()).singleRequest(post, https, pool, log);
      ctx.pipeToSelf(sent.thenApply(r -> {
        r.discardEntityBytes(ctx.getSystem());
        return r.status().intValue();
      }), (status, failure) -> new Answered(d, failure == null ? status : 0, failure == null ? null : describe(failure)));
    }

    private Behavior<Command> answered(Answered a) {
      Delivery d = a.delivery();
      inFlight.remove(d.subscriptionArn());
      if (a.status() >= 200 && a.status() < 300) {
        done(d);
      } else if (d.attempts() + 1 >= settings.attempts()) {
        String why = a.failure() != null ? a.failure() : "HTTP " + a.status();
        ctx.getLog().warn("notification {} to {} given up after {} attempts (last: {})", d.messageId(), d.url(),
            settings.attempts(), why);
        giveUp(d, d.attempts() + 1, why);
      } else {
        Delivery next = d.failedOnce(System.currentTimeMillis(), settings.retryDelays().get(d.attempts()));
        retried.put(d.id(), next);
        outbox.replace(region, next, WRITE_TIMEOUT).exceptionally(failure -> {
          ctx.getLog().warn("retry of notification {} not recorded in the outbox: {}", d.messageId(), failure.toString());
          return null;
        });
      }
      sendDue();
      return Behaviors.same();
    }

    /**
     * Gone from the topic (Unsubscribe, DeleteTopic): nothing more to send. A message younger than a
     * few seconds may have reached this node before the subscription did; it waits.
     */
    private boolean unsubscribed(Delivery d, long now) {
      if (now - d.publishedMillis() < SUBSCRIPTION_SETTLE.toMillis()) return false;
      Topic topic = current.topics().get(d.topicArn());
      return topic == null || topic.subscriptions().stream().noneMatch(s -> s.subscriptionArn().equals(d.subscriptionArn()));
    }

    /** The topic's owner learns on every region node's event stream that the message was given up. */
    private void giveUp(Delivery d, int attempts, String why) {
      Map<String, String> detail = new LinkedHashMap<>();
      detail.put("TopicArn", d.topicArn());
      detail.put("SubscriptionArn", d.subscriptionArn());
      detail.put("Endpoint", d.url());
      detail.put("MessageId", d.messageId());
      detail.put("Attempts", String.valueOf(attempts));
      detail.put("Error", why);
      long now = System.currentTimeMillis();
      var event = new LifecycleEvents.Event("NotificationDeliveryFailed", Set.of(d.topicOwner()), detail);
      outbox.publish(region, List.of(new LoggedEvent(d.id() + "-failed", now, event)), List.of(), now, WRITE_TIMEOUT)
          .exceptionally(failure -> {
            ctx.getLog().warn("the failure of notification {} not logged: {}", d.messageId(), failure.toString());
            return null;
          });
      done(d);
    }

    private void done(Delivery d) {
      finished.add(d.id());
      outbox.remove(region, d.id(), WRITE_TIMEOUT).exceptionally(failure -> {
        ctx.getLog().warn("delivered notification {} not removed from the outbox: {}", d.messageId(), failure.toString());
        return null;
      });
    }
  }

  private static String describe(Throwable failure) {
    Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    return cause.toString();
  }

  /** Network safety, checked again at delivery: only loopback URLs. */
  private static boolean loopback(String url) {
    try {
      String host = URI.create(url).getHost();
      return host != null && InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
    } catch (Exception e) {
      return false;
    }
  }
}
