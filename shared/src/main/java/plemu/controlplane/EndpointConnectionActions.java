package plemu.controlplane;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import plemu.model.EndpointService;
import plemu.model.VpcEndpoint;

/**
 * The connection between an endpoint and a service, provider side: AcceptVpcEndpointConnections,
 * RejectVpcEndpointConnections, and the emulator's own steps of the lifecycle (an accepted or
 * auto-accepted endpoint is {@code pending} until provisioned, then {@code available}; a request
 * nobody accepts {@code expired}). Only the service's owner accepts or rejects; only the endpoint's
 * owner deletes it.
 */
public final class EndpointConnectionActions {
  private EndpointConnectionActions() {}

  /** pendingAcceptance → pending (then available once provisioned). */
  public record AcceptVpcEndpointConnections(Caller caller, String serviceId, List<String> vpcEndpointIds)
      implements Mutation {
    @Override
    public List<Unsuccessful> apply(Desired.Builder s, IdSource ids) {
      return change(s, caller, serviceId, vpcEndpointIds, Set.of("pendingAcceptance"), "pending", "accepted");
    }
  }

  /** pendingAcceptance, pending or available → rejected: the endpoint stops carrying traffic and resolving. */
  public record RejectVpcEndpointConnections(Caller caller, String serviceId, List<String> vpcEndpointIds)
      implements Mutation {
    @Override
    public List<Unsuccessful> apply(Desired.Builder s, IdSource ids) {
      return change(s, caller, serviceId, vpcEndpointIds, Set.of("pendingAcceptance", "pending", "available"),
          "rejected", "rejected");
    }
  }

  private static List<Unsuccessful> change(Desired.Builder s, Caller caller, String serviceId, List<String> endpointIds,
      Set<String> from, String to, String verb) {
    EndpointService svc = Owned.ENDPOINT_SERVICE.get(s, caller, serviceId);
    if (endpointIds.isEmpty()) throw AwsError.missingParameter("VpcEndpointIds").exception();
    List<Unsuccessful> failed = new ArrayList<>();
    for (String id : endpointIds) {
      try {
        Owned.VPC_ENDPOINT.checkId(caller, id);
      } catch (AwsException malformed) {
        failed.add(new Unsuccessful(id, malformed.error()));
        continue;
      }
      VpcEndpoint e = s.get(Table.VPC_ENDPOINTS, id).filter(x -> x.serviceId().equals(svc.serviceId())).orElse(null);
      if (e == null) {
        failed.add(new Unsuccessful(id, AwsError.notFound("InvalidVpcEndpoint.NotFound", "The Vpc Endpoint Id '" + id
            + "' does not exist or is not connected to " + serviceId)));
        continue;
      }
      if (!from.contains(e.state())) {
        failed.add(new Unsuccessful(id, AwsError.badRequest("IncorrectState", "The Vpc Endpoint " + id + " is "
            + e.state() + " and cannot be " + verb)));
        continue;
      }
      s.put(Table.VPC_ENDPOINTS, id, e.withState(to));
    }
    return failed;
  }

  /**
   * The emulator's provisioning step: endpoints still {@code pending} become {@code available}, or
   * {@code failed} when what they need is gone meanwhile (the service, or an NLB an interface is
   * pinned to, or that NLB's node in the interface's zone).
   */
  public record ProvisionVpcEndpoints(List<String> vpcEndpointIds) implements Mutation {
    @Override
    public List<String> apply(Desired.Builder s, IdSource ids) {
      List<String> moved = new ArrayList<>();
      for (String id : vpcEndpointIds) {
        VpcEndpoint e = s.get(Table.VPC_ENDPOINTS, id).orElse(null);
        if (e == null || !e.state().equals("pending")) continue;
        boolean intact = s.get(Table.ENDPOINT_SERVICES, e.serviceId()).isPresent() && e.attachments().stream()
            .allMatch(a -> s.get(Table.LOAD_BALANCERS, a.loadBalancerArn()).flatMap(lb -> lb.node(a.zoneId())).isPresent());
        s.put(Table.VPC_ENDPOINTS, id, e.withState(intact ? "available" : "failed"));
        moved.add(id);
      }
      return moved;
    }
  }

  /** The end of a deletion: {@code deleting} endpoints go, with their network interfaces. */
  public record FinishDeletingVpcEndpoints(List<String> vpcEndpointIds) implements Mutation {
    @Override
    public List<String> apply(Desired.Builder s, IdSource ids) {
      List<String> gone = new ArrayList<>();
      for (String id : vpcEndpointIds) {
        VpcEndpoint e = s.get(Table.VPC_ENDPOINTS, id).orElse(null);
        if (e == null || !e.state().equals("deleting")) continue;
        e.attachments().forEach(a -> s.remove(Table.NETWORK_INTERFACES, a.networkInterfaceId()));
        s.remove(Table.VPC_ENDPOINTS, id);
        gone.add(id);
      }
      return gone;
    }
  }

  /** Connection requests nobody accepted in time: {@code pendingAcceptance} becomes {@code expired}. */
  public record ExpireVpcEndpoints(List<String> vpcEndpointIds) implements Mutation {
    @Override
    public List<String> apply(Desired.Builder s, IdSource ids) {
      return step(s, vpcEndpointIds, "pendingAcceptance", "expired");
    }
  }

  /** Moves the endpoints still in {@code from} to {@code to}; returns those it moved. */
  private static List<String> step(Desired.Builder s, List<String> endpointIds, String from, String to) {
    List<String> moved = new ArrayList<>();
    for (String id : endpointIds) {
      VpcEndpoint e = s.get(Table.VPC_ENDPOINTS, id).orElse(null);
      if (e == null || !e.state().equals(from)) continue;
      s.put(Table.VPC_ENDPOINTS, id, e.withState(to));
      moved.add(id);
    }
    return moved;
  }
}
