package plemu.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import plemu.controlplane.Desired;
import plemu.controlplane.Unsuccessful;
import plemu.model.Account;
import plemu.model.EndpointService;
import plemu.model.SecurityGroup;
import plemu.model.VpcEndpoint;

/** Renders endpoint services and VPC endpoints as the EC2 API's JSON shapes. */
final class EndpointJson {
  private EndpointJson() {}

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /** The hosted zone of {@code *.vpce.amazonaws.com} names in a few regions; others get a stable stand-in. */
  private static final Map<String, String> VPCE_ZONES = Map.of("us-east-1", "Z7HUB22UULQXV", "us-east-2", "ZC8PG0KIFKBRI");

  static final String FULL_ACCESS_POLICY =
      "{\"Statement\":[{\"Action\":\"*\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Resource\":\"*\"}]}";

  /** The provider's view (DescribeVpcEndpointServiceConfigurations). */
  static ObjectNode serviceConfiguration(EndpointService svc, Account viewer) {
    ObjectNode o = F.objectNode();
    o.putArray("ServiceType").addObject().put("ServiceType", "Interface");
    o.put("ServiceId", svc.serviceId());
    o.put("ServiceName", svc.serviceName());
    o.put("ServiceState", "Available");
    zones(o, svc, viewer);
    o.put("AcceptanceRequired", svc.acceptanceRequired());
    o.put("ManagesVpcEndpoints", false);
    svc.networkLoadBalancerArns().forEach(o.putArray("NetworkLoadBalancerArns")::add);
    o.putArray("SupportedIpAddressTypes").add("ipv4");
    o.putArray("BaseEndpointDnsNames").add(svc.baseDnsName());
    o.putArray("SupportedRegions").addObject().put("Region", svc.region()).put("ServiceState", "Available");
    o.put("RemoteAccessEnabled", false);
    if (svc.privateDnsName() != null) {
      o.put("PrivateDnsName", svc.privateDnsName());
      EndpointService.PrivateDnsNameConfiguration c = svc.privateDnsNameConfiguration();
      o.putObject("PrivateDnsNameConfiguration").put("State", c.state()).put("Type", c.type()).put("Value", c.value())
          .put("Name", c.name());
    }
    Ec2Json.tags(o, svc.tags());
    return o;
  }

  /** The consumer's view (DescribeVpcEndpointServices). */
  static ObjectNode serviceDetail(EndpointService svc, Account viewer) {
    ObjectNode o = F.objectNode();
    o.put("ServiceName", svc.serviceName());
    o.put("ServiceId", svc.serviceId());
    o.putArray("ServiceType").addObject().put("ServiceType", "Interface");
    o.put("ServiceRegion", svc.region());
    zones(o, svc, viewer);
    o.put("Owner", svc.ownerId());
    o.putArray("BaseEndpointDnsNames").add(svc.baseDnsName());
    o.put("VpcEndpointPolicySupported", true);
    o.put("AcceptanceRequired", svc.acceptanceRequired());
    o.put("ManagesVpcEndpoints", false);
    o.putArray("SupportedIpAddressTypes").add("ipv4");
    if (svc.privateDnsName() != null) {
      o.put("PrivateDnsName", svc.privateDnsName());
      o.putArray("PrivateDnsNames").addObject().put("PrivateDnsName", svc.privateDnsName());
      o.put("PrivateDnsNameVerificationState", svc.privateDnsNameConfiguration().state());
    }
    Ec2Json.tags(o, svc.tags());
    return o;
  }

  private static void zones(ObjectNode o, EndpointService svc, Account viewer) {
    svc.zoneIds().forEach(o.putArray("AvailabilityZoneIds")::add);
    ArrayNode names = o.putArray("AvailabilityZones");
    svc.zoneIds().stream().map(id -> viewer.zoneNameOf(id).orElse(id)).sorted().forEach(names::add);
  }

  static ObjectNode vpcEndpoint(VpcEndpoint e, Account viewer, Desired state) {
    ObjectNode o = F.objectNode();
    o.put("VpcEndpointId", e.vpcEndpointId());
    o.put("VpcEndpointType", "Interface");
    o.put("VpcId", e.vpcId());
    o.put("ServiceName", e.serviceName());
    o.put("State", e.state());
    o.put("PolicyDocument", FULL_ACCESS_POLICY);
    o.putArray("RouteTableIds");
    e.subnetIds().forEach(o.putArray("SubnetIds")::add);
    ArrayNode groups = o.putArray("Groups");
    for (String id : e.securityGroupIds()) {
      SecurityGroup g = state.securityGroups().get(id);
      groups.addObject().put("GroupId", id).put("GroupName", g == null ? null : g.groupName());
    }
    o.put("IpAddressType", "ipv4");
    o.putObject("DnsOptions").put("DnsRecordIpType", "ipv4");
    o.put("PrivateDnsEnabled", e.privateDnsEnabled());
    o.put("RequesterManaged", false);
    e.attachments().forEach(a -> o.withArray("NetworkInterfaceIds").add(a.networkInterfaceId()));
    String zone = VPCE_ZONES.getOrDefault(e.region(), "ZPLEMUVPCE" + e.region().replace("-", "").toUpperCase());
    ArrayNode dns = o.putArray("DnsEntries");
    dns.addObject().put("DnsName", e.regionalDnsName()).put("HostedZoneId", zone);
    for (VpcEndpoint.Attachment a : e.attachments())
      dns.addObject().put("DnsName", e.zonalDnsName(viewer.zoneNameOf(a.zoneId()).orElse(a.zoneId()))).put("HostedZoneId", zone);
    e.servedPrivateDnsName(state.endpointServices().get(e.serviceId()))
        .ifPresent(name -> dns.addObject().put("DnsName", name).put("HostedZoneId", privateZoneId(e)));
    o.put("CreationTimestamp", Instant.ofEpochMilli(e.createdTime()).toString());
    Ec2Json.tags(o, e.tags());
    o.put("OwnerId", e.ownerId());
    o.put("ServiceRegion", e.region());
    return o;
  }

  /** A stable stand-in for the id of the hidden private hosted zone AWS makes for an endpoint's private DNS name. */
  private static String privateZoneId(VpcEndpoint e) {
    String hex = Integer.toHexString(e.vpcEndpointId().hashCode()).toUpperCase();
    return "Z0PLEMU" + "0".repeat(8 - hex.length()) + hex;
  }

  static ObjectNode unsuccessful(List<Unsuccessful> failed) {
    ObjectNode o = F.objectNode();
    ArrayNode list = o.putArray("Unsuccessful");
    for (Unsuccessful u : failed) {
      ObjectNode item = list.addObject();
      item.putObject("Error").put("Code", u.error().code()).put("Message", u.error().message());
      item.put("ResourceId", u.resourceId());
    }
    return o;
  }
}
