package plemu.controlplane;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import plemu.model.EndpointService;
import plemu.model.LoadBalancer;
import plemu.model.Tag;
import plemu.model.VpcEndpoint;

/**
 * CreateVpcEndpointServiceConfiguration, ModifyVpcEndpointServiceConfiguration (private DNS name,
 * acceptance), StartVpcEndpointServicePrivateDnsVerification, DeleteVpcEndpointServiceConfigurations.
 */
public final class EndpointServiceActions {
  private EndpointServiceActions() {}

  /**
   * Creates an endpoint service for one or more of the caller's NLBs (each NLB serves at most one
   * service). It is available in the AZs where those NLBs have nodes.
   */
  public record CreateVpcEndpointServiceConfiguration(Caller caller, List<String> networkLoadBalancerArns,
      Boolean acceptanceRequired, String privateDnsName, List<Tag> tags) implements Mutation {
    @Override
    public EndpointService apply(Desired.Builder s, IdSource ids) {
      if (networkLoadBalancerArns.isEmpty())
        throw AwsError.badRequest("InvalidParameter",
            "exactly one of network_load_balancer_arn or gateway_load_balancer_arn is a required member").exception();
      List<String> sortedZones = zonesOf(s, caller, networkLoadBalancerArns, null);
      String dnsName = privateDnsName == null ? null : PrivateDnsNames.validate(privateDnsName);
      String id = s.newId(Table.ENDPOINT_SERVICES, "vpce-svc", ids);
      EndpointService svc = new EndpointService(id, caller.accountId(), caller.region(), networkLoadBalancerArns,
          Boolean.TRUE.equals(acceptanceRequired), sortedZones, dnsName,
          dnsName == null ? null : PrivateDnsNames.pendingVerification(ids), List.of(), ids.now(), tags);
      s.put(Table.ENDPOINT_SERVICES, id, svc);
      return svc;
    }
  }

  /**
   * The AZ IDs where {@code arns} have nodes, sorted, after checking that each is one of the
   * caller's NLBs, listed once, and not serving another service than {@code serviceId}.
   */
  private static List<String> zonesOf(Desired.Builder s, Caller caller, List<String> arns, String serviceId) {
    Set<String> zones = new LinkedHashSet<>();
    for (String arn : arns) {
      LoadBalancer lb = Owned.LOAD_BALANCER.find(s, caller, arn)
          .orElseThrow(() -> AwsError.badRequest("InvalidParameter",
              "The network load balancer '" + arn + "' does not exist").exception());
      // only the load balancer's owner (the caller) can put it behind a service
      s.ownedBy(Table.ENDPOINT_SERVICES, lb.ownerId()).stream()
          .filter(svc -> svc.networkLoadBalancerArns().contains(arn) && !svc.serviceId().equals(serviceId))
          .findFirst()
          .ifPresent(svc -> {
            throw AwsError.badRequest("InvalidParameter", "The load balancer '" + arn
                + "' is already associated with another VPC endpoint service (" + svc.serviceId() + ")").exception();
          });
      lb.nodes().forEach(n -> zones.add(n.zoneId()));
    }
    if (Set.copyOf(arns).size() != arns.size())
      throw AwsError.badRequest("InvalidParameter", "A load balancer is listed twice").exception();
    List<String> sorted = new ArrayList<>(zones);
    sorted.sort(null);
    return sorted;
  }

  /** True while an endpoint is connected: pendingAcceptance, pending or available. */
  static boolean connected(Desired.Builder s, String serviceId) {
    return s.rows(Table.VPC_ENDPOINTS).values().stream().anyMatch(e -> e.serviceId().equals(serviceId)
        && (e.state().equals("available") || e.state().equals("pendingAcceptance") || e.state().equals("pending")));
  }

  /** Deletes services without endpoints; the others are reported, as AWS does. */
  public record DeleteVpcEndpointServiceConfigurations(Caller caller, List<String> serviceIds) implements Mutation {
    @Override
    public List<Unsuccessful> apply(Desired.Builder s, IdSource ids) {
      if (serviceIds.isEmpty()) throw AwsError.missingParameter("ServiceIds").exception();
      List<Unsuccessful> failed = new ArrayList<>();
      for (String id : serviceIds) {
        try {
          Owned.ENDPOINT_SERVICE.getInBatch(s, caller, id);
        } catch (AwsException e) {
          failed.add(new Unsuccessful(id, e.error()));
          continue;
        }
        if (connected(s, id)) {
          failed.add(new Unsuccessful(id, AwsError.badRequest("ExistingVpcEndpointConnections",
              "Service " + id + " has existing VPC endpoint connections; reject or delete them first")));
          continue;
        }
        s.remove(Table.ENDPOINT_SERVICES, id);
      }
      return failed;
    }
  }

  /**
   * Changes a service's private DNS name (a new name starts a new verification: pendingVerification
   * with a fresh TXT record) or removes it, and whether connections need acceptance.
   */
  public record ModifyVpcEndpointServiceConfiguration(Caller caller, String serviceId, String privateDnsName,
      Boolean removePrivateDnsName, Boolean acceptanceRequired, List<String> addNetworkLoadBalancerArns,
      List<String> removeNetworkLoadBalancerArns) implements Mutation {
    public ModifyVpcEndpointServiceConfiguration(Caller caller, String serviceId, String privateDnsName,
        Boolean removePrivateDnsName, Boolean acceptanceRequired) {
      this(caller, serviceId, privateDnsName, removePrivateDnsName, acceptanceRequired, List.of(), List.of());
    }

    @Override
    public EndpointService apply(Desired.Builder s, IdSource ids) {
      EndpointService svc = Owned.ENDPOINT_SERVICE.get(s, caller, serviceId);
      if (!addNetworkLoadBalancerArns.isEmpty() || !removeNetworkLoadBalancerArns.isEmpty())
        svc = loadBalancers(s, svc);
      if (privateDnsName != null && Boolean.TRUE.equals(removePrivateDnsName))
        throw AwsError.badRequest("InvalidParameter",
            "PrivateDnsName and RemovePrivateDnsName cannot both be given").exception();
      EndpointService changed = svc;
      if (privateDnsName != null) {
        String name = PrivateDnsNames.validate(privateDnsName);
        if (!name.equals(svc.privateDnsName()))
          changed = changed.withPrivateDnsName(name, PrivateDnsNames.pendingVerification(ids));
      }
      if (Boolean.TRUE.equals(removePrivateDnsName)) {
        changed = changed.withPrivateDnsName(null, null);
        // the endpoints no longer hold it: a name set later is theirs only once verified
        for (VpcEndpoint e : List.copyOf(s.rows(Table.VPC_ENDPOINTS).values()))
          if (e.serviceId().equals(serviceId) && e.privateDnsName() != null)
            s.put(Table.VPC_ENDPOINTS, e.vpcEndpointId(), e.withPrivateDnsName(null));
      }
      if (acceptanceRequired != null) changed = changed.withAcceptanceRequired(acceptanceRequired);
      s.put(Table.ENDPOINT_SERVICES, serviceId, changed);
      return changed;
    }

    /**
     * Adds and removes NLBs; the service is then available in their nodes' AZs. As AWS: a load
     * balancer cannot be removed while endpoints are connected, nor the last one. Connected
     * endpoints keep the NLB each of their interfaces is pinned to.
     */
    private EndpointService loadBalancers(Desired.Builder s, EndpointService svc) {
      List<String> arns = new ArrayList<>(svc.networkLoadBalancerArns());
      for (String arn : removeNetworkLoadBalancerArns) {
        if (!arns.contains(arn))
          throw AwsError.badRequest("InvalidParameter", "The load balancer '" + arn + "' is not associated with "
              + svc.serviceId()).exception();
        if (connected(s, svc.serviceId()))
          throw AwsError.badRequest("ExistingVpcEndpointConnections", "Service " + svc.serviceId()
              + " has existing VPC endpoint connections: reject or delete them before removing a load balancer").exception();
        arns.remove(arn);
      }
      for (String arn : addNetworkLoadBalancerArns) if (!arns.contains(arn)) arns.add(arn);
      if (arns.isEmpty())
        throw AwsError.badRequest("InvalidParameter", "A VPC endpoint service needs at least one load balancer").exception();
      return svc.withLoadBalancers(arns, zonesOf(s, caller, arns, svc.serviceId()));
    }
  }

  /**
   * Checks the provider's domain: verified when one of the emulator's public hosted zones holds the
   * TXT record (at {@code <Name>.<domain>} or at the domain itself, for the private DNS name or a
   * parent domain of it), failed otherwise. Endpoints with private DNS on take a verified name;
   * a failed check stops new endpoints from using the name, not existing ones (as AWS).
   */
  public record StartVpcEndpointServicePrivateDnsVerification(Caller caller, String serviceId) implements Mutation {
    @Override
    public EndpointService apply(Desired.Builder s, IdSource ids) {
      EndpointService svc = Owned.ENDPOINT_SERVICE.get(s, caller, serviceId);
      if (svc.privateDnsName() == null)
        throw AwsError.badRequest("InvalidParameter", "The service " + serviceId
            + " has no private DNS name to verify; set one with ModifyVpcEndpointServiceConfiguration").exception();
      EndpointService.PrivateDnsNameConfiguration c = svc.privateDnsNameConfiguration();
      boolean found = PrivateDnsNames.txtPublished(s.rows(Table.HOSTED_ZONES).values(), svc.privateDnsName(), c);
      EndpointService checked = svc.withPrivateDnsName(svc.privateDnsName(),
          new EndpointService.PrivateDnsNameConfiguration(found ? "verified" : "failed", c.type(), c.name(), c.value()));
      s.put(Table.ENDPOINT_SERVICES, serviceId, checked);
      if (found) // endpoints with private DNS hold the verified name: a later failed check leaves them be
        for (VpcEndpoint e : List.copyOf(s.rows(Table.VPC_ENDPOINTS).values()))
          if (e.serviceId().equals(serviceId) && e.privateDnsEnabled())
            s.put(Table.VPC_ENDPOINTS, e.vpcEndpointId(), e.withPrivateDnsName(svc.privateDnsName()));
      return checked;
    }
  }
}
