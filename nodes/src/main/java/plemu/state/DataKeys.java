package plemu.state;

import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.LWWMapKey;
import org.apache.pekko.cluster.ddata.PNCounterMap;
import org.apache.pekko.cluster.ddata.PNCounterMapKey;
import plemu.changelog.LogHead;
import plemu.changelog.LogPart;
import plemu.controlplane.Table;
import plemu.lifecycle.Delivery;
import plemu.lifecycle.LoggedEvent;
import plemu.model.DataPlaneStatus;
import plemu.model.TargetHealthReport;

/**
 * Every key plemu keeps in Pekko Distributed Data, in one place. Durable (name {@code plemu-*},
 * LMDB): the change log, the stored rows and the head ({@link ReplicatedLog}), the notification
 * outboxes and the log of given-up notifications ({@link EventOutbox}), and the tables of state
 * format 8 ({@link LegacyTables}, read once to migrate). Observed, not durable, published by the AZ
 * node that owns them: target health, listening interfaces, refused flows, and the status of the
 * zone's data-plane actors.
 */
public final class DataKeys {
  private DataKeys() {}

  // durable: the desired state

  public static Key<LWWMap<String, LogPart>> logSegment(int n) {
    return LWWMapKey.create("plemu-log-" + n);
  }

  public static final Key<LWWMap<String, LogHead>> LOG_HEAD = LWWMapKey.create("plemu-log-head");

  public static Key<LWWMap<String, Object>> rowShard(int n) {
    return LWWMapKey.create("plemu-rows-" + n);
  }

  /** A table as state format 8 kept it, whole in one key. */
  public static Key<LWWMap<String, Object>> legacyTable(Table<?> table) {
    return LWWMapKey.create("plemu-" + table.name());
  }

  // durable: notifications

  public static final Key<LWWMap<String, LoggedEvent>> EVENT_LOG = LWWMapKey.create("plemu-event-log");

  public static Key<LWWMap<String, Delivery>> deliveries(String region) {
    return LWWMapKey.create("plemu-deliveries-" + region);
  }

  // observed, per AZ: what its node publishes

  /** Target health as the zone's NLB nodes see it. */
  public static Key<LWWMap<String, TargetHealthReport>> health(String zoneId) {
    return LWWMapKey.create("health-" + zoneId);
  }

  /** The endpoint interfaces of the zone that listen (interface id to its host address). */
  public static Key<LWWMap<String, String>> listening(String zoneId) {
    return LWWMapKey.create("listening-" + zoneId);
  }

  /** Refused flows: {@code <eni id>|<reason>} to their number. */
  public static Key<PNCounterMap<String>> refusedFlows(String zoneId) {
    return PNCounterMapKey.create("refused-flows-" + zoneId);
  }

  /** The zone's data-plane actors, by AWS id. */
  public static Key<LWWMap<String, DataPlaneStatus>> status(String zoneId) {
    return LWWMapKey.create("status-" + zoneId);
  }
}
