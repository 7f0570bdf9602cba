package plemu.controlplane;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
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
 * The desired state of the emulated cloud, as the API created it: an immutable snapshot at a
 * {@link #version()} (the number of the last write it holds; 0 for nothing). Its tables are
 * persistent maps, so a write's new snapshot shares every row it did not change with the one before:
 * taking, sharing or reading a snapshot does not copy the world. Writes go through a {@link Builder},
 * which records exactly what it changed; {@link #apply} replays such changes (how every node follows
 * the writer).
 */
public final class Desired implements StateView {
  private static final Desired EMPTY = new Desired(0, emptyTables());

  private final long version;
  private final Rows<?>[] tables;

  private Desired(long version, Rows<?>[] tables) {
    this.version = version;
    this.tables = tables;
  }

  private static Rows<?>[] emptyTables() {
    Rows<?>[] t = new Rows<?>[Table.ALL.size()];
    java.util.Arrays.fill(t, Rows.empty());
    return t;
  }

  public static Desired empty() {
    return EMPTY;
  }

  /** The number of the last write this snapshot holds (0: none). */
  public long version() {
    return version;
  }

  /** This snapshot with another version number (the same rows). */
  public Desired withVersion(long version) {
    return version == this.version ? this : new Desired(version, tables);
  }

  /** Builds a snapshot from one row map per table (missing tables are empty), at version 0. */
  public static Desired fromTables(Map<Table<?>, Map<String, ?>> tables) {
    Builder b = empty().toBuilder();
    tables.forEach((table, rows) -> rows.forEach((id, row) -> b.putRow(table, id, row)));
    return b.build().withVersion(0);
  }

  /** The changes of a write applied to this snapshot, as write {@code version}. */
  public Desired apply(List<Change> changes, long version) {
    Builder b = toBuilder();
    for (Change c : changes) {
      if (c.value() == null) b.remove(c.table(), c.id());
      else b.putRow(c.table(), c.id(), c.value());
    }
    return new Desired(version, b.current);
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  @SuppressWarnings("unchecked")
  private <T> Rows<T> table(Table<T> table) {
    return (Rows<T>) tables[table.ordinal()];
  }

  @Override
  public <T> Map<String, T> rows(Table<T> table) {
    return table(table).asMap();
  }

  @Override
  public Set<String> idsWhere(Table.Index<?> index, String key) {
    return tables[index.table().ordinal()].idsWhere(index.position(), key);
  }

  /** Every key an index holds (e.g. the hours client tokens were used in). */
  public Set<String> indexKeys(Table.Index<?> index) {
    return tables[index.table().ordinal()].keysOf(index.position());
  }

  /** How many rows the snapshot holds, all tables together. */
  public int size() {
    int n = 0;
    for (Rows<?> r : tables) n += r.size();
    return n;
  }

  public Map<String, Account> accounts() { return rows(Table.ACCOUNTS); }
  public Map<String, ApiToken> tokens() { return rows(Table.TOKENS); }
  public Map<String, RegionInfo> regions() { return rows(Table.REGIONS); }
  public Map<String, Vpc> vpcs() { return rows(Table.VPCS); }
  public Map<String, Subnet> subnets() { return rows(Table.SUBNETS); }
  public Map<String, SecurityGroup> securityGroups() { return rows(Table.SECURITY_GROUPS); }
  public Map<String, NetworkInterface> networkInterfaces() { return rows(Table.NETWORK_INTERFACES); }
  public Map<String, LoadBalancer> loadBalancers() { return rows(Table.LOAD_BALANCERS); }
  public Map<String, TargetGroup> targetGroups() { return rows(Table.TARGET_GROUPS); }
  public Map<String, Listener> listeners() { return rows(Table.LISTENERS); }
  public Map<String, EndpointService> endpointServices() { return rows(Table.ENDPOINT_SERVICES); }
  public Map<String, VpcEndpoint> vpcEndpoints() { return rows(Table.VPC_ENDPOINTS); }
  public Map<String, Instance> instances() { return rows(Table.INSTANCES); }
  public Map<String, HostedZone> hostedZones() { return rows(Table.HOSTED_ZONES); }
  public Map<String, Topic> topics() { return rows(Table.TOPICS); }
  public Map<String, ConnectionNotification> connectionNotifications() { return rows(Table.CONNECTION_NOTIFICATIONS); }
  public Map<String, ClientTokenUse> clientTokens() { return rows(Table.CLIENT_TOKENS); }

  public Optional<Account> account(String accountId) {
    return Optional.ofNullable(accounts().get(accountId));
  }

  public Optional<RegionInfo> region(String name) {
    return Optional.ofNullable(regions().get(name));
  }

  /** One changed row: {@code value} is null when the row was removed. */
  public record Change(Table<?> table, String id, Object value) {}

  /** What differs between {@code before} and this snapshot (compares every row: for tests and tools). */
  public List<Change> changes(Desired before) {
    List<Change> out = new ArrayList<>();
    for (Table<?> t : Table.ALL) {
      Map<String, ?> now = rows(t);
      Map<String, ?> was = before.rows(t);
      now.forEach((id, v) -> {
        if (!Objects.equals(was.get(id), v)) out.add(new Change(t, id, v));
      });
      was.keySet().forEach(id -> {
        if (!now.containsKey(id)) out.add(new Change(t, id, null));
      });
    }
    return out;
  }

  /** Same rows in every table (the version is not compared). */
  @Override
  public boolean equals(Object o) {
    return o instanceof Desired other && java.util.Arrays.equals(tables, other.tables);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(tables);
  }

  @Override
  public String toString() {
    return "Desired(version " + version + ", " + size() + " rows)";
  }

  /**
   * The working copy of one write: reads see the write's own changes; {@link #changes()} lists the
   * rows that differ from the snapshot it started from. Thrown away when the write is refused.
   */
  public static final class Builder implements StateView {
    private final Desired base;
    private final Rows<?>[] current;
    /** Rows put or removed, in order of first change (value null: removed). */
    private final Map<Table<?>, Map<String, Object>> touched = new LinkedHashMap<>();

    private Builder(Desired from) {
      this.base = from;
      this.current = from.tables.clone();
    }

    @SuppressWarnings("unchecked")
    private <T> Rows<T> table(Table<T> table) {
      return (Rows<T>) current[table.ordinal()];
    }

    @Override
    public <T> Map<String, T> rows(Table<T> table) {
      return table(table).asMap();
    }

    @Override
    public Set<String> idsWhere(Table.Index<?> index, String key) {
      return current[index.table().ordinal()].idsWhere(index.position(), key);
    }

    /** Every key an index holds. */
    public Set<String> indexKeys(Table.Index<?> index) {
      return current[index.table().ordinal()].keysOf(index.position());
    }

    @Override
    public <T> Optional<T> get(Table<T> table, String id) {
      return id == null ? Optional.empty() : Optional.ofNullable(table(table).get(id));
    }

    public <T> void put(Table<T> table, String id, T value) {
      Objects.requireNonNull(value);
      current[table.ordinal()] = table(table).put(table, id, value);
      touched.computeIfAbsent(table, t -> new LinkedHashMap<>()).put(id, value);
    }

    private <T> void putRow(Table<T> table, String id, Object value) {
      put(table, id, table.cast(value));
    }

    public void remove(Table<?> table, String id) {
      removeRow(table, id);
    }

    private <T> void removeRow(Table<T> table, String id) {
      if (table(table).get(id) == null && base.table(table).get(id) == null) return;
      current[table.ordinal()] = table(table).remove(table, id);
      touched.computeIfAbsent(table, t -> new LinkedHashMap<>()).put(id, null);
    }

    /** A fresh id with this prefix that no row of the table uses yet. */
    public String newId(Table<?> table, String prefix, IdSource ids) {
      String id;
      do id = ids.next(prefix);
      while (current[table.ordinal()].get(id) != null);
      return id;
    }

    /** The rows this write changed: what differs from the snapshot it started from, table by table. */
    public List<Change> changes() {
      List<Change> out = new ArrayList<>();
      for (Table<?> t : Table.ALL) {
        Map<String, Object> ids = touched.get(t);
        if (ids == null) continue;
        Rows<?> was = base.tables[t.ordinal()];
        ids.forEach((id, value) -> {
          if (!Objects.equals(was.get(id), value)) out.add(new Change(t, id, value));
        });
      }
      return out;
    }

    /** The snapshot after this write: the next version when it changed anything, else the same one. */
    public Desired build() {
      return changes().isEmpty() ? base : new Desired(base.version + 1, current.clone());
    }
  }
}
