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
import plemu.controlplane.ApplyScenario;
import plemu.controlplane.AwsError;
import plemu.controlplane.ListenerActions;
import plemu.controlplane.LoadBalancerActions;
import plemu.controlplane.TargetGroupActions;
import plemu.controlplane.Caller;
import plemu.controlplane.RuleSpec;
import plemu.controlplane.SecurityGroupActions;
import plemu.controlplane.SubnetActions;
import plemu.controlplane.VpcActions;
import plemu.controlplane.WriterProtocol;
import plemu.model.Account;
import plemu.model.ApiToken;
import plemu.model.Cidr;
import plemu.model.HealthCheck;
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
import plemu.model.Vpc;
import plemu.scenario.Scenario;

/**
 * The one list of classes Kryo may write, with their ids. Append only: ids must be the same on
 * every node, so never reorder or remove a line; add new classes at the end.
 */
public final class KryoRegistry {
  private KryoRegistry() {}

  private static final int FIRST_ID = 100;

  /** Every registered class in id order (id = FIRST_ID + index). */
  public static final List<Class<?>> CLASSES = List.of(
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
      Scenario.VpcSpec.class, Scenario.SubnetSpec.class, Scenario.SecurityGroupSpec.class, Scenario.RuleYaml.class,
      // load balancing (issue 3)
      NetworkInterface.class, LoadBalancer.class, LoadBalancer.Node.class, HealthCheck.class, Target.class,
      TargetGroup.class, Listener.class,
      LoadBalancerActions.SubnetMapping.class, LoadBalancerActions.CreateLoadBalancer.class,
      LoadBalancerActions.DeleteLoadBalancer.class, LoadBalancerActions.ModifyLoadBalancerAttributes.class,
      TargetGroupActions.HealthCheckSpec.class, TargetGroupActions.CreateTargetGroup.class,
      TargetGroupActions.DeleteTargetGroup.class, TargetGroupActions.ModifyTargetGroupAttributes.class,
      TargetGroupActions.TargetSpec.class, TargetGroupActions.RegisterTargets.class,
      TargetGroupActions.DeregisterTargets.class,
      ListenerActions.CreateListener.class, ListenerActions.DeleteListener.class,
      ListenerActions.ModifyListenerAttributes.class);

  /** The runtime class of every typed ActorRef (internal to Pekko, hence looked up by name). */
  static final String ACTOR_REF_ADAPTER = "org.apache.pekko.actor.typed.internal.adapter.ActorRefAdapter";

  static Kryo newKryo(Supplier<ActorRefResolver> resolver) {
    Kryo kryo = new Kryo();
    kryo.setRegistrationRequired(true);
    kryo.setReferences(false); // messages are trees, not graphs
    ImmutableCollectionsSerializers.registerSerializers(kryo);
    try {
      kryo.register(Class.forName(ACTOR_REF_ADAPTER), new TypedActorRefSerializer(resolver), 21);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("Pekko's typed ActorRef class moved: " + ACTOR_REF_ADAPTER, e);
    }
    for (int i = 0; i < CLASSES.size(); i++) kryo.register(CLASSES.get(i), FIRST_ID + i);
    return kryo;
  }
}
