package plemu.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import plemu.api.ApiCall.Access;
import plemu.api.ApiCall.Action;
import plemu.controlplane.AwsError;
import plemu.controlplane.Desired;
import plemu.controlplane.LinkActions;
import plemu.controlplane.Table;
import plemu.links.Direction;
import plemu.links.ImpairmentChain;
import plemu.links.ImpairmentSpec;
import plemu.links.LinkId;
import plemu.links.LinkImpairments;
import plemu.links.LinkKind;
import plemu.links.LinkSettings;
import plemu.links.Links;
import plemu.links.Place;
import plemu.model.RegionInfo;

/**
 * The links of the region and their impairments (operator): DescribeLinks (every link with its
 * profile from config and its current chain, per direction), SetLinkImpairments and
 * ClearLinkImpairments (on one link, on a kind of link, per direction). The settings are replicated
 * state: every AZ node applies them to its open and new flows and its health checks.
 */
final class LinkApi {
  private LinkApi() {}

  static void register(Map<String, Action> actions) {
    actions.put("DescribeLinks", new Action(Access.OPERATOR, LinkApi::describe));
    actions.put("SetLinkImpairments", new Action(Access.OPERATOR, LinkApi::set));
    actions.put("ClearLinkImpairments", new Action(Access.OPERATOR, LinkApi::clear));
  }

  private static LinkImpairments current(Desired d) {
    return d.rows(Table.LINK_IMPAIRMENTS).getOrDefault(Table.LINK_IMPAIRMENTS_ROW, LinkImpairments.NONE);
  }

  /** Every link a flow of the region can cross: host to each AZ, AZ to AZ, AZ to host. */
  private static CompletionStage<JsonNode> describe(ApiCall call) {
    call.params().allow();
    Desired d = call.state();
    Links links = new Links(LinkSettings.fromConfig(call.system().settings().config().getConfig("plemu.links")),
        (at, task) -> () -> {}, az -> plemuRegion(d, az));
    links.apply(current(d));
    List<String> zones = d.region(call.region()).map(RegionInfo::zoneIds).orElse(List.of());
    for (String z : zones) {
      links.link(Place.HOST, Place.az(z));
      links.link(Place.az(z), Place.HOST);
      for (String w : zones) links.link(Place.az(z), Place.az(w));
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    ArrayNode list = out.putArray("Links");
    for (Links.View v : links.describe()) {
      ObjectNode o = list.addObject();
      o.put("From", v.link().from().toString()).put("To", v.link().to().toString())
          .put("Kind", v.link().kind().configName());
      direction(o.putObject("Upstream"), v.upstreamProfile(), v.upstream());
      direction(o.putObject("Downstream"), v.downstreamProfile(), v.downstream());
    }
    return VpcApi.done(out);
  }

  private static String plemuRegion(Desired d, String az) {
    for (RegionInfo r : d.regions().values()) if (r.zoneIds().contains(az)) return r.name();
    return "";
  }

  private static void direction(ObjectNode o, ImpairmentChain profile, ImpairmentChain now) {
    o.set("Profile", chain(profile));
    o.set("Impairments", chain(now));
  }

  private static ArrayNode chain(ImpairmentChain c) {
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    for (ImpairmentSpec s : c.impairments()) {
      ObjectNode o = a.addObject().put("Type", s.type());
      ObjectNode attributes = o.putObject("Attributes");
      s.attributes().forEach(attributes::put);
    }
    return a;
  }

  /** {@code Link} ({@code From}, {@code To}) or {@code Kind}; {@code Direction} upstream, downstream or both. */
  private record Scope(LinkKind kind, LinkId link, List<Direction> directions) {}

  private static Scope scope(ApiCall call, Params p, boolean required) {
    JsonNode link = p.raw("Link");
    String kind = p.string("Kind");
    if (link != null && kind != null)
      throw AwsError.badRequest("InvalidParameterCombination", "Give Link or Kind, not both.").exception();
    String dir = p.string("Direction");
    List<Direction> directions = dir == null || dir.equals("both") ? List.of(Direction.values())
        : List.of(Direction.parse("Direction", dir));
    if (link != null) {
      if (!link.isObject() || !link.path("From").isTextual() || !link.path("To").isTextual())
        throw AwsError.invalidValue("Link", link, "A link is {\"From\": place, \"To\": place}.").exception();
      Desired d = call.state();
      LinkId id = LinkId.between(Place.parse("Link.From", link.get("From").asText()),
          Place.parse("Link.To", link.get("To").asText()), az -> plemuRegion(d, az));
      return new Scope(id.kind(), id, directions);
    }
    if (kind != null) {
      try {
        return new Scope(LinkKind.named(kind), null, directions);
      } catch (IllegalArgumentException e) {
        throw AwsError.invalidValue("Kind", kind, "A kind of link is same-zone, cross-zone, cross-region, on-premises or host.")
            .exception();
      }
    }
    if (required) throw AwsError.missingParameter("Link or Kind").exception();
    return new Scope(null, null, directions);
  }

  private static CompletionStage<JsonNode> set(ApiCall call) {
    Params p = call.params().allow("Link", "Kind", "Direction", "Impairments");
    Scope scope = scope(call, p, true);
    List<ImpairmentSpec> specs = new ArrayList<>();
    for (JsonNode i : p.array("Impairments")) {
      if (!i.isObject() || !i.path("Type").isTextual())
        throw AwsError.invalidValue("Impairments", i, "An impairment is {\"Type\": ..., \"Attributes\": {...}}.").exception();
      Map<String, String> attributes = new LinkedHashMap<>();
      i.path("Attributes").fields().forEachRemaining(e -> attributes.put(e.getKey(), e.getValue().asText()));
      specs.add(new ImpairmentSpec(i.get("Type").asText(), attributes));
    }
    ImpairmentChain chain = ImpairmentChain.validated(specs);
    return call.write(new LinkActions.SetLinkImpairments(scope.kind(), scope.link(), scope.directions(), chain))
        .thenApply(r -> settings((LinkImpairments) r));
  }

  private static CompletionStage<JsonNode> clear(ApiCall call) {
    Params p = call.params().allow("Link", "Kind", "Direction");
    Scope scope = scope(call, p, false);
    return call.write(new LinkActions.ClearLinkImpairments(scope.kind(), scope.link(), scope.directions()))
        .thenApply(r -> settings((LinkImpairments) r));
  }

  /** The operator's settings after a write. */
  private static JsonNode settings(LinkImpairments all) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    ArrayNode list = out.putArray("Settings");
    for (LinkImpairments.Setting s : all.settings()) {
      ObjectNode o = list.addObject();
      if (s.link() != null) o.putObject("Link").put("From", s.link().from().toString()).put("To", s.link().to().toString());
      else o.put("Kind", s.kind().configName());
      o.put("Direction", s.direction().apiName());
      o.set("Impairments", chain(s.chain()));
    }
    return out;
  }
}
