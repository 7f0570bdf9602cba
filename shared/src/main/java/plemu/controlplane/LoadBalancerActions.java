package plemu.controlplane;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import plemu.model.KryoSerializable;
import plemu.model.LoadBalancer;
import plemu.model.NetworkInterface;
import plemu.model.Subnet;
import plemu.model.Tag;

/** CreateLoadBalancer (type network), DeleteLoadBalancer, ModifyLoadBalancerAttributes. */
public final class LoadBalancerActions {
  private LoadBalancerActions() {}

  /** One subnet of the new NLB, optionally with the node's private IPv4 address. */
  public record SubnetMapping(String subnetId, String privateIPv4Address) implements KryoSerializable {}

  /**
   * Creates an NLB with one node per subnet (at most one subnet per AZ, all in one VPC); each node
   * gets a network interface in its subnet. Same name and settings again returns the existing NLB.
   */
  public record CreateLoadBalancer(Caller caller, String name, String type, String scheme,
      List<SubnetMapping> subnets, List<String> securityGroups, List<Tag> tags) implements Mutation {
    @Override
    public LoadBalancer apply(Desired.Builder s, IdSource ids) {
      validateName(name);
      if (type != null && !type.equals("network"))
        throw AwsError.badRequest("ValidationError", "plemu emulates Network Load Balancers: Type must be 'network', not '"
            + type + "'").exception();
      String schemeValue = scheme == null ? "internet-facing" : scheme;
      if (!schemeValue.equals("internal") && !schemeValue.equals("internet-facing"))
        throw AwsError.badRequest("ValidationError", "Scheme must be 'internal' or 'internet-facing'").exception();
      if (subnets.isEmpty())
        throw AwsError.badRequest("ValidationError", "At least one subnet must be specified (Subnets or SubnetMappings)").exception();
      List<Subnet> chosen = new ArrayList<>();
      Set<String> zones = new HashSet<>();
      for (SubnetMapping m : subnets) {
        Subnet subnet = Owned.SUBNET.find(s, caller, m.subnetId())
            .orElseThrow(() -> AwsError.notFound("SubnetNotFound", "The subnet ID '" + m.subnetId() + "' is not valid").exception());
        if (!zones.add(subnet.zoneId()))
          throw AwsError.badRequest("InvalidConfigurationRequest",
              "You cannot specify multiple subnets in the same Availability Zone (" + subnet.zoneId() + ")").exception();
        if (!chosen.isEmpty() && !chosen.get(0).vpcId().equals(subnet.vpcId()))
          throw AwsError.badRequest("InvalidConfigurationRequest", "All subnets must belong to the same VPC").exception();
        chosen.add(subnet);
      }
      String vpcId = chosen.get(0).vpcId();
      for (String sg : securityGroups) {
        Owned.SECURITY_GROUP.find(s, caller, sg)
            .filter(g -> g.vpcId().equals(vpcId))
            .orElseThrow(() -> AwsError.badRequest("InvalidSecurityGroup", "Security group '" + sg
                + "' does not exist in VPC '" + vpcId + "'").exception());
      }
      LoadBalancer existing = Owned.LOAD_BALANCER.all(s, caller).stream()
          .filter(lb -> lb.name().equals(name)).findFirst().orElse(null);
      if (existing != null) {
        boolean same = existing.scheme().equals(schemeValue) && existing.vpcId().equals(vpcId)
            && new HashSet<>(existing.nodes().stream().map(LoadBalancer.Node::subnetId).toList())
                .equals(new HashSet<>(chosen.stream().map(Subnet::subnetId).toList()))
            && new HashSet<>(existing.securityGroupIds()).equals(new HashSet<>(securityGroups));
        if (same) return existing;
        throw AwsError.badRequest("DuplicateLoadBalancerName",
            "A load balancer with the same name '" + name + "' exists, but with different settings").exception();
      }
      String arn = Arns.elb(caller, "loadbalancer/net/" + name + "/" + ids.hex(16));
      String arnSuffix = arn.substring(arn.indexOf(":loadbalancer/") + ":loadbalancer/".length());
      List<LoadBalancer.Node> nodes = new ArrayList<>();
      for (int i = 0; i < chosen.size(); i++) {
        Subnet subnet = chosen.get(i);
        NetworkInterface eni = NetworkInterfaces.create(s, ids, subnet, new NetworkInterfaces.Spec(
            "network_load_balancer", "ELB " + arnSuffix, true, securityGroups, arn), subnets.get(i).privateIPv4Address());
        nodes.add(new LoadBalancer.Node(subnet.zoneId(), subnet.subnetId(), eni.networkInterfaceId()));
      }
      LoadBalancer lb = new LoadBalancer(arn, name, caller.accountId(), caller.region(), vpcId, schemeValue, nodes,
          securityGroups, LoadBalancer.DEFAULT_ATTRIBUTES, ids.now(), tags);
      s.put(Table.LOAD_BALANCERS, arn, lb);
      return lb;
    }
  }

  static void validateName(String name) {
    if (name == null || name.isEmpty()) throw AwsError.missingParameter("Name").exception();
    if (name.length() > 32 || !name.matches("[A-Za-z0-9-]+") || name.startsWith("-") || name.endsWith("-")
        || name.startsWith("internal-"))
      throw AwsError.badRequest("ValidationError", "The load balancer name '" + name + "' is not valid: at most 32 "
          + "alphanumeric characters or hyphens, not starting or ending with a hyphen, not starting with 'internal-'").exception();
  }

  /** Deletes an NLB with its listeners and node interfaces. */
  public record DeleteLoadBalancer(Caller caller, String loadBalancerArn) implements Mutation {
    @Override
    public Boolean apply(Desired.Builder s, IdSource ids) {
      LoadBalancer lb = Owned.LOAD_BALANCER.get(s, caller, loadBalancerArn);
      // only the load balancer's owner can put it behind a service, or a listener on it
      s.ownedBy(Table.ENDPOINT_SERVICES, lb.ownerId()).stream()
          .filter(svc -> svc.networkLoadBalancerArns().contains(lb.loadBalancerArn()))
          .findFirst()
          .ifPresent(svc -> {
            throw AwsError.badRequest("ResourceInUse", "Load balancer '" + loadBalancerArn
                + "' cannot be deleted because it is currently associated with another service (" + svc.serviceId() + ")").exception();
          });
      if (Boolean.parseBoolean(lb.attributes().get("deletion_protection.enabled")))
        throw AwsError.badRequest("OperationNotPermitted", "Load balancer '" + loadBalancerArn
            + "' cannot be deleted because deletion protection is enabled").exception();
      s.ownedBy(Table.LISTENERS, lb.ownerId()).stream()
          .filter(l -> l.loadBalancerArn().equals(lb.loadBalancerArn()))
          .forEach(l -> s.remove(Table.LISTENERS, l.listenerArn()));
      lb.nodes().forEach(n -> s.remove(Table.NETWORK_INTERFACES, n.networkInterfaceId()));
      s.remove(Table.LOAD_BALANCERS, lb.loadBalancerArn());
      return true;
    }
  }

  /** Changes NLB attributes (cross-zone load balancing, deletion protection); returns all of them. */
  public record ModifyLoadBalancerAttributes(Caller caller, String loadBalancerArn, Map<String, String> attributes)
      implements Mutation {
    @Override
    public LoadBalancer apply(Desired.Builder s, IdSource ids) {
      LoadBalancer lb = Owned.LOAD_BALANCER.get(s, caller, loadBalancerArn);
      Map<String, String> merged = ElbAttributes.mergeAttributes(lb.attributes(), attributes, (k, v) ->
          k.equals("dns_record.client_routing_policy")
              ? List.of("any_availability_zone", "availability_zone_affinity", "partial_availability_zone_affinity").contains(v)
              : ElbAttributes.isBoolean(v), "Load balancer");
      LoadBalancer updated = lb.withAttributes(merged);
      s.put(Table.LOAD_BALANCERS, lb.loadBalancerArn(), updated);
      return updated;
    }
  }
}
