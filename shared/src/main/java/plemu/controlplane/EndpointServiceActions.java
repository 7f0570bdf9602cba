package plemu.controlplane;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import plemu.model.EndpointService;
import plemu.model.LoadBalancer;
import plemu.model.ResourceIds;
import plemu.model.Tag;

/** CreateVpcEndpointServiceConfiguration, DeleteVpcEndpointServiceConfigurations. */
public final class EndpointServiceActions {
  private EndpointServiceActions() {}

  /**
   * Creates an endpoint service for one or more of the caller's NLBs (each NLB serves at most one
   * service). It is available in the AZs where those NLBs have nodes.
   */
  public record CreateVpcEndpointServiceConfiguration(Caller caller, List<String> networkLoadBalancerArns,
      Boolean acceptanceRequired, List<Tag> tags) implements Mutation {
    @Override
    public EndpointService apply(Desired.Builder s, IdSource ids) {
      if (networkLoadBalancerArns.isEmpty())
        throw AwsError.badRequest("InvalidParameter",
            "exactly one of network_load_balancer_arn or gateway_load_balancer_arn is a required member").exception();
      Set<String> zones = new LinkedHashSet<>();
      for (String arn : networkLoadBalancerArns) {
        LoadBalancer lb = s.get(Table.LOAD_BALANCERS, arn)
            .filter(x -> x.ownerId().equals(caller.accountId()) && x.region().equals(caller.region()))
            .orElseThrow(() -> AwsError.badRequest("InvalidParameter",
                "The network load balancer '" + arn + "' does not exist").exception());
        s.rows(Table.ENDPOINT_SERVICES).values().stream()
            .filter(svc -> svc.networkLoadBalancerArns().contains(arn))
            .findFirst()
            .ifPresent(svc -> {
              throw AwsError.badRequest("InvalidParameter", "The load balancer '" + arn
                  + "' is already associated with another VPC endpoint service (" + svc.serviceId() + ")").exception();
            });
        lb.nodes().forEach(n -> zones.add(n.zoneId()));
      }
      if (Set.copyOf(networkLoadBalancerArns).size() != networkLoadBalancerArns.size())
        throw AwsError.badRequest("InvalidParameter", "A load balancer is listed twice").exception();
      String id = s.newId(Table.ENDPOINT_SERVICES, "vpce-svc", ids);
      List<String> sortedZones = new ArrayList<>(zones);
      sortedZones.sort(null);
      EndpointService svc = new EndpointService(id, caller.accountId(), caller.region(), networkLoadBalancerArns,
          Boolean.TRUE.equals(acceptanceRequired), sortedZones, ids.now(), tags);
      s.put(Table.ENDPOINT_SERVICES, id, svc);
      return svc;
    }
  }

  /** Deletes services without endpoints; the others are reported, as AWS does. */
  public record DeleteVpcEndpointServiceConfigurations(Caller caller, List<String> serviceIds) implements Mutation {
    @Override
    public List<Unsuccessful> apply(Desired.Builder s, IdSource ids) {
      if (serviceIds.isEmpty()) throw AwsError.missingParameter("ServiceIds").exception();
      List<Unsuccessful> failed = new ArrayList<>();
      for (String id : serviceIds) {
        if (!ResourceIds.isWellFormed("vpce-svc", id)) {
          failed.add(new Unsuccessful(id, AwsError.badRequest("InvalidVpcEndpointServiceId.Malformed",
              "Invalid id: \"" + id + "\"")));
          continue;
        }
        EndpointService svc = s.get(Table.ENDPOINT_SERVICES, id)
            .filter(x -> x.ownerId().equals(caller.accountId()) && x.region().equals(caller.region())).orElse(null);
        if (svc == null) {
          failed.add(new Unsuccessful(id, AwsError.notFound("InvalidVpcEndpointService.NotFound",
              "The VpcEndpointService Id '" + id + "' does not exist")));
          continue;
        }
        boolean connected = s.rows(Table.VPC_ENDPOINTS).values().stream().anyMatch(e -> e.serviceId().equals(id)
            && (e.state().equals("available") || e.state().equals("pendingAcceptance") || e.state().equals("pending")));
        if (connected) {
          failed.add(new Unsuccessful(id, AwsError.badRequest("ExistingVpcEndpointConnections",
              "Service " + id + " has existing VPC endpoint connections; reject or delete them first")));
          continue;
        }
        s.remove(Table.ENDPOINT_SERVICES, id);
      }
      return failed;
    }
  }
}
