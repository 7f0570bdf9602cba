package plemu.controlplane;

import static plemu.controlplane.Fixtures.CA;
import static plemu.controlplane.Fixtures.ok;

import java.util.List;
import java.util.Map;
import plemu.model.ConnectionNotification;
import plemu.model.EndpointService;
import plemu.model.HostedZone;
import plemu.model.Instance;
import plemu.model.Listener;
import plemu.model.LoadBalancer;
import plemu.model.SecurityGroup;
import plemu.model.Subnet;
import plemu.model.TargetGroup;
import plemu.model.Topic;
import plemu.model.Vpc;
import plemu.model.VpcEndpoint;

/** One resource of every kind, all of account A in us-east-1, made through the actions. */
final class OwnedWorld {
  final Desired state;
  final Vpc vpc;
  final Subnet subnet;
  final SecurityGroup group;
  final Instance instance;
  final LoadBalancer loadBalancer;
  final TargetGroup targetGroup;
  final Listener listener;
  final EndpointService service;
  final VpcEndpoint endpoint;
  final HostedZone zone;
  final Topic topic;
  final Topic.Subscription subscription;
  final ConnectionNotification notification;

  OwnedWorld() {
    Desired.Builder b = Fixtures.baseBuilder();
    IdSource ids = Fixtures.ids();
    vpc = Fixtures.createVpc(b, ids, CA, "10.0.0.0/16");
    subnet = Fixtures.createSubnet(b, ids, CA, vpc.vpcId(), "10.0.1.0/24", "use1-az1");
    group = Fixtures.createGroup(b, ids, CA, vpc.vpcId(), "web");
    List<Instance> launched = ok(b, ids, new InstanceActions.RunInstances(CA, "plemu-echo", null, subnet.subnetId(),
        List.of(), 1, 1, null, new InstanceActions.AppSettings(null, null), List.of()));
    instance = launched.get(0);
    loadBalancer = ok(b, ids, new LoadBalancerActions.CreateLoadBalancer(CA, "web", "network", "internal",
        List.of(new LoadBalancerActions.SubnetMapping(subnet.subnetId(), null)), List.of(), List.of()));
    targetGroup = ok(b, ids, new TargetGroupActions.CreateTargetGroup(CA, "web-tg", "TCP", 80, vpc.vpcId(), "ip", null,
        List.of()));
    listener = ok(b, ids, new ListenerActions.CreateListener(CA, loadBalancer.loadBalancerArn(), "TCP", 80,
        targetGroup.targetGroupArn()));
    service = ok(b, ids, new EndpointServiceActions.CreateVpcEndpointServiceConfiguration(CA,
        List.of(loadBalancer.loadBalancerArn()), false, null, List.of()));
    endpoint = ok(b, ids, new VpcEndpointActions.CreateVpcEndpoint(CA, "Interface", vpc.vpcId(), service.serviceName(),
        List.of(subnet.subnetId()), List.of(), false, List.of()));
    zone = ok(b, ids, new HostedZoneActions.CreateHostedZone(CA, "example.com", "ref-1", null));
    Topic created = ok(b, ids, new TopicActions.CreateTopic(CA, "events", Map.of("Policy", TopicActionsTest.POLICY)));
    subscription = ok(b, ids, new TopicActions.Subscribe(CA, created.topicArn(), "http", "http://127.0.0.1:9/hook"));
    topic = b.get(Table.TOPICS, created.topicArn()).orElseThrow();
    notification = ok(b, ids, new ConnectionNotificationActions.CreateVpcEndpointConnectionNotification(CA,
        service.serviceId(), null, topic.topicArn(), List.of("Connect")));
    state = b.build();
  }
}
