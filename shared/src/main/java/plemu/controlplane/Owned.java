package plemu.controlplane;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import plemu.model.ConnectionNotification;
import plemu.model.EndpointService;
import plemu.model.HostedZone;
import plemu.model.Instance;
import plemu.model.Listener;
import plemu.model.LoadBalancer;
import plemu.model.NetworkInterface;
import plemu.model.ResourceIds;
import plemu.model.SecurityGroup;
import plemu.model.Subnet;
import plemu.model.TargetGroup;
import plemu.model.Topic;
import plemu.model.Vpc;
import plemu.model.VpcEndpoint;

/**
 * The caller's resources of one kind, found the same way by writes (on a working copy) and reads
 * (on a snapshot): by id, where a malformed id gets the AWS {@code .Malformed} answer of the kind
 * and another account's or another region's resource the same {@code .NotFound} as a missing one;
 * or all of them, in the caller's region, through the owner index (costs what the account has,
 * not what the world has). One constant per kind, with that kind's AWS codes.
 */
public final class Owned<T> {
  /** Null when an id is well formed for the caller, else AWS's answer to it. */
  interface IdCheck {
    AwsError problem(Caller caller, String id);
  }

  public static final Owned<Vpc> VPC = ec2(Table.VPCS, Vpc::region, "vpc", "VpcId", "InvalidVpcID", "",
      id -> "The vpc ID '" + id + "' does not exist");
  public static final Owned<Subnet> SUBNET = ec2(Table.SUBNETS, Subnet::region, "subnet", "SubnetId",
      "InvalidSubnetID", "", id -> "The subnet ID '" + id + "' does not exist");
  public static final Owned<SecurityGroup> SECURITY_GROUP = new Owned<>(Table.SECURITY_GROUPS, SecurityGroup::region,
      UnaryOperator.identity(), () -> AwsError.missingParameter("GroupId"), wellFormed("sg", "InvalidGroupId.Malformed",
      " (expecting \"sg-...\")"), id -> AwsError.notFound("InvalidGroup.NotFound",
      "The security group '" + id + "' does not exist"), null);
  public static final Owned<NetworkInterface> NETWORK_INTERFACE = ec2(Table.NETWORK_INTERFACES,
      NetworkInterface::region, "eni", "NetworkInterfaceId", "InvalidNetworkInterfaceID", " (expecting \"eni-...\")",
      id -> "The networkInterface ID '" + id + "' does not exist");
  public static final Owned<Instance> INSTANCE = ec2(Table.INSTANCES, Instance::region, "i", "InstanceId",
      "InvalidInstanceID", "", id -> "The instance ID '" + id + "' does not exist");

  /** The provider's view: services the caller owns. A batch (Delete) reports a missing one as InvalidVpcEndpointService.NotFound. */
  public static final Owned<EndpointService> ENDPOINT_SERVICE = new Owned<>(Table.ENDPOINT_SERVICES,
      EndpointService::region, UnaryOperator.identity(), () -> AwsError.missingParameter("ServiceId"),
      wellFormed("vpce-svc", "InvalidVpcEndpointServiceId.Malformed", ""),
      id -> AwsError.notFound("InvalidVpcEndpointServiceId.NotFound", "The VpcEndpointService Id '" + id + "' does not exist"),
      id -> AwsError.notFound("InvalidVpcEndpointService.NotFound", "The VpcEndpointService Id '" + id + "' does not exist"));

  /** The consumer's endpoints. A batch (Delete, Accept, Reject) reports a missing one as InvalidVpcEndpoint.NotFound. */
  public static final Owned<VpcEndpoint> VPC_ENDPOINT = new Owned<>(Table.VPC_ENDPOINTS, VpcEndpoint::region,
      UnaryOperator.identity(), () -> AwsError.missingParameter("VpcEndpointId"),
      (c, id) -> ResourceIds.isWellFormed("vpce", id) ? null : AwsError.badRequest("InvalidVpcEndpointId.Malformed",
          "Invalid Id: '" + id + "' (expecting 'vpce-xxxxxxxxxxxxxxxxx')"),
      id -> AwsError.notFound("InvalidVpcEndpointId.NotFound", "The Vpc Endpoint Id '" + id + "' does not exist"),
      id -> AwsError.notFound("InvalidVpcEndpoint.NotFound", "The Vpc Endpoint Id '" + id + "' does not exist"));

  public static final Owned<ConnectionNotification> CONNECTION_NOTIFICATION = new Owned<>(
      Table.CONNECTION_NOTIFICATIONS, ConnectionNotification::region, UnaryOperator.identity(),
      () -> AwsError.missingParameter("ConnectionNotificationId"),
      (c, id) -> ResourceIds.isWellFormed("vpce-nfn", id) ? null : connectionNotificationNotFound(id),
      Owned::connectionNotificationNotFound, null);

  public static final Owned<LoadBalancer> LOAD_BALANCER = elb(Table.LOAD_BALANCERS, LoadBalancer::region,
      "LoadBalancerArn", Arns.LOAD_BALANCER, "load balancer", "LoadBalancerNotFound", "One or more load balancers not found");
  public static final Owned<TargetGroup> TARGET_GROUP = elb(Table.TARGET_GROUPS, TargetGroup::region,
      "TargetGroupArn", Arns.TARGET_GROUP, "target group", "TargetGroupNotFound", "One or more target groups not found");
  public static final Owned<Listener> LISTENER = elb(Table.LISTENERS, Listener::region, "ListenerArn", Arns.LISTENER,
      "listener", "ListenerNotFound", "One or more listeners not found");

  /** Route 53 zones are global: the id alone ({@code Z...} or {@code /hostedzone/Z...}) names one. */
  public static final Owned<HostedZone> HOSTED_ZONE = new Owned<>(Table.HOSTED_ZONES, null,
      id -> id.startsWith("/hostedzone/") ? id.substring("/hostedzone/".length()) : id,
      () -> AwsError.badRequest("InvalidInput", "Id is required"), (c, id) -> null,
      id -> new AwsError("NoSuchHostedZone", "No hosted zone found with ID: " + id, 404), null);

  public static final Owned<Topic> TOPIC = new Owned<>(Table.TOPICS, Topic::region, UnaryOperator.identity(),
      () -> AwsError.missingParameter("TopicArn"), (c, arn) -> Arns.checkSns(Arns.TOPIC, "TopicArn", c, arn),
      arn -> new AwsError("NotFound", "Topic does not exist", 404), null);

  private final Table<T> table;
  private final Function<T, String> region;
  private final UnaryOperator<String> canonical;
  private final Supplier<AwsError> missing;
  private final IdCheck check;
  private final Function<String, AwsError> notFound;
  private final Function<String, AwsError> notFoundInBatch;

  private Owned(Table<T> table, Function<T, String> region, UnaryOperator<String> canonical, Supplier<AwsError> missing,
      IdCheck check, Function<String, AwsError> notFound, Function<String, AwsError> notFoundInBatch) {
    this.table = table;
    this.region = region;
    this.canonical = canonical;
    this.missing = missing;
    this.check = check;
    this.notFound = notFound;
    this.notFoundInBatch = notFoundInBatch == null ? notFound : notFoundInBatch;
  }

  /** An EC2 kind: ids {@code <prefix>-<hex>}, codes {@code <code>.Malformed} and {@code <code>.NotFound}. */
  private static <T> Owned<T> ec2(Table<T> table, Function<T, String> region, String prefix, String parameter,
      String code, String expecting, Function<String, String> notFoundMessage) {
    return new Owned<>(table, region, UnaryOperator.identity(), () -> AwsError.missingParameter(parameter),
        wellFormed(prefix, code + ".Malformed", expecting),
        id -> AwsError.notFound(code + ".NotFound", notFoundMessage.apply(id)), null);
  }

  private static IdCheck wellFormed(String prefix, String code, String expecting) {
    return (c, id) -> ResourceIds.isWellFormed(prefix, id) ? null
        : AwsError.badRequest(code, "Invalid id: \"" + id + "\"" + expecting);
  }

  private static <T> Owned<T> elb(Table<T> table, Function<T, String> region, String parameter, Pattern form,
      String kind, String code, String message) {
    return new Owned<>(table, region, UnaryOperator.identity(), () -> AwsError.missingParameter(parameter),
        (c, arn) -> Arns.checkElb(form, kind, c, arn), arn -> AwsError.notFound(code, message), null);
  }

  private static AwsError connectionNotificationNotFound(String id) {
    return AwsError.notFound("InvalidConnectionNotification", "The connection notification " + id + " does not exist");
  }

  public Table<T> table() {
    return table;
  }

  /** The caller's resource with this id, in its region (empty for any other, or a malformed id). */
  public Optional<T> find(StateView s, Caller c, String id) {
    if (id == null || id.isEmpty()) return Optional.empty();
    return s.get(table, canonical.apply(id)).filter(row -> mine(row, c));
  }

  /** The caller's resource with this id, or AWS's answer: missing parameter, malformed id, not found. */
  public T get(StateView s, Caller c, String id) {
    return lookUp(s, c, id, notFound);
  }

  /** As {@link #get}, with the not-found code AWS reports per item of a batch (Delete*), where it differs. */
  public T getInBatch(StateView s, Caller c, String id) {
    return lookUp(s, c, id, notFoundInBatch);
  }

  /** Refuses a missing or malformed id, as {@link #get} does before it looks. */
  public void checkId(Caller c, String id) {
    if (id == null || id.isEmpty()) throw missing.get().exception();
    AwsError problem = check.problem(c, id);
    if (problem != null) throw problem.exception();
  }

  private T lookUp(StateView s, Caller c, String id, Function<String, AwsError> absent) {
    checkId(c, id);
    return find(s, c, id).orElseThrow(() -> absent.apply(canonical.apply(id)).exception());
  }

  /** All the caller's resources of this kind in its region (what the account has, through the owner index). */
  public List<T> all(StateView s, Caller c) {
    List<T> out = new ArrayList<>();
    for (T row : s.ownedBy(table, c.accountId())) if (inRegion(row, c)) out.add(row);
    return out;
  }

  /** A Describe's choice: the resources with these ids (each as {@link #get}, once), or with none given all of them. */
  public List<T> chosen(StateView s, Caller c, List<String> ids) {
    if (ids.isEmpty()) return all(s, c);
    Map<String, T> out = new LinkedHashMap<>();
    for (String id : ids) out.putIfAbsent(canonical.apply(id), get(s, c, id));
    return List.copyOf(out.values());
  }

  private boolean mine(T row, Caller c) {
    return c.accountId().equals(table.ownerOf(row)) && inRegion(row, c);
  }

  private boolean inRegion(T row, Caller c) {
    return region == null || c.region().equals(region.apply(row));
  }

  /** A subscription of one of the caller's topics, with its topic. */
  public record TopicSubscription(Topic topic, Topic.Subscription subscription) {}

  /**
   * The subscription with this ARN ({@code <topic ARN>:<id>}) of one of the caller's topics, or SNS's
   * answer: {@code InvalidParameter} for an ARN that is not one of the caller's region, else 404 {@code NotFound}.
   */
  public static TopicSubscription subscription(StateView s, Caller c, String arn) {
    if (arn == null || arn.isEmpty()) throw AwsError.missingParameter("SubscriptionArn").exception();
    AwsError problem = Arns.checkSns(Arns.SUBSCRIPTION, "SubscriptionArn", c, arn);
    if (problem != null) throw problem.exception();
    Optional<Topic> topic = TOPIC.find(s, c, arn.substring(0, arn.lastIndexOf(':')));
    for (Topic.Subscription sub : topic.map(Topic::subscriptions).orElse(List.of()))
      if (sub.subscriptionArn().equals(arn)) return new TopicSubscription(topic.get(), sub);
    throw new AwsError("NotFound", "Subscription does not exist", 404).exception(); // SNS answers 404
  }
}
