package plemu.controlplane;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
 * The desired state of the emulated cloud, as the API created it: an immutable snapshot. Writes go
 * through a {@link Builder}; {@link #changes(Desired)} lists what a write changed, table by table.
 */
public record Desired(
    Map<String, Account> accounts,
    Map<String, ApiToken> tokens,
    Map<String, RegionInfo> regions,
    Map<String, Vpc> vpcs,
    Map<String, Subnet> subnets,
    Map<String, SecurityGroup> securityGroups,
    Map<String, NetworkInterface> networkInterfaces,
    Map<String, LoadBalancer> loadBalancers,
    Map<String, TargetGroup> targetGroups,
    Map<String, Listener> listeners,
    Map<String, EndpointService> endpointServices,
    Map<String, VpcEndpoint> vpcEndpoints,
    Map<String, Instance> instances,
    Map<String, HostedZone> hostedZones,
    Map<String, Topic> topics,
    Map<String, ConnectionNotification> connectionNotifications,
    Map<String, ClientTokenUse> clientTokens) {

  public Desired {
    accounts = Map.copyOf(accounts);
    tokens = Map.copyOf(tokens);
    regions = Map.copyOf(regions);
    vpcs = Map.copyOf(vpcs);
    subnets = Map.copyOf(subnets);
    securityGroups = Map.copyOf(securityGroups);
    networkInterfaces = Map.copyOf(networkInterfaces);
    loadBalancers = Map.copyOf(loadBalancers);
    targetGroups = Map.copyOf(targetGroups);
    listeners = Map.copyOf(listeners);
    endpointServices = Map.copyOf(endpointServices);
    vpcEndpoints = Map.copyOf(vpcEndpoints);
    instances = Map.copyOf(instances);
    hostedZones = Map.copyOf(hostedZones);
    topics = Map.copyOf(topics);
    connectionNotifications = Map.copyOf(connectionNotifications);
    clientTokens = Map.copyOf(clientTokens);
  }

  public static Desired empty() {
    return new Desired(Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(),
        Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of());
  }

  /** Builds a snapshot from one row map per table (missing tables are empty). */
  public static Desired fromTables(Map<Table<?>, Map<String, ?>> tables) {
    Builder b = empty().toBuilder();
    tables.forEach((table, rows) -> b.rows.put(table, new HashMap<String, Object>(rows)));
    return b.build();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  public Optional<Account> account(String accountId) {
    return Optional.ofNullable(accounts.get(accountId));
  }

  public Optional<RegionInfo> region(String name) {
    return Optional.ofNullable(regions.get(name));
  }

  /** One changed row: {@code value} is null when the row was removed. */
  public record Change(Table<?> table, String id, Object value) {}

  /** What differs between {@code before} and this snapshot. */
  public List<Change> changes(Desired before) {
    List<Change> out = new java.util.ArrayList<>();
    for (Table<?> t : Table.ALL) {
      Map<String, ?> now = t.rows(this);
      Map<String, ?> was = t.rows(before);
      now.forEach((id, v) -> {
        if (!Objects.equals(was.get(id), v)) out.add(new Change(t, id, v));
      });
      was.keySet().forEach(id -> {
        if (!now.containsKey(id)) out.add(new Change(t, id, null));
      });
    }
    return out;
  }

  /** A mutable working copy used by one write; thrown away when the write is refused. */
  public static final class Builder {
    private final Map<Table<?>, Map<String, Object>> rows = new LinkedHashMap<>();

    private Builder(Desired from) {
      for (Table<?> t : Table.ALL) rows.put(t, new HashMap<>(t.rows(from)));
    }

    @SuppressWarnings("unchecked")
    public <T> Map<String, T> rows(Table<T> table) {
      return (Map<String, T>) rows.get(table);
    }

    public <T> Optional<T> get(Table<T> table, String id) {
      return Optional.ofNullable(rows(table).get(id));
    }

    public <T> void put(Table<T> table, String id, T value) {
      rows(table).put(id, Objects.requireNonNull(value));
    }

    public void remove(Table<?> table, String id) {
      rows.get(table).remove(id);
    }

    /** A fresh id with this prefix that no row of the table uses yet. */
    public String newId(Table<?> table, String prefix, IdSource ids) {
      String id;
      do id = ids.next(prefix);
      while (rows.get(table).containsKey(id));
      return id;
    }

    public Desired build() {
      return new Desired(
          rows(Table.ACCOUNTS), rows(Table.TOKENS), rows(Table.REGIONS),
          rows(Table.VPCS), rows(Table.SUBNETS), rows(Table.SECURITY_GROUPS), rows(Table.NETWORK_INTERFACES),
          rows(Table.LOAD_BALANCERS), rows(Table.TARGET_GROUPS), rows(Table.LISTENERS), rows(Table.ENDPOINT_SERVICES),
          rows(Table.VPC_ENDPOINTS), rows(Table.INSTANCES), rows(Table.HOSTED_ZONES), rows(Table.TOPICS),
          rows(Table.CONNECTION_NOTIFICATIONS), rows(Table.CLIENT_TOKENS));
    }
  }
}
