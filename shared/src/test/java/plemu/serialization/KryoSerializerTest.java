package plemu.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import plemu.controlplane.ApplyScenario;
import plemu.controlplane.ConnectionNotificationActions;
import plemu.controlplane.EndpointConnectionActions;
import plemu.controlplane.EndpointServiceActions;
import plemu.controlplane.HostedZoneActions;
import plemu.controlplane.ServicePermissionActions;
import plemu.controlplane.TopicActions;
import plemu.controlplane.InstanceActions;
import plemu.controlplane.Unsuccessful;
import plemu.controlplane.VpcEndpointActions;
import plemu.controlplane.ListenerActions;
import plemu.controlplane.LoadBalancerActions;
import plemu.controlplane.TargetGroupActions;
import plemu.controlplane.AwsError;
import plemu.controlplane.Caller;
import plemu.controlplane.RuleSpec;
import plemu.controlplane.SecurityGroupActions;
import plemu.controlplane.SubnetActions;
import plemu.controlplane.VpcActions;
import plemu.controlplane.WriterProtocol;
import plemu.lifecycle.Delivery;
import plemu.lifecycle.LifecycleEvents;
import plemu.lifecycle.LoggedEvent;
import plemu.model.Account;
import plemu.model.ApiToken;
import plemu.model.Cidr;
import plemu.model.EndpointService;
import plemu.model.HealthCheck;
import plemu.model.Instance;
import plemu.model.Listener;
import plemu.model.LoadBalancer;
import plemu.model.NetworkInterface;
import plemu.model.RegionInfo;
import plemu.model.SecurityGroup;
import plemu.model.SecurityGroupRule;
import plemu.model.Subnet;
import plemu.model.Tag;
import plemu.model.Target;
import plemu.model.ConnectionNotification;
import plemu.model.HostedZone;
import plemu.model.Topic;
import plemu.model.TargetGroup;
import plemu.model.TargetHealthReport;
import plemu.model.Vpc;
import plemu.model.VpcEndpoint;
import plemu.scenario.Scenario;

/** Every registered class round-trips through the Pekko serialization extension to an equal object. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KryoSerializerTest {
  final ActorTestKit testKit = ActorTestKit.create("kryo", ConfigFactory.parseString("""
      pekko.actor.allow-java-serialization = off
      pekko.actor.serializers { kryo = "plemu.serialization.KryoSerializer" }
      pekko.actor.serialization-bindings { "plemu.model.KryoSerializable" = kryo }
      """));
  final Serialization serialization = SerializationExtension.get(Adapter.toClassic(testKit.system()));

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  static final Caller CALLER = new Caller("111111111111", "us-east-1");
  static final Cidr CIDR = Cidr.parse("10.0.0.0/16");
  static final SecurityGroupRule RULE_CIDR =
      new SecurityGroupRule("sgr-0123456789abcdef0", false, "tcp", 80, 80, Cidr.parse("0.0.0.0/0"), null, "web");
  static final SecurityGroupRule RULE_GROUP =
      new SecurityGroupRule("sgr-0123456789abcdef1", true, "-1", -1, -1, null, "sg-0123456789abcdef0", null);
  static final Scenario.RuleYaml RULE_YAML = new Scenario.RuleYaml("tcp", 80, null, null, "10.0.0.0/8", null, null);

  /** One sample per registered class; adding a class to the registry without a sample fails the test. */
  static List<Object> samples() {
    List<Object> s = new ArrayList<>();
    s.add(new ArrayList<>(List.of("a", "b")));
    s.add(new HashMap<>(Map.of("k", "v")));
    s.add(new LinkedHashMap<>(Map.of("k", 1)));
    s.add(new TreeMap<>(Map.of("b", "2", "a", "1")));
    s.add(new HashSet<>(Set.of("x")));
    s.add(new Tag("Name", "web"));
    s.add(CIDR);
    s.add(new Account("111111111111", "provider", List.of(new Account.ZoneName("us-east-1", "us-east-1a", "use1-az2"))));
    s.add(new Account.ZoneName("us-east-1", "us-east-1b", "use1-az1"));
    s.add(new ApiToken("dev-provider", "111111111111"));
    s.add(new RegionInfo("us-east-1", "us-east-1", List.of(new RegionInfo.Zone("use1-az1", "use1-az1", CIDR)),
        Cidr.parse("127.4.0.0/16")));
    s.add(new RegionInfo.Zone("use1-az2", "node-2", Cidr.parse("127.2.0.0/16")));
    s.add(new Vpc("vpc-0123456789abcdef0", "111111111111", "us-east-1", CIDR, "vpc-cidr-assoc-0123456789abcdef0",
        true, false, "127.4.0.9", List.of(new Tag("Name", "v"))));
    s.add(new Subnet("subnet-0123456789abcdef0", "111111111111", "us-east-1", "vpc-0123456789abcdef0",
        Cidr.parse("10.0.1.0/24"), "use1-az1", List.of()));
    s.add(RULE_CIDR);
    s.add(new SecurityGroup("sg-0123456789abcdef0", "111111111111", "us-east-1", "vpc-0123456789abcdef0", "web", "d",
        List.of(RULE_CIDR, RULE_GROUP), List.of()));
    s.add(new AwsError("InvalidVpcID.NotFound", "The vpc ID 'vpc-1' does not exist", 400));
    s.add(CALLER);
    s.add(new RuleSpec("tcp", 80, 80, "10.0.0.0/8", null, null));
    s.add(new WriterProtocol.Apply(new VpcActions.DeleteVpc(CALLER, "vpc-1"), null)); // replaced below with a real ref
    s.add(new WriterProtocol.Accepted(new Vpc("vpc-0123456789abcdef0", "111111111111", "us-east-1", CIDR, "a", true,
        true, "127.4.0.10", List.of()), 42L));
    s.add(new WriterProtocol.Refused(new AwsError("DependencyViolation", "in use", 400)));
    s.add(new VpcActions.CreateVpc(CALLER, "10.0.0.0/16", List.of(new Tag("a", "b"))));
    s.add(new VpcActions.DeleteVpc(CALLER, "vpc-0123456789abcdef0"));
    s.add(new VpcActions.ModifyVpcAttribute(CALLER, "vpc-0123456789abcdef0", true, null));
    s.add(new SubnetActions.CreateSubnet(CALLER, "vpc-1", "10.0.1.0/24", null, "use1-az1", List.of()));
    s.add(new SubnetActions.DeleteSubnet(CALLER, "subnet-1"));
    s.add(new SecurityGroupActions.CreateSecurityGroup(CALLER, "vpc-1", "web", "d", List.of()));
    s.add(new SecurityGroupActions.DeleteSecurityGroup(CALLER, null, "web"));
    s.add(new SecurityGroupActions.Authorize(CALLER, "sg-1", false, List.of(new RuleSpec("-1", null, null, null, "sg-2", null))));
    s.add(new SecurityGroupActions.Revoke(CALLER, "sg-1", true, List.of(), List.of("sgr-1")));
    Scenario scenario = new Scenario("s", "op",
        List.of(new Scenario.AccountSpec("111111111111", "p", "t", Map.of("us-east-1a", "use1-az1"))),
        List.of(new Scenario.RegionSpec("us-east-1", null, List.of(new Scenario.ZoneSpec("use1-az1", null, "198.18.1.0/24")))),
        List.of(new Scenario.VpcSpec("v", "111111111111", "us-east-1", "10.0.0.0/16", null, true,
            List.of(new Scenario.SubnetSpec("s", "10.0.1.0/24", "use1-az1", null)),
            List.of(new Scenario.SecurityGroupSpec("g", null, List.of(RULE_YAML), List.of())))));
    s.add(new ApplyScenario(scenario));
    s.add(new ApplyScenario.Applied("s", List.of("vpc-1"), List.of()));
    s.add(scenario);
    s.add(scenario.accounts().get(0));
    s.add(scenario.regions().get(0));
    s.add(scenario.regions().get(0).availabilityZones().get(0));
    s.add(scenario.vpcs().get(0));
    s.add(scenario.vpcs().get(0).subnets().get(0));
    s.add(scenario.vpcs().get(0).securityGroups().get(0));
    s.add(RULE_YAML);
    // load balancing
    s.add(new NetworkInterface("eni-0123456789abcdef0", "111111111111", "us-east-1", "vpc-1", "subnet-1", "use1-az1",
        plemu.model.Ipv4.parse("10.0.1.4"), "127.1.0.1", "network_load_balancer", "ELB net/a/b", true, List.of("sg-1"), "arn"));
    LoadBalancer.Node node = new LoadBalancer.Node("use1-az1", "subnet-1", "eni-0123456789abcdef0");
    s.add(node);
    s.add(new LoadBalancer("arn:lb", "nlb", "111111111111", "us-east-1", "vpc-1", "internal", List.of(node), List.of(),
        LoadBalancer.DEFAULT_ATTRIBUTES, 1_700_000_000_000L, List.of(new Tag("k", "v"))));
    s.add(HealthCheck.tcpDefaults());
    Target target = new Target("10.0.1.10", 80, null, "use1-az1");
    s.add(target);
    s.add(new TargetGroup("arn:tg", "tg", "111111111111", "us-east-1", "vpc-1", "TCP", 80, "ip", HealthCheck.tcpDefaults(),
        TargetGroup.DEFAULT_ATTRIBUTES, List.of(target, new Target("127.0.0.1", 9000, "all", null)), List.of()));
    s.add(new Listener("arn:l", "arn:lb", "111111111111", "us-east-1", "TCP", 80, "arn:tg", Listener.DEFAULT_ATTRIBUTES));
    var mapping = new LoadBalancerActions.SubnetMapping("subnet-1", "10.0.1.9");
    s.add(mapping);
    s.add(new LoadBalancerActions.CreateLoadBalancer(CALLER, "nlb", "network", "internal", List.of(mapping), List.of(), List.of()));
    s.add(new LoadBalancerActions.DeleteLoadBalancer(CALLER, "arn:lb"));
    s.add(new LoadBalancerActions.ModifyLoadBalancerAttributes(CALLER, "arn:lb", Map.of("load_balancing.cross_zone.enabled", "true")));
    var hc = new TargetGroupActions.HealthCheckSpec(true, "HTTP", "8080", "/health", 10, 5, 3, 3, "200");
    s.add(hc);
    s.add(new TargetGroupActions.CreateTargetGroup(CALLER, "tg", "TCP", 80, "vpc-1", "ip", hc, List.of()));
    s.add(new TargetGroupActions.DeleteTargetGroup(CALLER, "arn:tg"));
    s.add(new TargetGroupActions.ModifyTargetGroupAttributes(CALLER, "arn:tg", Map.of("proxy_protocol_v2.enabled", "true")));
    s.add(new TargetGroupActions.ModifyTargetGroup(CALLER, "arn:tg", new TargetGroupActions.HealthCheckSpec(null, "HTTP",
        null, "/health", 5, 2, 2, 2, null)));
    var spec = new TargetGroupActions.TargetSpec("10.0.1.10", null, null);
    s.add(spec);
    s.add(new TargetGroupActions.RegisterTargets(CALLER, "arn:tg", List.of(spec)));
    s.add(new TargetGroupActions.DeregisterTargets(CALLER, "arn:tg", List.of(spec)));
    s.add(new ListenerActions.CreateListener(CALLER, "arn:lb", "TCP", 80, "arn:tg"));
    s.add(new ListenerActions.DeleteListener(CALLER, "arn:l"));
    s.add(new ListenerActions.ModifyListenerAttributes(CALLER, "arn:l", Map.of("tcp.idle_timeout.seconds", "60")));
    // endpoints
    s.add(new EndpointService("vpce-svc-0123456789abcdef0", "111111111111", "us-east-1", List.of("arn:lb"), false,
        List.of("use1-az1"), null, null, List.of(), 1L, List.of()));
    var attachment = new VpcEndpoint.Attachment("use1-az1", "subnet-1", "eni-1", "arn:lb");
    s.add(attachment);
    s.add(new VpcEndpoint("vpce-0123456789abcdef0", "222222222222", "us-east-1", "vpc-2", "vpce-svc-0123456789abcdef0",
        "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0", "available", List.of("sg-1"), List.of(attachment),
        true, "api.example.com", "abcd1234", 2L, List.of()));
    s.add(new Unsuccessful("vpce-1", new AwsError("InvalidVpcEndpoint.NotFound", "gone", 400)));
    s.add(new EndpointServiceActions.CreateVpcEndpointServiceConfiguration(CALLER, List.of("arn:lb"), false, null,
        List.of()));
    s.add(new EndpointServiceActions.DeleteVpcEndpointServiceConfigurations(CALLER, List.of("vpce-svc-1")));
    s.add(new VpcEndpointActions.CreateVpcEndpoint(CALLER, "Interface", "vpc-2", "com.amazonaws.vpce.x", List.of("subnet-1"),
        List.of(), null, List.of()));
    s.add(new VpcEndpointActions.DeleteVpcEndpoints(CALLER, List.of("vpce-1")));
    // instances
    s.add(new Instance("i-0123456789abcdef0", "111111111111", "us-east-1", "vpc-1", "subnet-1", "use1-az1", "plemu-external",
        "t3.micro", "eni-1", 9000, "127.0.0.1:9000", "running", 3L, List.of()));
    var app = new InstanceActions.AppSettings(8080, null);
    s.add(app);
    s.add(new InstanceActions.RunInstances(CALLER, "plemu-whoami", null, "subnet-1", List.of(), 1, 2, null, app, List.of()));
    s.add(new InstanceActions.TerminateInstances(CALLER, List.of("i-0123456789abcdef0")));
    s.add(new TargetHealthReport("arn:lb", "arn:tg", "10.0.1.10", 80, "use1-az1", "unhealthy", "Target.Timeout",
        "Request timed out", 4L));
    s.add(new Target("10.0.1.11", 80, null, "use1-az1", 5L));
    // scenario files: load balancing, instances, endpoints
    s.add(new Scenario.InstanceSpec("web", "plemu-whoami", "a", 8080, null, 2, List.of("sg")));
    var targetYaml = new Scenario.TargetYaml("web", null, null, null);
    s.add(targetYaml);
    var hcYaml = new Scenario.HealthCheckYaml("HTTP", null, "/", 10, 5, 2, 2, "200");
    s.add(hcYaml);
    s.add(new Scenario.TargetGroupSpec("tg", 8080, "instance", List.of(targetYaml), true, 30, hcYaml));
    var listenerYaml = new Scenario.ListenerYaml(8080, "tg");
    s.add(listenerYaml);
    s.add(new Scenario.LoadBalancerSpec("nlb", List.of("a"), true, List.of(listenerYaml)));
    s.add(new Scenario.EndpointServiceSpec("svc", List.of("nlb"), false));
    s.add(new Scenario.EndpointSpec("to-svc", "svc", List.of("a"), List.of("sg")));
    // DNS
    var txt = new HostedZone.RecordSet("_abc.example.com.", "TXT", 300, List.of("\"vpce:xyz\""));
    s.add(txt);
    s.add(new HostedZone("Z0123456789ABCDEFGHIJ", "111111111111", "example.com.", "ref-1", null, List.of(txt), 3L));
    s.add(new EndpointService.PrivateDnsNameConfiguration("pendingVerification", "TXT", "_abc", "vpce:xyz"));
    s.add(new HostedZoneActions.CreateHostedZone(CALLER, "example.com", "ref-1", "a comment"));
    s.add(new HostedZoneActions.DeleteHostedZone(CALLER, "Z0123456789ABCDEFGHIJ"));
    var change = new HostedZoneActions.Change("CREATE", txt);
    s.add(change);
    s.add(new HostedZoneActions.ChangeResourceRecordSets(CALLER, "Z0123456789ABCDEFGHIJ", List.of(change)));
    s.add(new EndpointServiceActions.ModifyVpcEndpointServiceConfiguration(CALLER, "vpce-svc-0123456789abcdef0",
        "api.example.com", null, true));
    s.add(new EndpointServiceActions.StartVpcEndpointServicePrivateDnsVerification(CALLER, "vpce-svc-0123456789abcdef0"));
    // lifecycle
    var grant = new EndpointService.AllowedPrincipal("arn:aws:iam::222222222222:root", "Account", "vpce-svc-perm-1");
    s.add(grant);
    s.add(new ServicePermissionActions.ModifyVpcEndpointServicePermissions(CALLER, "vpce-svc-0123456789abcdef0",
        List.of("*"), List.of()));
    s.add(new ServicePermissionActions.Result(null, List.of(grant)));
    s.add(new EndpointConnectionActions.AcceptVpcEndpointConnections(CALLER, "vpce-svc-1", List.of("vpce-1")));
    s.add(new EndpointConnectionActions.RejectVpcEndpointConnections(CALLER, "vpce-svc-1", List.of("vpce-1")));
    s.add(new EndpointConnectionActions.ProvisionVpcEndpoints(List.of("vpce-1")));
    s.add(new EndpointConnectionActions.ExpireVpcEndpoints(List.of("vpce-1")));
    s.add(new EndpointConnectionActions.FinishDeletingVpcEndpoints(List.of("vpce-1")));
    var subscription = new Topic.Subscription("arn:aws:sns:us-east-1:111111111111:t:1", "http", "http://127.0.0.1:9/");
    s.add(subscription);
    s.add(new Topic("arn:aws:sns:us-east-1:111111111111:t", "111111111111", "us-east-1", "t", "{}", List.of(subscription), 4L));
    s.add(new ConnectionNotification("vpce-nfn-0123456789abcdef0", "111111111111", "us-east-1", "vpce-svc-1", null,
        "arn:aws:sns:us-east-1:111111111111:t", List.of("Connect")));
    s.add(new TopicActions.CreateTopic(CALLER, "t", java.util.Map.of("Policy", "{}")));
    s.add(new TopicActions.DeleteTopic(CALLER, "arn:t"));
    s.add(new TopicActions.SetTopicAttributes(CALLER, "arn:t", "Policy", "{}"));
    s.add(new TopicActions.Subscribe(CALLER, "arn:t", "http", "http://127.0.0.1:9/"));
    s.add(new TopicActions.Unsubscribe(CALLER, "arn:t:1"));
    s.add(new ConnectionNotificationActions.CreateVpcEndpointConnectionNotification(CALLER, "vpce-svc-1", null, "arn:t",
        List.of("Connect")));
    s.add(new ConnectionNotificationActions.ModifyVpcEndpointConnectionNotification(CALLER, "vpce-nfn-1", null,
        List.of("Accept")));
    s.add(new ConnectionNotificationActions.DeleteVpcEndpointConnectionNotifications(CALLER, List.of("vpce-nfn-1")));
    var event = new LifecycleEvents.Event("VpcEndpointConnection", Set.of("111111111111", "222222222222"),
        java.util.Map.of("ConnectionEvent", "Connect"));
    s.add(event);
    s.add(new LoggedEvent("0001764000000000-000001", 1764000000000L, event));
    s.add(new Delivery("0001764000000000-000001-0", "arn:t", "111111111111", "arn:t:1", "http://127.0.0.1:9/", "m-1",
        "{}", 1764000000000L, 2, 1764000004000L));
    var createTopic = new TopicActions.CreateTopic(CALLER, "t", java.util.Map.of());
    s.add(new plemu.controlplane.Idempotent(CALLER, "CreateTopic", "token-1", createTopic));
    s.add(new plemu.model.ClientTokenUse("111111111111|us-east-1|CreateTopic|token-1", createTopic.toString(),
        new Topic("arn:aws:sns:us-east-1:111111111111:t", "111111111111", "us-east-1", "t", null, List.of(), 4L), 5L));
    s.add(new plemu.model.DataPlaneStatus("eni-0123456789abcdef0", "nlb-node", "eni-0123456789abcdef0", "use1-az1",
        "restarting", "crashed on request", 2, 1764000000000L));
    // the change log
    var row = new plemu.changelog.RowChange("vpcs", "vpc-1", new Tag("k", "v"));
    s.add(row);
    var part = new plemu.changelog.LogPart(7L, 3L, 0, 1, 11L, List.of(row, new plemu.changelog.RowChange("vpcs", "vpc-2", null)),
        List.of(new LoggedEvent("0001764000000000-000002", 1764000000000L, event)));
    s.add(part);
    var epoch = new plemu.changelog.EpochStart(7L, 2L);
    s.add(epoch);
    s.add(new plemu.changelog.LogHead(2L, 9L, List.of(epoch)));
    s.add(new plemu.changelog.FollowerProtocol.Committed(part, epoch));
    s.add(new plemu.changelog.FollowerProtocol.AwaitApplied(3L, null));
    s.add(new plemu.changelog.FollowerProtocol.GetApplied(null));
    s.add(new plemu.changelog.FollowerProtocol.Applied("use1-az1", 3L));
    // links
    s.add(plemu.links.Direction.DOWNSTREAM);
    s.add(plemu.links.Place.Kind.ON_PREMISES);
    s.add(plemu.links.Place.az("use1-az1"));
    s.add(plemu.links.LinkKind.CROSS_ZONE);
    var link = new plemu.links.LinkId(plemu.links.Place.az("use1-az1"), plemu.links.Place.az("use1-az2"),
        plemu.links.LinkKind.CROSS_ZONE);
    s.add(link);
    var latency = plemu.links.ImpairmentSpec.of("latency", "delayMs", "0.5", "jitterMs", "0.05");
    s.add(latency);
    var chain = plemu.links.ImpairmentChain.of(latency, plemu.links.ImpairmentSpec.of("blackhole"));
    s.add(chain);
    var setting = plemu.links.LinkImpairments.Setting.onLink(link, plemu.links.Direction.UPSTREAM, chain);
    s.add(setting);
    s.add(plemu.links.LinkImpairments.NONE.with(setting)
        .with(plemu.links.LinkImpairments.Setting.onKind(plemu.links.LinkKind.HOST, plemu.links.Direction.DOWNSTREAM, chain)));
    s.add(new plemu.controlplane.LinkActions.SetLinkImpairments(plemu.links.LinkKind.CROSS_ZONE, null,
        List.of(plemu.links.Direction.UPSTREAM), plemu.links.ImpairmentChain.of(plemu.links.ImpairmentSpec.of("latency", "delayMs", "5"))));
    s.add(new plemu.controlplane.LinkActions.ClearLinkImpairments(null, null, List.of()));
    return s;
  }

  @Test
  void everyRegisteredClassHasASample() {
    Set<Class<?>> sampled = new HashSet<>();
    samples().forEach(o -> sampled.add(o.getClass()));
    for (Class<?> c : KryoRegistry.CLASSES) assertTrue(sampled.contains(c), "no round-trip sample for " + c.getName());
  }

  @Test
  void everySampleRoundTripsToAnEqualObject() {
    TestProbe<WriterProtocol.Reply> probe = testKit.createTestProbe();
    for (Object sample : samples()) {
      Object value = sample instanceof WriterProtocol.Apply a ? new WriterProtocol.Apply(a.mutation(), probe.ref()) : sample;
      assertEquals(value, roundTrip(value), "round trip of " + value.getClass().getName());
    }
  }

  @Test
  void aRoundTrippedActorRefStillDelivers() {
    TestProbe<WriterProtocol.Reply> probe = testKit.createTestProbe();
    var apply = (WriterProtocol.Apply) roundTrip(new WriterProtocol.Apply(new VpcActions.DeleteVpc(CALLER, "vpc-1"), probe.ref()));
    apply.replyTo().tell(new WriterProtocol.Refused(new AwsError("X", "y", 400)));
    probe.expectMessage(new WriterProtocol.Refused(new AwsError("X", "y", 400)));
  }

  @Test
  void anUnregisteredClassIsRefused() {
    record NotRegistered(String x) implements plemu.model.KryoSerializable {}
    assertThrows(IllegalArgumentException.class, () -> serialization.serialize(new NotRegistered("x")).get());
  }

  /** Through the serialization extension (as Artery does) for marked classes, else through Kryo directly. */
  private Object roundTrip(Object o) {
    if (!(o instanceof plemu.model.KryoSerializable)) {
      KryoSerializer kryo = (KryoSerializer) serialization.serializerByIdentity().apply(KryoSerializer.IDENTIFIER);
      return kryo.fromBinary(kryo.toBinary(o));
    }
    assertEquals(KryoSerializer.IDENTIFIER, serialization.findSerializerFor(o).identifier());
    byte[] bytes = serialization.serialize(o).get();
    return serialization.deserialize(bytes, o.getClass()).get();
  }
}
