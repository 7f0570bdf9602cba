package plemu.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import plemu.api.ApiCall.Access;
import plemu.api.ApiCall.Action;
import plemu.controlplane.AwsError;
import plemu.controlplane.HostedZoneActions;
import plemu.controlplane.Owned;
import plemu.model.HostedZone;

/**
 * The emulator's Route 53 public hosted zones, with Route 53's action and member names:
 * CreateHostedZone, GetHostedZone, ListHostedZones, DeleteHostedZone, ChangeResourceRecordSets,
 * ListResourceRecordSets. Every VPC resolver answers their records (see README, DNS).
 */
final class HostedZoneApi {
  private HostedZoneApi() {}

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  static void register(Map<String, Action> actions) {
    actions.put("CreateHostedZone", new Action(Access.ACCOUNT, HostedZoneApi::create));
    actions.put("GetHostedZone", new Action(Access.ACCOUNT, HostedZoneApi::get));
    actions.put("ListHostedZones", new Action(Access.ACCOUNT, HostedZoneApi::list));
    actions.put("DeleteHostedZone", new Action(Access.ACCOUNT, HostedZoneApi::delete));
    actions.put("ChangeResourceRecordSets", new Action(Access.ACCOUNT, HostedZoneApi::change));
    actions.put("ListResourceRecordSets", new Action(Access.ACCOUNT, HostedZoneApi::listRecords));
  }

  private static CompletionStage<JsonNode> create(ApiCall call) {
    Params p = call.params().allow("Name", "CallerReference", "HostedZoneConfig", "DelegationSetId", "VPC");
    if (p.has("VPC") || p.raw("HostedZoneConfig") != null && p.raw("HostedZoneConfig").path("PrivateZone").asBoolean(false))
      throw AwsError.badRequest("InvalidInput", "plemu's hosted zones are public; private DNS for endpoints comes from"
          + " the endpoint service's PrivateDnsName").exception();
    String comment = p.raw("HostedZoneConfig") == null ? null : p.raw("HostedZoneConfig").path("Comment").asText(null);
    return call.write(new HostedZoneActions.CreateHostedZone(call.caller(), p.requiredString("Name"),
            p.requiredString("CallerReference"), comment))
        .thenApply(z -> {
          HostedZone zone = (HostedZone) z;
          ObjectNode o = F.objectNode();
          o.set("HostedZone", zone(zone));
          o.set("ChangeInfo", changeInfo(zone.createdTime()));
          o.set("DelegationSet", delegationSet());
          o.put("Location", "https://route53.amazonaws.com/2013-04-01" + zone.path());
          return o;
        });
  }

  private static CompletionStage<JsonNode> get(ApiCall call) {
    Params p = call.params().allow("Id");
    HostedZone zone = call.owned(Owned.HOSTED_ZONE, p.requiredString("Id"));
    ObjectNode o = F.objectNode();
    o.set("HostedZone", zone(zone));
    o.set("DelegationSet", delegationSet());
    return VpcApi.done(o);
  }

  private static CompletionStage<JsonNode> list(ApiCall call) {
    call.params().allow("Marker", "MaxItems", "DelegationSetId", "HostedZoneType");
    ObjectNode o = F.objectNode();
    ArrayNode zones = o.putArray("HostedZones");
    call.mine(Owned.HOSTED_ZONE).stream()
        .sorted(Comparator.comparing(HostedZone::name))
        .forEach(z -> zones.add(zone(z)));
    o.put("IsTruncated", false);
    o.put("MaxItems", "100");
    return VpcApi.done(o);
  }

  private static CompletionStage<JsonNode> delete(ApiCall call) {
    Params p = call.params().allow("Id");
    return call.write(new HostedZoneActions.DeleteHostedZone(call.caller(), p.requiredString("Id")))
        .thenApply(z -> (JsonNode) F.objectNode().set("ChangeInfo", changeInfo(System.currentTimeMillis())));
  }

  private static CompletionStage<JsonNode> change(ApiCall call) {
    Params p = call.params().allow("HostedZoneId", "ChangeBatch");
    JsonNode batch = p.raw("ChangeBatch");
    if (batch == null || !batch.path("Changes").isArray())
      throw AwsError.badRequest("InvalidInput", "ChangeBatch.Changes is required").exception();
    List<HostedZoneActions.Change> changes = new ArrayList<>();
    for (JsonNode c : batch.get("Changes")) {
      JsonNode set = c.path("ResourceRecordSet");
      if (set.has("AliasTarget"))
        throw AwsError.badRequest("InvalidChangeBatch", "plemu's zones do not support alias records").exception();
      List<String> values = new ArrayList<>();
      set.path("ResourceRecords").forEach(r -> values.add(r.path("Value").asText()));
      changes.add(new HostedZoneActions.Change(c.path("Action").asText(null), new HostedZone.RecordSet(
          set.path("Name").asText(null), set.path("Type").asText(null), set.path("TTL").asLong(300), values)));
    }
    return call.write(new HostedZoneActions.ChangeResourceRecordSets(call.caller(), p.requiredString("HostedZoneId"),
            changes))
        .thenApply(z -> (JsonNode) F.objectNode().set("ChangeInfo", changeInfo(System.currentTimeMillis())));
  }

  private static CompletionStage<JsonNode> listRecords(ApiCall call) {
    Params p = call.params().allow("HostedZoneId", "StartRecordName", "StartRecordType", "StartRecordIdentifier",
        "MaxItems");
    HostedZone zone = call.owned(Owned.HOSTED_ZONE, p.requiredString("HostedZoneId"));
    ObjectNode o = F.objectNode();
    ArrayNode sets = o.putArray("ResourceRecordSets");
    zone.recordSets().stream()
        .sorted(Comparator.comparing((HostedZone.RecordSet r) -> r.name()).thenComparing(HostedZone.RecordSet::type))
        .forEach(r -> {
          ObjectNode s = sets.addObject().put("Name", r.name()).put("Type", r.type()).put("TTL", r.ttl());
          ArrayNode values = s.putArray("ResourceRecords");
          r.values().forEach(v -> values.addObject().put("Value", v));
        });
    o.put("IsTruncated", false);
    o.put("MaxItems", "300");
    return VpcApi.done(o);
  }

  private static ObjectNode zone(HostedZone z) {
    ObjectNode o = F.objectNode();
    o.put("Id", z.path());
    o.put("Name", z.name());
    o.put("CallerReference", z.callerReference());
    ObjectNode config = o.putObject("Config").put("PrivateZone", false);
    if (z.comment() != null) config.put("Comment", z.comment());
    o.put("ResourceRecordSetCount", z.recordSets().size());
    return o;
  }

  private static ObjectNode changeInfo(long at) {
    return F.objectNode().put("Id", "/change/C" + Long.toString(at, 36).toUpperCase()).put("Status", "INSYNC")
        .put("SubmittedAt", Instant.ofEpochMilli(at).toString());
  }

  private static ObjectNode delegationSet() {
    ObjectNode o = F.objectNode();
    o.putArray("NameServers").add("ns-1.plemu.internal");
    return o;
  }
}
