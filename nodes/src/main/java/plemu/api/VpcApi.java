package plemu.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import plemu.api.ApiCall.Access;
import plemu.api.ApiCall.Action;
import plemu.controlplane.AwsError;
import plemu.controlplane.Owned;
import plemu.controlplane.VpcActions;
import plemu.model.Tag;
import plemu.model.Vpc;

/** CreateVpc, DescribeVpcs, DeleteVpc, ModifyVpcAttribute, DescribeVpcAttribute. */
final class VpcApi {
  private VpcApi() {}

  static void register(Map<String, Action> actions) {
    actions.put("CreateVpc", new Action(Access.ACCOUNT, VpcApi::create));
    actions.put("DescribeVpcs", new Action(Access.ACCOUNT, VpcApi::describe));
    actions.put("DeleteVpc", new Action(Access.ACCOUNT, VpcApi::delete));
    actions.put("ModifyVpcAttribute", new Action(Access.ACCOUNT, VpcApi::modifyAttribute));
    actions.put("DescribeVpcAttribute", new Action(Access.ACCOUNT, VpcApi::describeAttribute));
  }

  private static final DescribeQuery<Vpc> QUERY = new DescribeQuery<Vpc>(Vpc::vpcId, Vpc::tags)
      .filter("vpc-id", Vpc::vpcId)
      .filter("cidr", v -> v.cidr().toString())
      .filter("cidr-block-association.cidr-block", v -> v.cidr().toString())
      .filter("cidr-block-association.association-id", Vpc::cidrAssociationId)
      .filter("cidr-block-association.state", v -> "associated")
      .filter("owner-id", Vpc::ownerId)
      .filter("state", v -> "available")
      .filter("is-default", v -> "false")
      .filter("dhcp-options-id", v -> "default");

  private static CompletionStage<JsonNode> create(ApiCall call) {
    Params p = call.params().allow("CidrBlock", "TagSpecifications", "InstanceTenancy", "AmazonProvidedIpv6CidrBlock");
    if (Boolean.TRUE.equals(p.bool("AmazonProvidedIpv6CidrBlock")))
      throw AwsError.badRequest("UnsupportedOperation", "plemu emulates IPv4 VPCs only").exception();
    String tenancy = p.string("InstanceTenancy");
    if (tenancy != null && !tenancy.equals("default"))
      throw AwsError.invalidValue("InstanceTenancy", tenancy, "plemu supports 'default' only.").exception();
    List<Tag> tags = p.tags("vpc");
    return call.write(new VpcActions.CreateVpc(call.caller(), p.string("CidrBlock"), tags))
        .thenApply(vpc -> wrap("Vpc", Ec2Json.vpc((Vpc) vpc, call.dnsPort())));
  }

  private static CompletionStage<JsonNode> describe(ApiCall call) {
    Params p = call.params().allow("VpcIds", "Filters", "MaxResults", "NextToken");
    List<Vpc> chosen = call.chosen(Owned.VPC, p.strings("VpcIds"));
    return done(QUERY.run(p, chosen, "Vpcs", v -> Ec2Json.vpc(v, call.dnsPort())));
  }

  private static CompletionStage<JsonNode> delete(ApiCall call) {
    Params p = call.params().allow("VpcId");
    return call.write(new VpcActions.DeleteVpc(call.caller(), p.requiredString("VpcId")))
        .thenApply(ignored -> JsonNodeFactory.instance.objectNode());
  }

  private static CompletionStage<JsonNode> modifyAttribute(ApiCall call) {
    Params p = call.params().allow("VpcId", "EnableDnsSupport", "EnableDnsHostnames");
    return call.write(new VpcActions.ModifyVpcAttribute(call.caller(), p.requiredString("VpcId"),
            p.attributeBoolean("EnableDnsSupport"), p.attributeBoolean("EnableDnsHostnames")))
        .thenApply(ignored -> JsonNodeFactory.instance.objectNode());
  }

  private static CompletionStage<JsonNode> describeAttribute(ApiCall call) {
    Params p = call.params().allow("VpcId", "Attribute");
    String vpcId = p.requiredString("VpcId");
    String attribute = p.requiredString("Attribute");
    Vpc vpc = call.owned(Owned.VPC, vpcId);
    ObjectNode out = JsonNodeFactory.instance.objectNode().put("VpcId", vpcId);
    switch (attribute) {
      case "enableDnsSupport" -> out.putObject("EnableDnsSupport").put("Value", vpc.enableDnsSupport());
      case "enableDnsHostnames" -> out.putObject("EnableDnsHostnames").put("Value", vpc.enableDnsHostnames());
      default -> throw AwsError.invalidValue("Attribute", attribute,
          "Expected enableDnsSupport or enableDnsHostnames.").exception();
    }
    return done(out);
  }

  static ObjectNode wrap(String name, JsonNode value) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.set(name, value);
    return o;
  }

  static CompletionStage<JsonNode> done(JsonNode value) {
    return CompletableFuture.completedFuture(value);
  }
}
