package plemu.controlplane;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import plemu.model.EndpointService;
import plemu.model.Instance;
import plemu.model.LoadBalancer;
import plemu.model.SecurityGroup;
import plemu.model.Subnet;
import plemu.model.Tag;
import plemu.model.TargetGroup;
import plemu.model.VpcEndpoint;
import plemu.scenario.Scenario;

/**
 * The load-balancing part of a scenario, applied after its VPCs: instances, target groups, NLBs and
 * listeners, endpoint services, then interface endpoints (which may name a service of another VPC).
 * Each resource is matched by name, so applying again creates nothing twice.
 */
final class ScenarioServices {
  private final Desired.Builder s;
  private final IdSource ids;
  private final List<String> created;
  private final List<String> unchanged;

  ScenarioServices(Desired.Builder s, IdSource ids, List<String> created, List<String> unchanged) {
    this.s = s;
    this.ids = ids;
    this.created = created;
    this.unchanged = unchanged;
  }

  /** Everything but endpoints, for one VPC. */
  void applyProvider(Scenario.VpcSpec v, String path) {
    String vpcId = vpcId(v);
    Caller caller = new Caller(v.account(), v.region());
    for (int i = 0; i < v.instances().size(); i++) instances(caller, vpcId, v.instances().get(i), path + ".instances[" + i + "]");
    for (int i = 0; i < v.targetGroups().size(); i++)
      targetGroup(caller, vpcId, v.targetGroups().get(i), path + ".targetGroups[" + i + "]");
    for (int i = 0; i < v.loadBalancers().size(); i++)
      loadBalancer(caller, vpcId, v.loadBalancers().get(i), path + ".loadBalancers[" + i + "]");
    for (int i = 0; i < v.endpointServices().size(); i++)
      endpointService(caller, vpcId, v.endpointServices().get(i), path + ".endpointServices[" + i + "]");
  }

  void applyConsumer(Scenario.VpcSpec v, String path) {
    String vpcId = vpcId(v);
    Caller caller = new Caller(v.account(), v.region());
    for (int i = 0; i < v.endpoints().size(); i++) endpoint(caller, vpcId, v.endpoints().get(i), path + ".endpoints[" + i + "]");
  }

  private String vpcId(Scenario.VpcSpec v) {
    return Owned.VPC.all(s, new Caller(v.account(), v.region())).stream()
        .filter(x -> Tag.nameOf(x.tags()).map(v.name()::equals).orElse(false))
        .findFirst().orElseThrow().vpcId();
  }

  private void instances(Caller caller, String vpcId, Scenario.InstanceSpec spec, String path) {
    String name = required(spec.name(), path + ".name");
    int count = spec.count() == null ? 1 : spec.count();
    if (count < 1 || count > 20) throw invalid(path + ".count", "must be 1-20");
    Subnet subnet = subnet(vpcId, required(spec.subnet(), path + ".subnet"), path + ".subnet");
    List<String> groups = groups(vpcId, spec.securityGroups(), path + ".securityGroups");
    for (int n = 1; n <= count; n++) {
      String instanceName = count == 1 ? name : name + "-" + n;
      Optional<Instance> existing = s.rows(Table.INSTANCES).values().stream()
          .filter(i -> i.vpcId().equals(vpcId) && i.running() && Tag.nameOf(i.tags()).map(instanceName::equals).orElse(false))
          .findFirst();
      if (existing.isPresent()) {
        unchanged.add(existing.get().instanceId());
        continue;
      }
      List<Instance> launched = at(path, () -> new InstanceActions.RunInstances(caller, spec.image(), null, subnet.subnetId(),
          groups, 1, 1, null, new InstanceActions.AppSettings(spec.port(), spec.target()),
          List.of(new Tag("Name", instanceName))).apply(s, ids));
      launched.forEach(i -> created.add(i.instanceId()));
    }
  }

  private void targetGroup(Caller caller, String vpcId, Scenario.TargetGroupSpec spec, String path) {
    String name = required(spec.name(), path + ".name");
    if (spec.port() == null) throw invalid(path + ".port", "is required");
    Scenario.HealthCheckYaml h = spec.healthCheck();
    TargetGroupActions.HealthCheckSpec hc = h == null ? null : new TargetGroupActions.HealthCheckSpec(null, h.protocol(),
        h.port(), h.path(), h.interval(), h.timeout(), h.healthyThreshold(), h.unhealthyThreshold(), h.matcher());
    int before = s.rows(Table.TARGET_GROUPS).size();
    TargetGroup tg = at(path, () -> new TargetGroupActions.CreateTargetGroup(caller, name, "TCP", spec.port(), vpcId,
        spec.targetType() == null ? "instance" : spec.targetType(), hc, List.of()).apply(s, ids));
    (s.rows(Table.TARGET_GROUPS).size() > before ? created : unchanged).add(tg.targetGroupArn());
    Map<String, String> attributes = new HashMap<>();
    if (spec.proxyProtocolV2() != null) attributes.put("proxy_protocol_v2.enabled", spec.proxyProtocolV2().toString());
    if (spec.deregistrationDelay() != null)
      attributes.put("deregistration_delay.timeout_seconds", spec.deregistrationDelay().toString());
    if (!attributes.isEmpty())
      at(path, () -> new TargetGroupActions.ModifyTargetGroupAttributes(caller, tg.targetGroupArn(), attributes).apply(s, ids));
    List<TargetGroupActions.TargetSpec> targets = new ArrayList<>();
    for (int i = 0; i < spec.targets().size(); i++) {
      Scenario.TargetYaml t = spec.targets().get(i);
      String tp = path + ".targets[" + i + "]";
      if (t.instance() != null) {
        List<Instance> named = s.rows(Table.INSTANCES).values().stream()
            .filter(x -> x.vpcId().equals(vpcId) && x.running() && Tag.nameOf(x.tags())
                .map(n -> n.equals(t.instance()) || n.startsWith(t.instance() + "-")).orElse(false))
            .toList();
        if (named.isEmpty()) throw invalid(tp + ".instance", "no running instance named " + t.instance() + " in this VPC");
        named.forEach(x -> targets.add(new TargetGroupActions.TargetSpec(x.instanceId(), t.port(), null)));
      } else targets.add(new TargetGroupActions.TargetSpec(required(t.ip(), tp + ".ip"), t.port(), t.availabilityZone()));
    }
    if (!targets.isEmpty())
      at(path + ".targets", () -> new TargetGroupActions.RegisterTargets(caller, tg.targetGroupArn(), targets).apply(s, ids));
  }

  private void loadBalancer(Caller caller, String vpcId, Scenario.LoadBalancerSpec spec, String path) {
    String name = required(spec.name(), path + ".name");
    List<LoadBalancerActions.SubnetMapping> mappings = new ArrayList<>();
    for (int i = 0; i < spec.subnets().size(); i++)
      mappings.add(new LoadBalancerActions.SubnetMapping(subnet(vpcId, spec.subnets().get(i), path + ".subnets[" + i + "]")
          .subnetId(), null));
    int before = s.rows(Table.LOAD_BALANCERS).size();
    LoadBalancer lb = at(path, () -> new LoadBalancerActions.CreateLoadBalancer(caller, name, "network", "internal",
        mappings, List.of(), List.of()).apply(s, ids));
    (s.rows(Table.LOAD_BALANCERS).size() > before ? created : unchanged).add(lb.loadBalancerArn());
    if (spec.crossZone() != null)
      at(path + ".crossZone", () -> new LoadBalancerActions.ModifyLoadBalancerAttributes(caller, lb.loadBalancerArn(),
          Map.of("load_balancing.cross_zone.enabled", spec.crossZone().toString())).apply(s, ids));
    for (int i = 0; i < spec.listeners().size(); i++) {
      Scenario.ListenerYaml l = spec.listeners().get(i);
      String lp = path + ".listeners[" + i + "]";
      boolean exists = s.rows(Table.LISTENERS).values().stream()
          .anyMatch(x -> x.loadBalancerArn().equals(lb.loadBalancerArn()) && l.port() != null && x.port() == l.port());
      if (exists) continue;
      String tgName = required(l.targetGroup(), lp + ".targetGroup");
      TargetGroup tg = s.rows(Table.TARGET_GROUPS).values().stream()
          .filter(x -> x.vpcId().equals(vpcId) && x.name().equals(tgName)).findFirst()
          .orElseThrow(() -> invalid(lp + ".targetGroup", "no target group named " + tgName + " in this VPC"));
      var listener = at(lp, () -> new ListenerActions.CreateListener(caller, lb.loadBalancerArn(), "TCP", l.port(),
          tg.targetGroupArn()).apply(s, ids));
      created.add(listener.listenerArn());
    }
  }

  private void endpointService(Caller caller, String vpcId, Scenario.EndpointServiceSpec spec, String path) {
    String name = required(spec.name(), path + ".name");
    Optional<EndpointService> existing = serviceNamed(name);
    if (existing.isPresent()) {
      unchanged.add(existing.get().serviceId());
      allow(caller, existing.get(), spec, path);
      return;
    }
    List<String> arns = new ArrayList<>();
    for (int i = 0; i < spec.loadBalancers().size(); i++) {
      String lbName = spec.loadBalancers().get(i);
      arns.add(s.rows(Table.LOAD_BALANCERS).values().stream()
          .filter(lb -> lb.vpcId().equals(vpcId) && lb.name().equals(lbName)).findFirst()
          .orElseThrow(() -> invalid(path + ".loadBalancers", "no load balancer named " + lbName + " in this VPC"))
          .loadBalancerArn());
    }
    EndpointService svc = at(path, () -> new EndpointServiceActions.CreateVpcEndpointServiceConfiguration(caller, arns,
        spec.acceptanceRequired(), null, List.of(new Tag("Name", name))).apply(s, ids));
    created.add(svc.serviceId());
    allow(caller, svc, spec, path);
  }

  /** Grants the spec's principals that the service does not allow yet (a scenario never revokes). */
  private void allow(Caller caller, EndpointService svc, Scenario.EndpointServiceSpec spec, String path) {
    List<String> add = new ArrayList<>();
    for (String p : spec.allowedPrincipals()) {
      String arn = plemu.model.ResourceIds.isAccountId(p) ? "arn:aws:iam::" + p + ":root" : p;
      boolean granted = s.get(Table.ENDPOINT_SERVICES, svc.serviceId()).orElse(svc).allowedPrincipals().stream()
          .anyMatch(g -> g.principal().equals(arn));
      if (!granted && !add.contains(arn)) add.add(arn);
    }
    if (add.isEmpty()) return;
    at(path + ".allowedPrincipals", () -> new ServicePermissionActions.ModifyVpcEndpointServicePermissions(caller,
        svc.serviceId(), add, List.of()).apply(s, ids));
  }

  private Optional<EndpointService> serviceNamed(String name) {
    return s.rows(Table.ENDPOINT_SERVICES).values().stream()
        .filter(x -> Tag.nameOf(x.tags()).map(name::equals).orElse(false)).findFirst();
  }

  private void endpoint(Caller caller, String vpcId, Scenario.EndpointSpec spec, String path) {
    String name = required(spec.name(), path + ".name");
    Optional<VpcEndpoint> existing = s.rows(Table.VPC_ENDPOINTS).values().stream()
        .filter(e -> e.vpcId().equals(vpcId) && Tag.nameOf(e.tags()).map(name::equals).orElse(false)).findFirst();
    if (existing.isPresent()) {
      unchanged.add(existing.get().vpcEndpointId());
      return;
    }
    String serviceName = required(spec.service(), path + ".service");
    EndpointService svc = serviceNamed(serviceName)
        .orElseThrow(() -> invalid(path + ".service", "no endpoint service named " + serviceName + " in the scenario"));
    List<String> subnets = new ArrayList<>();
    for (int i = 0; i < spec.subnets().size(); i++)
      subnets.add(subnet(vpcId, spec.subnets().get(i), path + ".subnets[" + i + "]").subnetId());
    List<String> groups = groups(vpcId, spec.securityGroups(), path + ".securityGroups");
    VpcEndpoint e = at(path, () -> new VpcEndpointActions.CreateVpcEndpoint(caller, "Interface", vpcId, svc.serviceName(),
        subnets, groups, null, List.of(new Tag("Name", name)), true).apply(s, ids));
    created.add(e.vpcEndpointId());
  }

  private Subnet subnet(String vpcId, String name, String path) {
    return s.rows(Table.SUBNETS).values().stream()
        .filter(x -> x.vpcId().equals(vpcId) && Tag.nameOf(x.tags()).map(name::equals).orElse(false)).findFirst()
        .orElseThrow(() -> invalid(path, "no subnet named " + name + " in this VPC"));
  }

  private List<String> groups(String vpcId, List<String> names, String path) {
    List<String> out = new ArrayList<>();
    for (String n : names)
      out.add(s.rows(Table.SECURITY_GROUPS).values().stream()
          .filter(g -> g.vpcId().equals(vpcId) && g.groupName().equals(n)).findFirst()
          .map(SecurityGroup::groupId)
          .orElseThrow(() -> invalid(path, "no security group named " + n + " in this VPC")));
    return out;
  }

  private static String required(String value, String path) {
    if (value == null || value.isBlank()) throw invalid(path, "is required");
    return value;
  }

  private static AwsException invalid(String path, String message) {
    return AwsError.badRequest("InvalidParameterValue", "scenario " + path + ": " + message).exception();
  }

  private static <T> T at(String path, Supplier<T> step) {
    try {
      return step.get();
    } catch (AwsException e) {
      throw AwsError.badRequest(e.error().code(), "scenario " + path + ": " + e.error().message()).exception();
    }
  }
}
