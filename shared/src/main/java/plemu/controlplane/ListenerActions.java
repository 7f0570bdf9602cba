package plemu.controlplane;

import java.util.List;
import java.util.Map;
import plemu.model.Listener;
import plemu.model.LoadBalancer;
import plemu.model.TargetGroup;

/** CreateListener (TCP, forward to one target group), DeleteListener, ModifyListenerAttributes. */
public final class ListenerActions {
  private ListenerActions() {}

  /** A TCP listener forwarding a port of the NLB to one target group of its VPC. */
  public record CreateListener(Caller caller, String loadBalancerArn, String protocol, Integer port,
      String targetGroupArn) implements Mutation {
    @Override
    public Listener apply(Desired.Builder s, IdSource ids) {
      LoadBalancer lb = Owned.LOAD_BALANCER.get(s, caller, loadBalancerArn);
      String proto = protocol == null ? "TCP" : protocol;
      if (!proto.equals("TCP"))
        throw AwsError.badRequest("UnsupportedProtocol", "plemu's NLB listeners use TCP, not '" + proto + "'").exception();
      if (port == null) throw AwsError.missingParameter("Port").exception();
      if (port < 1 || port > 65535) throw AwsError.badRequest("ValidationError", "Port must be 1-65535").exception();
      if (targetGroupArn == null)
        throw AwsError.badRequest("ValidationError", "DefaultActions needs one forward action with a TargetGroupArn").exception();
      TargetGroup tg = Owned.TARGET_GROUP.get(s, caller, targetGroupArn);
      if (!tg.vpcId().equals(lb.vpcId()))
        throw AwsError.badRequest("ValidationError", "The target group " + tg.name() + " is in VPC " + tg.vpcId()
            + ", the load balancer in " + lb.vpcId()).exception();
      List<Listener> listeners = s.ownedBy(Table.LISTENERS, lb.ownerId());
      boolean taken = listeners.stream()
          .anyMatch(l -> l.loadBalancerArn().equals(lb.loadBalancerArn()) && l.port() == port);
      if (taken) throw AwsError.badRequest("DuplicateListener", "A listener already exists on port " + port).exception();
      listeners.stream()
          .filter(l -> l.targetGroupArn().equals(tg.targetGroupArn()) && !l.loadBalancerArn().equals(lb.loadBalancerArn()))
          .findFirst()
          .ifPresent(l -> {
            throw AwsError.badRequest("TargetGroupAssociationLimit", "The target group " + tg.name()
                + " is already used by another load balancer; a Network Load Balancer target group can serve one").exception();
          });
      String lbPart = lb.arnSuffix();
      String arn = Arns.elb(caller, "listener/" + lbPart + "/" + ids.hex(16));
      Listener listener = new Listener(arn, lb.loadBalancerArn(), caller.accountId(), caller.region(), proto, port,
          tg.targetGroupArn(), Listener.DEFAULT_ATTRIBUTES);
      s.put(Table.LISTENERS, arn, listener);
      return listener;
    }
  }

  public record DeleteListener(Caller caller, String listenerArn) implements Mutation {
    @Override
    public Boolean apply(Desired.Builder s, IdSource ids) {
      Listener l = Owned.LISTENER.get(s, caller, listenerArn);
      s.remove(Table.LISTENERS, l.listenerArn());
      return true;
    }
  }

  /** Changes listener attributes: {@code tcp.idle_timeout.seconds} (60-6000). */
  public record ModifyListenerAttributes(Caller caller, String listenerArn, Map<String, String> attributes)
      implements Mutation {
    @Override
    public Listener apply(Desired.Builder s, IdSource ids) {
      Listener l = Owned.LISTENER.get(s, caller, listenerArn);
      Map<String, String> merged = ElbAttributes.mergeAttributes(l.attributes(), attributes,
          (k, v) -> ElbAttributes.intBetween(v, 60, 6000), "Listener");
      Listener updated = l.withAttributes(merged);
      s.put(Table.LISTENERS, l.listenerArn(), updated);
      return updated;
    }
  }
}
