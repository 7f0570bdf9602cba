package plemu.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import plemu.api.ApiCall.Access;
import plemu.api.ApiCall.Action;
import plemu.controlplane.Owned;
import plemu.controlplane.SubnetActions;
import plemu.controlplane.Table;
import plemu.model.Account;
import plemu.model.Subnet;
import plemu.model.SubnetAddresses;

/** CreateSubnet, DescribeSubnets, DeleteSubnet. */
final class SubnetApi {
  private SubnetApi() {}

  static void register(Map<String, Action> actions) {
    actions.put("CreateSubnet", new Action(Access.ACCOUNT, SubnetApi::create));
    actions.put("DescribeSubnets", new Action(Access.ACCOUNT, SubnetApi::describe));
    actions.put("DeleteSubnet", new Action(Access.ACCOUNT, SubnetApi::delete));
  }

  private static DescribeQuery<Subnet> query(Account viewer, Map<String, Long> inUse) {
    return new DescribeQuery<Subnet>(Subnet::subnetId, Subnet::tags)
        .filter("subnet-id", Subnet::subnetId)
        .filter("vpc-id", Subnet::vpcId)
        .filter("cidr-block", s -> s.cidr().toString())
        .filter("cidr", s -> s.cidr().toString())
        .filter("availability-zone", s -> viewer.zoneNameOf(s.zoneId()).orElse(null))
        .filter("availability-zone-id", Subnet::zoneId)
        .filter("owner-id", Subnet::ownerId)
        .filter("state", s -> "available")
        .filter("default-for-az", s -> "false")
        .filter("subnet-arn", Subnet::arn)
        .filter("available-ip-address-count",
            s -> String.valueOf(SubnetAddresses.usableCount(s.cidr()) - inUse.getOrDefault(s.subnetId(), 0L)));
  }

  private static CompletionStage<JsonNode> create(ApiCall call) {
    Params p = call.params().allow("VpcId", "CidrBlock", "AvailabilityZone", "AvailabilityZoneId", "TagSpecifications");
    Account viewer = call.account();
    return call.write(new SubnetActions.CreateSubnet(call.caller(), p.requiredString("VpcId"), p.string("CidrBlock"),
            p.string("AvailabilityZone"), p.string("AvailabilityZoneId"), p.tags("subnet")))
        .thenApply(s -> VpcApi.wrap("Subnet", Ec2Json.subnet((Subnet) s, viewer, 0)));
  }

  private static CompletionStage<JsonNode> describe(ApiCall call) {
    Params p = call.params().allow("SubnetIds", "Filters", "MaxResults", "NextToken");
    Account viewer = call.account();
    List<Subnet> chosen = call.chosen(Owned.SUBNET, p.strings("SubnetIds"));
    // the interfaces in a subnet belong to the subnet's owner (requester-managed ones too)
    Map<String, Long> inUse = call.state().ownedBy(Table.NETWORK_INTERFACES, viewer.accountId()).stream()
        .collect(java.util.stream.Collectors.groupingBy(e -> e.subnetId(), java.util.stream.Collectors.counting()));
    return VpcApi.done(query(viewer, inUse).run(p, chosen, "Subnets",
        s -> Ec2Json.subnet(s, viewer, inUse.getOrDefault(s.subnetId(), 0L))));
  }

  private static CompletionStage<JsonNode> delete(ApiCall call) {
    Params p = call.params().allow("SubnetId");
    return call.write(new SubnetActions.DeleteSubnet(call.caller(), p.requiredString("SubnetId")))
        .thenApply(ignored -> JsonNodeFactory.instance.objectNode());
  }
}
