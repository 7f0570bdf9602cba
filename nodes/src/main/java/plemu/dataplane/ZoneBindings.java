package plemu.dataplane;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import plemu.controlplane.Desired;
import plemu.controlplane.Table;
import plemu.model.Instance;
import plemu.model.Listener;
import plemu.model.LoadBalancer;
import plemu.model.NetworkInterface;
import plemu.model.VpcEndpoint;

/**
 * The listeners one zone must serve, kept per root: an NLB's node in the zone ({@code lb:<arn>}), an
 * available endpoint's interface in the zone ({@code vpce:<id>}), a running instance's app
 * ({@code i:<id>}). A write's changes make only the roots they touch be worked out again (an NLB's
 * listeners touch the NLB and the endpoints pinned to it here), so applying a write costs what it
 * changed, not what the world holds; {@link #rebuild} looks at everything (a snapshot read whole).
 */
final class ZoneBindings {
  /**
   * What an update changed: listeners to bind, listeners to drop, and the roots it worked out again
   * with their listeners now (empty: the root serves nothing any more).
   */
  record Delta(Set<Binding> added, Set<Binding> removed, Map<String, Set<Binding>> roots) {}

  private final String zoneId;
  private final Map<String, Set<Binding>> byRoot = new HashMap<>();
  /** NLB ARN to the roots of this zone's endpoint interfaces pinned to it. */
  private final Map<String, Set<String>> pinned = new HashMap<>();
  private final Set<Binding> all = new HashSet<>();

  ZoneBindings(String zoneId) {
    this.zoneId = zoneId;
  }

  /** Every listener this zone must serve now. */
  Set<Binding> wanted() {
    return all;
  }

  /** The listeners of one root now. */
  Set<Binding> of(String root) {
    return byRoot.getOrDefault(root, Set.of());
  }

  Delta rebuild(Desired now) {
    Set<Binding> before = new HashSet<>(all);
    Set<String> rootsBefore = new HashSet<>(byRoot.keySet());
    byRoot.clear();
    pinned.clear();
    all.clear();
    for (LoadBalancer lb : now.loadBalancers().values()) recompute(now, "lb:" + lb.loadBalancerArn());
    for (VpcEndpoint e : now.rowsWhere(Table.VPC_ENDPOINTS_BY_STATE, "available")) recompute(now, "vpce:" + e.vpcEndpointId());
    for (Instance i : now.instances().values()) recompute(now, "i:" + i.instanceId());
    Set<Binding> added = new HashSet<>(all);
    added.removeAll(before);
    before.removeAll(all);
    Map<String, Set<Binding>> roots = new HashMap<>(byRoot);
    for (String gone : rootsBefore) roots.putIfAbsent(gone, Set.of());
    return new Delta(added, before, roots);
  }

  Delta update(Desired before, Desired now, List<Desired.Change> changes) {
    Set<String> roots = new LinkedHashSet<>();
    for (Desired.Change c : changes) {
      if (c.table() == Table.LOAD_BALANCERS) touchLoadBalancer(roots, c.id());
      else if (c.table() == Table.LISTENERS) {
        Listener l = c.value() != null ? (Listener) c.value() : before.listeners().get(c.id());
        if (l != null) touchLoadBalancer(roots, l.loadBalancerArn());
      } else if (c.table() == Table.VPC_ENDPOINTS) roots.add("vpce:" + c.id());
      else if (c.table() == Table.INSTANCES) roots.add("i:" + c.id());
      else if (c.table() == Table.NETWORK_INTERFACES) {
        NetworkInterface eni = c.value() != null ? (NetworkInterface) c.value() : before.networkInterfaces().get(c.id());
        if (eni != null && eni.attachedTo() != null) touchOwner(roots, eni.attachedTo());
      }
    }
    Set<Binding> added = new HashSet<>();
    Set<Binding> removed = new HashSet<>();
    Map<String, Set<Binding>> touched = new HashMap<>();
    for (String root : roots) {
      Set<Binding> was = byRoot.getOrDefault(root, Set.of());
      Set<Binding> is = recompute(now, root);
      for (Binding b : was) if (!is.contains(b)) removed.add(b);
      for (Binding b : is) if (!was.contains(b)) added.add(b);
      if (!was.equals(is)) touched.put(root, is);
    }
    return new Delta(added, removed, touched);
  }

  private void touchLoadBalancer(Set<String> roots, String arn) {
    roots.add("lb:" + arn);
    roots.addAll(pinned.getOrDefault(arn, Set.of()));
  }

  private void touchOwner(Set<String> roots, String owner) {
    if (owner.startsWith("vpce-")) roots.add("vpce:" + owner);
    else if (owner.startsWith("i-")) roots.add("i:" + owner);
    else touchLoadBalancer(roots, owner);
  }

  /** Works one root out again in {@code now}; returns its listeners. */
  private Set<Binding> recompute(Desired now, String root) {
    Set<Binding> old = byRoot.remove(root);
    if (old != null) all.removeAll(old);
    if (root.startsWith("vpce:")) pinned.values().forEach(roots -> roots.remove(root));
    Set<Binding> is = compute(now, root);
    if (!is.isEmpty()) {
      byRoot.put(root, is);
      all.addAll(is);
    }
    return is;
  }

  private Set<Binding> compute(Desired d, String root) {
    Set<Binding> out = new HashSet<>();
    int colon = root.indexOf(':');
    String kind = root.substring(0, colon);
    String id = root.substring(colon + 1);
    switch (kind) {
      case "lb" -> {
        LoadBalancer lb = d.loadBalancers().get(id);
        Optional<LoadBalancer.Node> node = lb == null ? Optional.empty() : lb.node(zoneId);
        NetworkInterface eni = node.map(n -> d.networkInterfaces().get(n.networkInterfaceId())).orElse(null);
        if (eni != null)
          for (Listener l : d.rowsWhere(Table.LISTENERS_BY_LOAD_BALANCER, id))
            out.add(new Binding(eni.hostAddress(), l.port(), l.listenerArn(), null, eni.networkInterfaceId(), null));
      }
      case "vpce" -> {
        VpcEndpoint e = d.vpcEndpoints().get(id);
        Optional<VpcEndpoint.Attachment> here = e == null || !e.available() ? Optional.empty() : e.attachment(zoneId);
        if (here.isPresent()) {
          pinned.computeIfAbsent(here.get().loadBalancerArn(), lb -> new HashSet<>()).add(root);
          NetworkInterface eni = d.networkInterfaces().get(here.get().networkInterfaceId());
          if (eni != null)
            for (Listener l : d.rowsWhere(Table.LISTENERS_BY_LOAD_BALANCER, here.get().loadBalancerArn()))
              out.add(new Binding(eni.hostAddress(), l.port(), l.listenerArn(), id, eni.networkInterfaceId(), null));
        }
      }
      default -> {
        Instance i = d.instances().get(id);
        if (i != null && i.running() && i.zoneId().equals(zoneId) && i.externalAddress() == null) {
          NetworkInterface eni = d.networkInterfaces().get(i.networkInterfaceId());
          if (eni != null) out.add(new Binding(eni.hostAddress(), i.appPort(), null, null, eni.networkInterfaceId(), id));
        }
      }
    }
    return out;
  }
}
