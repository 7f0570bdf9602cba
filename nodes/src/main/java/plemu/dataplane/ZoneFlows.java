package plemu.dataplane;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.Done;
import plemu.model.Target;

/**
 * What one AZ node's data plane shares between its actors, thread-safe: the flow handling of each
 * NLB node that serves here, by NLB ARN (an endpoint interface hands its flows to the NLB node of
 * its zone in-process; health checks end the flows of an unhealthy target), and the source-port
 * allocator of each of the node's addresses. One per AZ node, not per JVM.
 */
final class ZoneFlows {
  private final int[] sourcePortRange;
  private final Map<String, NlbProxy> byLoadBalancer = new ConcurrentHashMap<>();
  private final Map<InetAddress, SourcePorts> ports = new ConcurrentHashMap<>();

  ZoneFlows(int[] sourcePortRange) {
    this.sourcePortRange = sourcePortRange.clone();
  }

  /** The source ports of one of this node's addresses (one allocator per address). */
  SourcePorts ports(InetAddress address) {
    return ports.computeIfAbsent(address, a -> new SourcePorts(sourcePortRange));
  }

  void register(String loadBalancerArn, NlbProxy proxy) {
    byLoadBalancer.put(loadBalancerArn, proxy);
  }

  void unregister(String loadBalancerArn, NlbProxy proxy) {
    byLoadBalancer.remove(loadBalancerArn, proxy);
  }

  /** The NLB node of this zone for {@code loadBalancerArn}, while it serves. */
  Optional<NlbProxy> nlbNode(String loadBalancerArn) {
    return Optional.ofNullable(byLoadBalancer.get(loadBalancerArn));
  }

  /** Resets every open flow to one target of one NLB ({@code lb|tg|id:port}); returns how many. */
  int resetFlows(String targetKey) {
    NlbProxy p = byLoadBalancer.get(targetKey.substring(0, targetKey.indexOf('|')));
    return p == null ? 0 : p.resetFlows(targetKey);
  }

  /** Closes (FIN) every open flow to a target of a group, on every NLB node here; returns how many. */
  int closeFlows(String targetGroupArn, Target target) {
    int n = 0;
    for (NlbProxy p : byLoadBalancer.values()) n += p.closeFlows(targetGroupArn, target);
    return n;
  }

  /** The endpoints with open flows through this zone. */
  Set<String> endpointsWithFlows() {
    Set<String> out = new HashSet<>();
    for (NlbProxy p : byLoadBalancer.values()) out.addAll(p.endpointsWithFlows());
    return out;
  }

  /** Resets every open flow that came through an endpoint; returns how many. */
  int resetEndpointFlows(String vpcEndpointId) {
    int n = 0;
    for (NlbProxy p : byLoadBalancer.values()) n += p.resetEndpointFlows(vpcEndpointId);
    return n;
  }

  /** Closes every open flow of the zone (a clean stop): completes when they ended or after {@code within}. */
  CompletionStage<Done> closeAll(Duration within) {
    List<CompletableFuture<Done>> all = new ArrayList<>();
    for (NlbProxy p : byLoadBalancer.values()) all.add(p.closeAll(within).toCompletableFuture());
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(ok -> Done.getInstance());
  }
}
