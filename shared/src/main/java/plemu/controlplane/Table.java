package plemu.controlplane;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import plemu.model.Account;
import plemu.model.ApiToken;
import plemu.model.ClientTokenUse;
import plemu.model.ConnectionNotification;
import plemu.model.EndpointService;
import plemu.model.HostedZone;
import plemu.model.Instance;
import plemu.model.Listener;
import plemu.model.LoadBalancer;
import plemu.model.NetworkInterface;
import plemu.model.RegionInfo;
import plemu.model.SecurityGroup;
import plemu.model.Subnet;
import plemu.model.TargetGroup;
import plemu.model.Topic;
import plemu.model.Vpc;
import plemu.model.VpcEndpoint;

/**
 * One kind of desired-state record, keyed by id. Its {@link #name()} is what the replicated log and
 * the stored rows call it, so never rename a table; a table whose records belong to an account says
 * how to find the owner ({@link StateView#ownedBy}).
 */
public final class Table<T> {
  private static final List<Table<?>> DECLARED = new ArrayList<>();

  public static final Table<Account> ACCOUNTS = new Table<>("accounts", Account.class, null);
  public static final Table<ApiToken> TOKENS = new Table<>("tokens", ApiToken.class, null);
  public static final Table<RegionInfo> REGIONS = new Table<>("regions", RegionInfo.class, null);
  public static final Table<Vpc> VPCS = new Table<>("vpcs", Vpc.class, Vpc::ownerId);
  public static final Table<Subnet> SUBNETS = new Table<>("subnets", Subnet.class, Subnet::ownerId);
  public static final Index<Subnet> SUBNETS_BY_VPC = SUBNETS.index("vpc", Subnet::vpcId);
  public static final Table<SecurityGroup> SECURITY_GROUPS =
      new Table<>("security-groups", SecurityGroup.class, SecurityGroup::ownerId);
  public static final Index<SecurityGroup> SECURITY_GROUPS_BY_VPC = SECURITY_GROUPS.index("vpc", SecurityGroup::vpcId);

  public static final Table<NetworkInterface> NETWORK_INTERFACES =
      new Table<>("network-interfaces", NetworkInterface.class, NetworkInterface::ownerId);
  public static final Index<NetworkInterface> NETWORK_INTERFACES_BY_SUBNET =
      NETWORK_INTERFACES.index("subnet", NetworkInterface::subnetId);
  public static final Index<NetworkInterface> NETWORK_INTERFACES_BY_HOST_ADDRESS =
      NETWORK_INTERFACES.index("host-address", NetworkInterface::hostAddress);
  public static final Table<LoadBalancer> LOAD_BALANCERS =
      new Table<>("load-balancers", LoadBalancer.class, LoadBalancer::ownerId);
  public static final Table<TargetGroup> TARGET_GROUPS =
      new Table<>("target-groups", TargetGroup.class, TargetGroup::ownerId);
  public static final Index<TargetGroup> TARGET_GROUPS_BY_VPC = TARGET_GROUPS.index("vpc", TargetGroup::vpcId);
  public static final Table<Listener> LISTENERS = new Table<>("listeners", Listener.class, Listener::ownerId);
  public static final Index<Listener> LISTENERS_BY_LOAD_BALANCER = LISTENERS.index("load-balancer", Listener::loadBalancerArn);
  public static final Index<Listener> LISTENERS_BY_TARGET_GROUP = LISTENERS.index("target-group", Listener::targetGroupArn);

  public static final Table<EndpointService> ENDPOINT_SERVICES =
      new Table<>("endpoint-services", EndpointService.class, EndpointService::ownerId);
  public static final Table<VpcEndpoint> VPC_ENDPOINTS =
      new Table<>("vpc-endpoints", VpcEndpoint.class, VpcEndpoint::ownerId);
  public static final Index<VpcEndpoint> VPC_ENDPOINTS_BY_VPC = VPC_ENDPOINTS.index("vpc", VpcEndpoint::vpcId);
  public static final Index<VpcEndpoint> VPC_ENDPOINTS_BY_SERVICE = VPC_ENDPOINTS.index("service", VpcEndpoint::serviceId);
  public static final Index<VpcEndpoint> VPC_ENDPOINTS_BY_STATE = VPC_ENDPOINTS.index("state", VpcEndpoint::state);

  public static final Table<Instance> INSTANCES = new Table<>("instances", Instance.class, Instance::ownerId);
  public static final Index<Instance> INSTANCES_BY_SUBNET = INSTANCES.index("subnet", Instance::subnetId);

  public static final Table<HostedZone> HOSTED_ZONES = new Table<>("hosted-zones", HostedZone.class, HostedZone::ownerId);

  public static final Table<Topic> TOPICS = new Table<>("topics", Topic.class, Topic::ownerId);
  public static final Table<ConnectionNotification> CONNECTION_NOTIFICATIONS = new Table<>("connection-notifications",
      ConnectionNotification.class, ConnectionNotification::ownerId);

  public static final Table<ClientTokenUse> CLIENT_TOKENS = new Table<>("client-tokens", ClientTokenUse.class, null);
  /** Client tokens by the hour they were used ({@code createdTime / 3600000}), to forget old ones cheaply. */
  public static final Index<ClientTokenUse> CLIENT_TOKENS_BY_HOUR =
      CLIENT_TOKENS.index("hour", t -> Long.toString(t.createdTime() / 3_600_000L));

  /** The operator's link impairments (one row, {@link #LINK_IMPAIRMENTS_ROW}): on every AZ node's links. */
  public static final Table<plemu.links.LinkImpairments> LINK_IMPAIRMENTS =
      new Table<>("link-impairments", plemu.links.LinkImpairments.class, null);
  public static final String LINK_IMPAIRMENTS_ROW = "operator";

  /** Every table, in declaration order ({@link #ordinal()}). */
  public static final List<Table<?>> ALL = Collections.unmodifiableList(DECLARED);

  private final String name;
  private final Class<T> type;
  private final int ordinal;
  private final List<Index<T>> indexes = new ArrayList<>();
  private final Index<T> owner;

  private Table(String name, Class<T> type, Function<T, String> owner) {
    this.name = name;
    this.type = type;
    this.ordinal = DECLARED.size();
    this.owner = owner == null ? null : index("owner", owner);
    DECLARED.add(this);
  }

  /**
   * A secondary index of a table: the rows by one key of theirs (null: not indexed), kept by every
   * snapshot ({@link StateView#idsWhere}). Declared once, beside the table.
   */
  public static final class Index<T> {
    private final Table<T> table;
    private final String name;
    private final Function<T, String> key;
    private final int position;

    private Index(Table<T> table, String name, Function<T, String> key, int position) {
      this.table = table;
      this.name = name;
      this.key = key;
      this.position = position;
    }

    public Table<T> table() {
      return table;
    }

    String keyOf(T row) {
      return key.apply(row);
    }

    int position() {
      return position;
    }

    @Override
    public String toString() {
      return table.name + " by " + name;
    }
  }

  private Index<T> index(String indexName, Function<T, String> key) {
    Index<T> i = new Index<>(this, indexName, key, indexes.size());
    indexes.add(i);
    return i;
  }

  List<Index<T>> indexes() {
    return indexes;
  }

  /** The account that owns {@code row}, or null for tables without owners. */
  String ownerOf(T row) {
    return owner == null ? null : owner.keyOf(row);
  }

  /** The index by owner account (null for tables whose records belong to no account). */
  public Index<T> ownerIndex() {
    return owner;
  }

  /** The table called {@code name}, or null. */
  public static Table<?> named(String name) {
    for (Table<?> t : ALL) if (t.name.equals(name)) return t;
    return null;
  }

  public String name() {
    return name;
  }

  public Class<T> type() {
    return type;
  }

  int ordinal() {
    return ordinal;
  }

  /** {@code row} as a record of this table (a changed row read back from the log). */
  public T cast(Object row) {
    return type.cast(row);
  }

  public Map<String, T> rows(StateView state) {
    return state.rows(this);
  }

  @Override
  public String toString() {
    return name;
  }
}
