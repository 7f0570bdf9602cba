package plemu.controlplane;

import java.util.Map;
import java.util.Set;
import scala.Option;
import scala.collection.immutable.HashMap;
import scala.collection.immutable.HashSet;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The rows of one table in one snapshot: a persistent map (Scala's CHAMP {@code HashMap}), so a
 * snapshot with one more row shares every other row with the one before. Get, put and remove cost
 * O(log32 n); sharing a snapshot costs nothing. An index by owner account makes "this account's
 * rows" cost what the account has, not what the world has.
 */
final class Rows<T> {
  private static final Rows<?> EMPTY = new Rows<>(scala.collection.immutable.HashMap$.MODULE$.empty(),
      scala.collection.immutable.HashMap$.MODULE$.empty());

  private final HashMap<String, T> byId;
  /** Owner account id to the ids of its rows (tables whose records have no owner: empty). */
  private final HashMap<String, HashSet<String>> byOwner;
  private volatile Map<String, T> view;

  private Rows(HashMap<String, T> byId, HashMap<String, HashSet<String>> byOwner) {
    this.byId = byId;
    this.byOwner = byOwner;
  }

  @SuppressWarnings("unchecked")
  static <T> Rows<T> empty() {
    return (Rows<T>) EMPTY;
  }

  T get(String id) {
    Option<T> v = byId.get(id);
    return v.isDefined() ? v.get() : null;
  }

  int size() {
    return byId.size();
  }

  Rows<T> put(Table<T> table, String id, T value) {
    T old = get(id);
    HashMap<String, HashSet<String>> owners = byOwner;
    String was = old == null ? null : table.ownerOf(old);
    String now = table.ownerOf(value);
    if (was != null && !was.equals(now)) owners = without(owners, was, id);
    if (now != null && !now.equals(was)) owners = with(owners, now, id);
    return new Rows<>(byId.updated(id, value), owners);
  }

  Rows<T> remove(Table<T> table, String id) {
    T old = get(id);
    if (old == null) return this;
    String owner = table.ownerOf(old);
    return new Rows<>(byId.removed(id), owner == null ? byOwner : without(byOwner, owner, id));
  }

  /** A read-only view (made once per snapshot of the table). */
  Map<String, T> asMap() {
    Map<String, T> v = view;
    if (v == null) {
      v = java.util.Collections.unmodifiableMap(CollectionConverters.asJava(byId));
      view = v;
    }
    return v;
  }

  /** The ids of the rows {@code ownerId} owns. */
  Set<String> idsOwnedBy(String ownerId) {
    Option<HashSet<String>> ids = byOwner.get(ownerId);
    return ids.isDefined() ? java.util.Collections.unmodifiableSet(CollectionConverters.asJava(ids.get())) : Set.of();
  }

  private static HashMap<String, HashSet<String>> with(HashMap<String, HashSet<String>> owners, String owner, String id) {
    Option<HashSet<String>> ids = owners.get(owner);
    HashSet<String> set = ids.isDefined() ? ids.get() : scala.collection.immutable.HashSet$.MODULE$.empty();
    return owners.updated(owner, set.incl(id));
  }

  private static HashMap<String, HashSet<String>> without(HashMap<String, HashSet<String>> owners, String owner, String id) {
    Option<HashSet<String>> ids = owners.get(owner);
    if (ids.isEmpty()) return owners;
    HashSet<String> left = ids.get().excl(id);
    return left.isEmpty() ? owners.removed(owner) : owners.updated(owner, left);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Rows<?> other && byId.equals(other.byId);
  }

  @Override
  public int hashCode() {
    return byId.hashCode();
  }
}
