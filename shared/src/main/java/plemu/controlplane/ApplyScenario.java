package plemu.controlplane;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import plemu.model.Account;
import plemu.model.Cidr;
import plemu.model.ApiToken;
import plemu.model.KryoSerializable;
import plemu.model.RegionInfo;
import plemu.model.ResourceIds;
import plemu.model.SecurityGroup;
import plemu.model.SecurityGroupRule;
import plemu.model.Subnet;
import plemu.model.Tag;
import plemu.model.Vpc;
import plemu.model.AzMapping;
import plemu.scenario.Scenario;

/**
 * Applies a scenario all or nothing. Resources are matched by name (the Name tag for VPCs and
 * subnets, the group name for security groups), so applying the same file twice changes nothing.
 * Every refusal names the field it comes from, e.g. {@code vpcs[1].subnets[0].cidrBlock}.
 */
public record ApplyScenario(Scenario scenario) implements Mutation {

  /** What applying did: ids created and ids that already matched. */
  public record Applied(String name, List<String> created, List<String> unchanged) implements KryoSerializable {}

  @Override
  public Applied apply(Desired.Builder s, IdSource ids) {
    List<String> created = new ArrayList<>();
    List<String> unchanged = new ArrayList<>();
    if (scenario.operatorToken() != null) {
      ApiToken other = s.get(Table.TOKENS, scenario.operatorToken()).orElse(null);
      if (other != null && !other.isOperator())
        throw invalid("operatorToken", "the token is already account " + other.accountId() + "'s");
      s.put(Table.TOKENS, scenario.operatorToken(), ApiToken.operator(scenario.operatorToken()));
    }
    for (int i = 0; i < scenario.regions().size(); i++) applyRegion(s, scenario.regions().get(i), "regions[" + i + "]");
    for (int i = 0; i < scenario.accounts().size(); i++) applyAccount(s, scenario.accounts().get(i), "accounts[" + i + "]");
    nameNewZonesForEveryAccount(s);
    for (int i = 0; i < scenario.vpcs().size(); i++)
      applyVpc(s, ids, scenario.vpcs().get(i), "vpcs[" + i + "]", created, unchanged);
    ScenarioServices services = new ScenarioServices(s, ids, created, unchanged);
    for (int i = 0; i < scenario.vpcs().size(); i++) services.applyProvider(scenario.vpcs().get(i), "vpcs[" + i + "]");
    for (int i = 0; i < scenario.vpcs().size(); i++) services.applyConsumer(scenario.vpcs().get(i), "vpcs[" + i + "]");
    return new Applied(scenario.name(), created, unchanged);
  }

  private static AwsException invalid(String path, String message) {
    return AwsError.badRequest("InvalidParameterValue", "scenario " + path + ": " + message).exception();
  }

  private static String required(String value, String path) {
    if (value == null || value.isBlank()) throw invalid(path, "is required");
    return value;
  }

  private static void applyRegion(Desired.Builder s, Scenario.RegionSpec r, String path) {
    String name = required(r.name(), path + ".name");
    if (r.availabilityZones().isEmpty()) throw invalid(path + ".availabilityZones", "needs at least one AZ");
    List<RegionInfo.Zone> zones = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < r.availabilityZones().size(); i++) {
      Scenario.ZoneSpec z = r.availabilityZones().get(i);
      String id = required(z.id(), path + ".availabilityZones[" + i + "].id");
      if (!seen.add(id)) throw invalid(path + ".availabilityZones[" + i + "].id", "duplicate AZ ID " + id);
      zones.add(new RegionInfo.Zone(id, z.node() == null ? id : z.node(),
          hostPool(s, name, id, z.hostAddresses(), path + ".availabilityZones[" + i + "].hostAddresses", zones)));
    }
    // A scenario adds AZs to a region, it never drops one (subnets may live there).
    s.get(Table.REGIONS, name).ifPresent(existing -> existing.zones().stream()
        .filter(z -> !seen.contains(z.zoneId())).forEach(zones::add));
    String node = r.node() != null ? r.node() : s.get(Table.REGIONS, name).map(RegionInfo::node).orElse(name);
    Cidr resolverPool = resolverPool(s, name, r.resolverAddresses(), path + ".resolverAddresses", zones);
    s.put(Table.REGIONS, name, new RegionInfo(name, node, zones, resolverPool));
  }

  /** Accounts not named by this scenario still get names for AZs it added. */
  private static void nameNewZonesForEveryAccount(Desired.Builder s) {
    for (Account account : List.copyOf(s.rows(Table.ACCOUNTS).values())) {
      List<Account.ZoneName> names = new ArrayList<>();
      for (RegionInfo region : s.rows(Table.REGIONS).values())
        zoneNames(region, new Scenario.AccountSpec(account.accountId(), account.name(), null, null), account, "accounts")
            .forEach((zoneName, zoneId) -> names.add(new Account.ZoneName(region.name(), zoneName, zoneId)));
      names.sort(java.util.Comparator.comparing(Account.ZoneName::zoneName));
      if (!names.equals(account.zoneNames()))
        s.put(Table.ACCOUNTS, account.accountId(), new Account(account.accountId(), account.name(), names));
    }
  }

  /**
   * The zone's pool of host addresses: given by the file, else kept from before, else the first
   * /16 of 127.0.0.0/8 (after 127.0.0.0/16, which holds localhost) that no other pool uses.
   */
  private static Cidr hostPool(Desired.Builder s, String region, String zoneId, String given, String path,
      List<RegionInfo.Zone> siblings) {
    List<Cidr> taken = new ArrayList<>();
    s.rows(Table.REGIONS).values().stream()
        .flatMap(r -> r.zones().stream().filter(z -> !(r.name().equals(region) && z.zoneId().equals(zoneId))))
        .forEach(z -> taken.add(z.hostPool()));
    s.rows(Table.REGIONS).values().forEach(r -> taken.add(r.resolverPool()));
    siblings.forEach(z -> taken.add(z.hostPool()));
    RegionInfo existing = s.get(Table.REGIONS, region).orElse(null);
    Cidr kept = existing == null ? null : existing.zone(zoneId).map(RegionInfo.Zone::hostPool).orElse(null);
    return pool(given, kept, taken, path, "zone " + zoneId);
  }

  /** The region's pool of resolver addresses, chosen as a zone's pool is, after its zones' pools. */
  private static Cidr resolverPool(Desired.Builder s, String region, String given, String path, List<RegionInfo.Zone> zones) {
    List<Cidr> taken = new ArrayList<>();
    s.rows(Table.REGIONS).values().forEach(r -> {
      r.zones().forEach(z -> taken.add(z.hostPool()));
      if (!r.name().equals(region)) taken.add(r.resolverPool());
    });
    zones.forEach(z -> taken.add(z.hostPool()));
    Cidr kept = s.get(Table.REGIONS, region).map(RegionInfo::resolverPool).orElse(null);
    if (given != null && kept != null && !kept.equals(Cidrs.parse("resolverAddresses", given)))
      throw invalid(path, given + " differs from the region's resolver pool " + kept + " (VPCs already use it)");
    return pool(given, kept, taken, path, "the resolvers of region " + region);
  }

  private static Cidr pool(String given, Cidr kept, List<Cidr> taken, String path, String forWhat) {
    taken.removeIf(java.util.Objects::isNull);
    if (given != null) {
      Cidr pool = at(path, () -> Cidrs.parse("hostAddresses", given));
      if (pool.prefixLength() > 28) throw invalid(path, "a host address pool needs at least 16 addresses");
      for (Cidr t : taken)
        if (t.overlaps(pool) && !t.equals(kept)) throw invalid(path, given + " overlaps another pool " + t);
      return pool;
    }
    if (kept != null) return kept;
    for (int second = 1; second < 255; second++) {
      Cidr candidate = Cidr.parse("127." + second + ".0.0/16");
      if (taken.stream().noneMatch(candidate::overlaps)) return candidate;
    }
    throw invalid(path, "no free /16 left in 127.0.0.0/8 for " + forWhat);
  }

  private static void applyAccount(Desired.Builder s, Scenario.AccountSpec a, String path) {
    String id = required(a.id(), path + ".id");
    if (!ResourceIds.isAccountId(id)) throw invalid(path + ".id", "'" + id + "' is not a 12-digit account id");
    List<Account.ZoneName> names = new ArrayList<>();
    Account existing = s.get(Table.ACCOUNTS, id).orElse(null);
    for (RegionInfo region : s.rows(Table.REGIONS).values()) {
      SortedMap<String, String> mapping = zoneNames(region, a, existing, path);
      mapping.forEach((zoneName, zoneId) -> names.add(new Account.ZoneName(region.name(), zoneName, zoneId)));
    }
    names.sort(java.util.Comparator.comparing(Account.ZoneName::zoneName));
    s.put(Table.ACCOUNTS, id, new Account(id, a.name() == null ? id : a.name(), names));
    if (a.token() != null) {
      ApiToken other = s.get(Table.TOKENS, a.token()).orElse(null);
      if (other != null && !id.equals(other.accountId()))
        throw invalid(path + ".token", "the token is already used by " + (other.isOperator() ? "the operator" : other.accountId()));
      s.put(Table.TOKENS, a.token(), new ApiToken(a.token(), id));
    }
  }

  /** The account's names for a region's AZs: fixed by the file, else kept from before, else derived. */
  private static SortedMap<String, String> zoneNames(
      RegionInfo region, Scenario.AccountSpec a, Account existing, String path) {
    SortedMap<String, String> fixed = new TreeMap<>();
    a.zoneNames().forEach((name, zoneId) -> {
      if (region.zone(zoneId).isPresent()) fixed.put(name, zoneId);
    });
    if (!fixed.isEmpty()) {
      if (fixed.size() != region.zones().size() || new HashSet<>(fixed.values()).size() != fixed.size())
        throw invalid(path + ".zoneNames", "must name each AZ of " + region.name() + " exactly once");
      fixed.keySet().forEach(n -> {
        if (!n.startsWith(region.name()))
          throw invalid(path + ".zoneNames", "zone name " + n + " must start with " + region.name());
      });
      return fixed;
    }
    SortedMap<String, String> kept = new TreeMap<>();
    if (existing != null)
      existing.zoneNames().stream()
          .filter(z -> z.region().equals(region.name()) && region.zone(z.zoneId()).isPresent())
          .forEach(z -> kept.put(z.zoneName(), z.zoneId()));
    if (kept.isEmpty()) return AzMapping.forAccount(a.id(), region.name(), region.zoneIds());
    // Names once given stay; AZs new to the region get the next free letters.
    for (String zoneId : region.zoneIds()) {
      if (kept.containsValue(zoneId)) continue;
      char letter = 'a';
      while (kept.containsKey(region.name() + letter)) letter++;
      kept.put(region.name() + letter, zoneId);
    }
    return kept;
  }

  private static void applyVpc(
      Desired.Builder s, IdSource ids, Scenario.VpcSpec v, String path, List<String> created, List<String> unchanged) {
    String name = required(v.name(), path + ".name");
    String account = required(v.account(), path + ".account");
    String region = required(v.region(), path + ".region");
    required(v.cidrBlock(), path + ".cidrBlock");
    if (s.get(Table.ACCOUNTS, account).isEmpty()) throw invalid(path + ".account", "unknown account " + account);
    if (s.get(Table.REGIONS, region).isEmpty()) throw invalid(path + ".region", "unknown region " + region);
    Caller caller = new Caller(account, region);
    Vpc vpc = byName(Owned.VPC.all(s, caller), Vpc::tags, name);
    if (vpc == null) {
      vpc = at(path, () -> new VpcActions.CreateVpc(caller, v.cidrBlock(), List.of(new Tag("Name", name))).apply(s, ids));
      created.add(vpc.vpcId());
    } else {
      if (!vpc.cidr().equals(Cidrs.parse("cidrBlock", v.cidrBlock())))
        throw invalid(path + ".cidrBlock", v.cidrBlock() + " differs from the existing VPC " + vpc.vpcId() + " (" + vpc.cidr() + ")");
      unchanged.add(vpc.vpcId());
    }
    boolean support = v.enableDnsSupport() == null ? vpc.enableDnsSupport() : v.enableDnsSupport();
    boolean hostnames = v.enableDnsHostnames() == null ? vpc.enableDnsHostnames() : v.enableDnsHostnames();
    if (hostnames && !support) throw invalid(path + ".enableDnsHostnames", "needs enableDnsSupport");
    s.put(Table.VPCS, vpc.vpcId(), vpc.withDns(support, hostnames));
    String vpcId = vpc.vpcId();
    for (int i = 0; i < v.subnets().size(); i++) {
      Scenario.SubnetSpec sn = v.subnets().get(i);
      String sp = path + ".subnets[" + i + "]";
      String snName = required(sn.name(), sp + ".name");
      Subnet existing = byName(s.rows(Table.SUBNETS).values().stream().filter(x -> x.vpcId().equals(vpcId)).toList(),
          Subnet::tags, snName);
      if (existing != null) {
        if (!existing.cidr().equals(Cidrs.parse("cidrBlock", required(sn.cidrBlock(), sp + ".cidrBlock"))))
          throw invalid(sp + ".cidrBlock", sn.cidrBlock() + " differs from the existing subnet " + existing.subnetId()
              + " (" + existing.cidr() + ")");
        String zoneId = sn.availabilityZoneId() != null ? sn.availabilityZoneId()
            : s.get(Table.ACCOUNTS, account).flatMap(acc -> acc.zoneIdOf(region, sn.availabilityZone())).orElse(null);
        if (zoneId != null && !zoneId.equals(existing.zoneId()))
          throw invalid(sp + (sn.availabilityZoneId() != null ? ".availabilityZoneId" : ".availabilityZone"),
              "differs from the AZ of the existing subnet " + existing.subnetId() + " (" + existing.zoneId() + ")");
        unchanged.add(existing.subnetId());
        continue;
      }
      if (sn.availabilityZone() == null && sn.availabilityZoneId() == null)
        throw invalid(sp + ".availabilityZoneId", "is required (or availabilityZone)");
      Subnet subnet = at(sp, () -> new SubnetActions.CreateSubnet(caller, vpcId, sn.cidrBlock(), sn.availabilityZone(),
          sn.availabilityZoneId(), List.of(new Tag("Name", snName))).apply(s, ids));
      created.add(subnet.subnetId());
    }
    applyGroups(s, ids, v, vpcId, caller, path, created, unchanged);
  }

  private static void applyGroups(Desired.Builder s, IdSource ids, Scenario.VpcSpec v, String vpcId, Caller caller,
      String path, List<String> created, List<String> unchanged) {
    Map<String, String> groupIds = new java.util.HashMap<>();
    s.rows(Table.SECURITY_GROUPS).values().stream().filter(g -> g.vpcId().equals(vpcId))
        .forEach(g -> groupIds.put(g.groupName(), g.groupId()));
    for (int i = 0; i < v.securityGroups().size(); i++) {
      Scenario.SecurityGroupSpec g = v.securityGroups().get(i);
      String gp = path + ".securityGroups[" + i + "]";
      String gName = required(g.name(), gp + ".name");
      if (groupIds.containsKey(gName)) {
        unchanged.add(groupIds.get(gName));
        continue;
      }
      SecurityGroup group = at(gp, () -> new SecurityGroupActions.CreateSecurityGroup(caller, vpcId, gName,
          g.description() == null ? gName : g.description(), List.of()).apply(s, ids));
      groupIds.put(gName, group.groupId());
      created.add(group.groupId());
    }
    for (int i = 0; i < v.securityGroups().size(); i++) {
      Scenario.SecurityGroupSpec g = v.securityGroups().get(i);
      String gp = path + ".securityGroups[" + i + "]";
      String groupId = groupIds.get(g.name());
      addRules(s, ids, caller, groupId, false, g.ingress(), groupIds, gp + ".ingress");
      addRules(s, ids, caller, groupId, true, g.egress(), groupIds, gp + ".egress");
    }
  }

  private static void addRules(Desired.Builder s, IdSource ids, Caller caller, String groupId, boolean egress,
      List<Scenario.RuleYaml> rules, Map<String, String> groupIds, String path) {
    for (int i = 0; i < rules.size(); i++) {
      Scenario.RuleYaml r = rules.get(i);
      String rp = path + "[" + i + "]";
      String ref = null;
      if (r.sourceGroup() != null) {
        ref = groupIds.get(r.sourceGroup());
        if (ref == null) throw invalid(rp + ".sourceGroup", "no security group named " + r.sourceGroup() + " in this VPC");
      }
      Integer from = r.port() != null ? r.port() : r.fromPort();
      Integer to = r.port() != null ? r.port() : r.toPort();
      RuleSpec spec = new RuleSpec(r.protocol(), from, to, r.cidr(), ref, r.description());
      SecurityGroupRule rule = at(rp, () -> spec.toRule(egress));
      SecurityGroup group = s.get(Table.SECURITY_GROUPS, groupId).orElseThrow();
      if (group.rules().stream().anyMatch(rule::samePermission)) continue;
      at(rp, () -> new SecurityGroupActions.Authorize(caller, groupId, egress, List.of(spec)).apply(s, ids));
    }
  }

  private static <T> T byName(List<T> candidates, java.util.function.Function<T, List<Tag>> tags, String name) {
    return candidates.stream().filter(x -> Tag.nameOf(tags.apply(x)).map(name::equals).orElse(false))
        .findFirst().orElse(null);
  }

  private static <T> T at(String path, java.util.function.Supplier<T> step) {
    try {
      return step.get();
    } catch (AwsException e) {
      throw AwsError.badRequest(e.error().code(), "scenario " + path + ": " + e.error().message()).exception();
    }
  }
}
