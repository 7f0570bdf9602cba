package plemu.lifecycle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import plemu.controlplane.Desired;
import plemu.model.EndpointService;
import plemu.model.KryoSerializable;
import plemu.model.VpcEndpoint;

/**
 * The lifecycle events between two snapshots of the desired state: every endpoint state change,
 * and the connection events of PrivateLink's notifications ({@code Connect} when a consumer creates
 * an endpoint, {@code Accept} and {@code Reject} by the provider, {@code Delete} when the consumer
 * deletes it). Each event names the accounts that may see it (the operator sees all).
 */
public final class LifecycleEvents {
  private LifecycleEvents() {}

  /** One event: its type, who may see it (none: the operator only), and its fields (AWS-style names). */
  public record Event(String type, Set<String> accounts, Map<String, String> detail) implements KryoSerializable {
    public Event {
      accounts = Set.copyOf(accounts);
      detail = new LinkedHashMap<>(detail);
    }
  }

  /** The events between two snapshots (compares every endpoint: for tests and tools). */
  public static List<Event> between(Desired before, Desired after) {
    Set<String> ids = new java.util.HashSet<>(before.vpcEndpoints().keySet());
    ids.addAll(after.vpcEndpoints().keySet());
    return between(before, after, ids);
  }

  /** The events of a write that changed the endpoints {@code changed} (costs what the write changed). */
  public static List<Event> between(Desired before, Desired after, java.util.Collection<String> changed) {
    List<Event> out = new ArrayList<>();
    for (String id : new java.util.TreeSet<>(changed)) {
      VpcEndpoint now = after.vpcEndpoints().get(id);
      VpcEndpoint was = before.vpcEndpoints().get(id);
      if (now != null) {
        EndpointService svc = after.endpointServices().get(now.serviceId());
        if (was == null) {
          out.add(connection("Connect", now, svc));
          out.add(state(now, svc, null));
        } else if (!was.state().equals(now.state())) {
          if (was.state().equals("pendingAcceptance") && now.state().equals("pending")) out.add(connection("Accept", now, svc));
          if (now.state().equals("rejected")) out.add(connection("Reject", now, svc));
          if (now.state().equals("deleting")) out.add(connection("Delete", now, svc));
          out.add(state(now, svc, was.state()));
        }
      } else if (was != null) {
        EndpointService svc = after.endpointServices().getOrDefault(was.serviceId(),
            before.endpointServices().get(was.serviceId()));
        if (!was.state().equals("deleting")) out.add(connection("Delete", was, svc));
        VpcEndpoint gone = was.withState("deleted");
        out.add(state(gone, svc, was.state()));
      }
    }
    return out;
  }

  private static Set<String> audience(VpcEndpoint e, EndpointService svc) {
    // an account may connect to its own service: one audience entry then
    return svc == null ? Set.of(e.ownerId()) : Set.copyOf(List.of(e.ownerId(), svc.ownerId()));
  }

  private static Map<String, String> fields(VpcEndpoint e, EndpointService svc) {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("VpcEndpointId", e.vpcEndpointId());
    d.put("VpcEndpointOwner", e.ownerId());
    d.put("ServiceId", e.serviceId());
    if (svc != null) d.put("ServiceOwner", svc.ownerId());
    d.put("Region", e.region());
    return d;
  }

  /** A connection event, as connection notifications name them. */
  static Event connection(String event, VpcEndpoint e, EndpointService svc) {
    Map<String, String> d = fields(e, svc);
    d.put("ConnectionEvent", event);
    d.put("VpcEndpointState", e.state());
    return new Event("VpcEndpointConnection", audience(e, svc), d);
  }

  private static Event state(VpcEndpoint e, EndpointService svc, String from) {
    Map<String, String> d = fields(e, svc);
    if (from != null) d.put("From", from);
    d.put("State", e.state());
    return new Event("VpcEndpointState", audience(e, svc), d);
  }
}
