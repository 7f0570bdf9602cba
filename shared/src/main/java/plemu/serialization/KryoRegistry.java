package plemu.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.serializers.ImmutableCollectionsSerializers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRefResolver;
import plemu.changelog.EpochStart;
import plemu.changelog.FollowerProtocol;
import plemu.changelog.LogHead;
import plemu.changelog.LogPart;
import plemu.changelog.RowChange;
import plemu.controlplane.ApplyScenario;
import plemu.controlplane.AwsError;
import plemu.controlplane.Caller;
import plemu.controlplane.ConnectionNotificationActions;
import plemu.controlplane.EndpointConnectionActions;
import plemu.controlplane.EndpointServiceActions;
import plemu.controlplane.HostedZoneActions;
import plemu.controlplane.Idempotent;
import plemu.controlplane.InstanceActions;
import plemu.controlplane.ListenerActions;
import plemu.controlplane.LoadBalancerActions;
import plemu.controlplane.RuleSpec;
import plemu.controlplane.SecurityGroupActions;
import plemu.controlplane.ServicePermissionActions;
import plemu.controlplane.SubnetActions;
import plemu.controlplane.TargetGroupActions;
import plemu.controlplane.TopicActions;
import plemu.controlplane.Unsuccessful;
import plemu.controlplane.VpcActions;
import plemu.controlplane.VpcEndpointActions;
import plemu.controlplane.WriterProtocol;
import plemu.lifecycle.Delivery;
import plemu.lifecycle.LifecycleEvents;
import plemu.lifecycle.LoggedEvent;
import plemu.links.Direction;
import plemu.links.ImpairmentChain;
import plemu.links.ImpairmentSpec;
import plemu.links.LinkId;
import plemu.links.LinkImpairments;
import plemu.links.LinkKind;
import plemu.links.Place;
import plemu.model.Account;
import plemu.model.ApiToken;
import plemu.model.Cidr;
import plemu.model.ClientTokenUse;
import plemu.model.ConnectionNotification;
import plemu.model.EndpointService;
import plemu.model.HealthCheck;
import plemu.model.HostedZone;
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
import plemu.model.TargetGroup;
import plemu.model.TargetHealthReport;
import plemu.model.Topic;
import plemu.model.Vpc;
import plemu.model.VpcEndpoint;
import plemu.scenario.Scenario;

/**
 * The classes Kryo may write, with their ids, in blocks of 100 ids per capability. Within a block,
 * append only: ids must be the same on every node and in stored data, so never reorder or remove a
 * line; add new classes at the end of their block (or start a new block).
 */
public final class KryoRegistry {
  private KryoRegistry() {}

  /** Ids 100-299: JDK collections, the network model, its mutations, scenarios. */
  private static final List<Class<?>> CORE = List.of(
      // JDK collections that records may hold
      ArrayList.class, HashMap.class, LinkedHashMap.class, TreeMap.class, HashSet.class,
      // model
      Tag.class, Cidr.class, Account.class, Account.ZoneName.class, ApiToken.class,
      RegionInfo.class, RegionInfo.Zone.class, Vpc.class, Subnet.class, SecurityGroupRule.class, SecurityGroup.class,
      // control plane
      AwsError.class, Caller.class, RuleSpec.class,
      WriterProtocol.Apply.class, WriterProtocol.Accepted.class, WriterProtocol.Refused.class,
      VpcActions.CreateVpc.class, VpcActions.DeleteVpc.class, VpcActions.ModifyVpcAttribute.class,
      SubnetActions.CreateSubnet.class, SubnetActions.DeleteSubnet.class,
      SecurityGroupActions.CreateSecurityGroup.class, SecurityGroupActions.DeleteSecurityGroup.class,
      SecurityGroupActions.Authorize.class, SecurityGroupActions.Revoke.class,
      ApplyScenario.class, ApplyScenario.Applied.class,
      // scenario
      Scenario.class, Scenario.AccountSpec.class, Scenario.RegionSpec.class, Scenario.ZoneSpec.class,
      Scenario.VpcSpec.class, Scenario.SubnetSpec.class, Scenario.SecurityGroupSpec.class, Scenario.RuleYaml.class);

  /** Ids 300-399: load balancing and network interfaces. */
  private static final List<Class<?>> LOAD_BALANCING = List.of(
      NetworkInterface.class, LoadBalancer.class, LoadBalancer.Node.class, HealthCheck.class, Target.class,
      TargetGroup.class, Listener.class,
      LoadBalancerActions.SubnetMapping.class, LoadBalancerActions.CreateLoadBalancer.class,
      LoadBalancerActions.DeleteLoadBalancer.class, LoadBalancerActions.ModifyLoadBalancerAttributes.class,
      TargetGroupActions.HealthCheckSpec.class, TargetGroupActions.CreateTargetGroup.class,
      TargetGroupActions.DeleteTargetGroup.class, TargetGroupActions.ModifyTargetGroupAttributes.class,
      TargetGroupActions.TargetSpec.class, TargetGroupActions.RegisterTargets.class,
      TargetGroupActions.DeregisterTargets.class,
      ListenerActions.CreateListener.class, ListenerActions.DeleteListener.class,
      ListenerActions.ModifyListenerAttributes.class, TargetGroupActions.ModifyTargetGroup.class);

  /** Ids 400-499: endpoint services and interface endpoints. */
  private static final List<Class<?>> ENDPOINTS = List.of(
      EndpointService.class, VpcEndpoint.class, VpcEndpoint.Attachment.class, Unsuccessful.class,
      EndpointServiceActions.CreateVpcEndpointServiceConfiguration.class,
      EndpointServiceActions.DeleteVpcEndpointServiceConfigurations.class,
      VpcEndpointActions.CreateVpcEndpoint.class, VpcEndpointActions.DeleteVpcEndpoints.class);

  /** Ids 500-599: instances and their apps. */
  private static final List<Class<?>> INSTANCES = List.of(
      Instance.class, InstanceActions.AppSettings.class, InstanceActions.RunInstances.class,
      InstanceActions.TerminateInstances.class);

  /** Ids 600-699: observed state that AZ nodes publish. */
  private static final List<Class<?>> OBSERVED = List.of(TargetHealthReport.class, plemu.model.DataPlaneStatus.class);

  /** Ids 700-799: scenario files' load balancing, instances and endpoints. */
  private static final List<Class<?>> SCENARIO_SERVICES = List.of(
      Scenario.InstanceSpec.class, Scenario.TargetGroupSpec.class, Scenario.TargetYaml.class,
      Scenario.HealthCheckYaml.class, Scenario.LoadBalancerSpec.class, Scenario.ListenerYaml.class,
      Scenario.EndpointServiceSpec.class, Scenario.EndpointSpec.class);

  /** Ids 800-899: DNS: public hosted zones, private DNS names of endpoint services. */
  private static final List<Class<?>> DNS = List.of(
      HostedZone.class, HostedZone.RecordSet.class, EndpointService.PrivateDnsNameConfiguration.class,
      HostedZoneActions.CreateHostedZone.class, HostedZoneActions.DeleteHostedZone.class, HostedZoneActions.Change.class,
      HostedZoneActions.ChangeResourceRecordSets.class,
      EndpointServiceActions.ModifyVpcEndpointServiceConfiguration.class,
      EndpointServiceActions.StartVpcEndpointServicePrivateDnsVerification.class);

  /** Ids 900-999: the provider/consumer lifecycle: permissions, connections, notifications. */
  private static final List<Class<?>> LIFECYCLE = List.of(
      EndpointService.AllowedPrincipal.class, ServicePermissionActions.ModifyVpcEndpointServicePermissions.class,
      ServicePermissionActions.Result.class,
      EndpointConnectionActions.AcceptVpcEndpointConnections.class,
      EndpointConnectionActions.RejectVpcEndpointConnections.class,
      EndpointConnectionActions.ProvisionVpcEndpoints.class, EndpointConnectionActions.ExpireVpcEndpoints.class,
      Topic.class, Topic.Subscription.class, ConnectionNotification.class,
      TopicActions.CreateTopic.class, TopicActions.DeleteTopic.class, TopicActions.SetTopicAttributes.class,
      TopicActions.Subscribe.class, TopicActions.Unsubscribe.class,
      ConnectionNotificationActions.CreateVpcEndpointConnectionNotification.class,
      ConnectionNotificationActions.ModifyVpcEndpointConnectionNotification.class,
      ConnectionNotificationActions.DeleteVpcEndpointConnectionNotifications.class,
      EndpointConnectionActions.FinishDeletingVpcEndpoints.class,
      LifecycleEvents.Event.class, LoggedEvent.class, Delivery.class, ClientTokenUse.class, Idempotent.class);

  /** Ids 1000-1099: the replicated change log of the desired state, and its followers' protocol. */
  private static final List<Class<?>> CHANGE_LOG = List.of(
      RowChange.class, LogPart.class, EpochStart.class, LogHead.class,
      FollowerProtocol.Committed.class, FollowerProtocol.AwaitApplied.class, FollowerProtocol.GetApplied.class,
      FollowerProtocol.Applied.class);

  /** Ids 1100-1199: links and their impairment chains (the operator's settings over the profiles). */
  private static final List<Class<?>> LINKS = List.of(
      Direction.class, Place.Kind.class, Place.class, LinkKind.class, LinkId.class, ImpairmentSpec.class,
      ImpairmentChain.class, LinkImpairments.class, LinkImpairments.Setting.class);

  /** Ids 1200-1299: the operator's writes to the links. */
  private static final List<Class<?>> LINK_ACTIONS = List.of(
      plemu.controlplane.LinkActions.SetLinkImpairments.class, plemu.controlplane.LinkActions.ClearLinkImpairments.class);

  private record Block(int firstId, List<Class<?>> classes) {}

  private static final List<Block> BLOCKS =
      List.of(new Block(100, CORE), new Block(300, LOAD_BALANCING), new Block(400, ENDPOINTS), new Block(500, INSTANCES),
          new Block(600, OBSERVED), new Block(700, SCENARIO_SERVICES), new Block(800, DNS),
          new Block(900, LIFECYCLE), new Block(1000, CHANGE_LOG), new Block(1100, LINKS), new Block(1200, LINK_ACTIONS));

  /** Every registered class. */
  public static final List<Class<?>> CLASSES = BLOCKS.stream().flatMap(b -> b.classes().stream()).toList();

  /** Every registered class by its id (what stored data and other nodes know it by). */
  public static java.util.SortedMap<Integer, Class<?>> byId() {
    java.util.SortedMap<Integer, Class<?>> out = new TreeMap<>();
    for (Block b : BLOCKS) for (int i = 0; i < b.classes().size(); i++) out.put(b.firstId() + i, b.classes().get(i));
    return out;
  }

  /** The runtime class of every typed ActorRef (internal to Pekko, hence looked up by name). */
  static final String ACTOR_REF_ADAPTER = "org.apache.pekko.actor.typed.internal.adapter.ActorRefAdapter";

  /**
   * A Kryo with every class registered. {@code tagged}: records are written component by component
   * with tags ({@link TaggedRecordSerializer}), so they may gain and lose components; else by
   * position, as state format 8 stored them (read only, to migrate such data).
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static Kryo newKryo(Supplier<ActorRefResolver> resolver, boolean tagged) {
    Kryo kryo = new Kryo();
    kryo.setRegistrationRequired(true);
    kryo.setReferences(false); // messages are trees, not graphs
    ImmutableCollectionsSerializers.registerSerializers(kryo);
    try {
      kryo.register(Class.forName(ACTOR_REF_ADAPTER), new TypedActorRefSerializer(resolver), 21);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("Pekko's typed ActorRef class moved: " + ACTOR_REF_ADAPTER, e);
    }
    for (int b = 0; b < BLOCKS.size(); b++) {
      Block block = BLOCKS.get(b);
      int limit = b + 1 < BLOCKS.size() ? BLOCKS.get(b + 1).firstId() : Integer.MAX_VALUE;
      if (block.firstId() + block.classes().size() > limit)
        throw new IllegalStateException("Kryo block at " + block.firstId() + " runs into the next one");
      for (int i = 0; i < block.classes().size(); i++) {
        Class<?> c = block.classes().get(i);
        if (tagged && c.isRecord()) kryo.register(c, new TaggedRecordSerializer(c), block.firstId() + i);
        else kryo.register(c, block.firstId() + i);
      }
    }
    return kryo;
  }
}
