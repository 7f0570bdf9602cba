package plemu.controlplane;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import plemu.model.Account;
import plemu.model.ApiToken;
import plemu.model.ClientTokenUse;
import plemu.model.EndpointService;
import plemu.model.ConnectionNotification;
import plemu.model.HostedZone;
import plemu.model.Topic;
import plemu.model.Instance;
import plemu.model.Listener;
import plemu.model.LoadBalancer;
import plemu.model.NetworkInterface;
import plemu.model.RegionInfo;
import plemu.model.SecurityGroup;
import plemu.model.Subnet;
import plemu.model.TargetGroup;
import plemu.model.Vpc;
import plemu.model.VpcEndpoint;

/**
 * One kind of desired-state record, keyed by id. The replicated store keeps one map per table
 * (key {@code plemu-<name>}).
 */
public final class Table<T> {
  public static final Table<Account> ACCOUNTS = new Table<>("accounts", Account.class, Desired::accounts);
  public static final Table<ApiToken> TOKENS = new Table<>("tokens", ApiToken.class, Desired::tokens);
  public static final Table<RegionInfo> REGIONS = new Table<>("regions", RegionInfo.class, Desired::regions);
  public static final Table<Vpc> VPCS = new Table<>("vpcs", Vpc.class, Desired::vpcs);
  public static final Table<Subnet> SUBNETS = new Table<>("subnets", Subnet.class, Desired::subnets);
  public static final Table<SecurityGroup> SECURITY_GROUPS =
      new Table<>("security-groups", SecurityGroup.class, Desired::securityGroups);

  public static final Table<NetworkInterface> NETWORK_INTERFACES =
      new Table<>("network-interfaces", NetworkInterface.class, Desired::networkInterfaces);
  public static final Table<LoadBalancer> LOAD_BALANCERS =
      new Table<>("load-balancers", LoadBalancer.class, Desired::loadBalancers);
  public static final Table<TargetGroup> TARGET_GROUPS =
      new Table<>("target-groups", TargetGroup.class, Desired::targetGroups);
  public static final Table<Listener> LISTENERS = new Table<>("listeners", Listener.class, Desired::listeners);

  public static final Table<EndpointService> ENDPOINT_SERVICES =
      new Table<>("endpoint-services", EndpointService.class, Desired::endpointServices);
  public static final Table<VpcEndpoint> VPC_ENDPOINTS = new Table<>("vpc-endpoints", VpcEndpoint.class, Desired::vpcEndpoints);

  public static final Table<Instance> INSTANCES = new Table<>("instances", Instance.class, Desired::instances);

  public static final Table<HostedZone> HOSTED_ZONES = new Table<>("hosted-zones", HostedZone.class, Desired::hostedZones);

  public static final Table<Topic> TOPICS = new Table<>("topics", Topic.class, Desired::topics);
  public static final Table<ConnectionNotification> CONNECTION_NOTIFICATIONS =
      new Table<>("connection-notifications", ConnectionNotification.class, Desired::connectionNotifications);

  public static final Table<ClientTokenUse> CLIENT_TOKENS =
      new Table<>("client-tokens", ClientTokenUse.class, Desired::clientTokens);

  /** Every table. */
  public static final List<Table<?>> ALL = List.of(ACCOUNTS, TOKENS, REGIONS, VPCS, SUBNETS, SECURITY_GROUPS,
      NETWORK_INTERFACES, LOAD_BALANCERS, TARGET_GROUPS, LISTENERS, ENDPOINT_SERVICES, VPC_ENDPOINTS, INSTANCES,
      HOSTED_ZONES, TOPICS, CONNECTION_NOTIFICATIONS, CLIENT_TOKENS);

  private final String name;
  private final Class<T> type;
  private final Function<Desired, Map<String, T>> rows;

  private Table(String name, Class<T> type, Function<Desired, Map<String, T>> rows) {
    this.name = name;
    this.type = type;
    this.rows = rows;
  }

  public String name() {
    return name;
  }

  public Class<T> type() {
    return type;
  }

  public Map<String, T> rows(Desired state) {
    return rows.apply(state);
  }

  @Override
  public String toString() {
    return name;
  }
}
