package plemu.controlplane;

import java.util.List;
import java.util.Map;
import java.util.Set;
import scala.Option;
import scala.collection.immutable.HashMap;
import scala.collection.immutable.HashSet;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The rows of one table in one snapshot: a persistent map (Scala's CHAMP {@code HashMap}), so a
 * snapshot with one more row shares every other row with the one before. Get, put and remove cost
 * O(log32 n); sharing a snapshot costs nothing. The table's indexes ({@link Table.Index}: by owner,
 * by VPC, ...) are persistent too, so "the rows with this key" costs what they are, not the world.
 */
final class Rows<T> {
  private static final Rows<?> EMPTY = new Rows<>(scala.collection.immutable.HashMap$.MODULE$.empty(),
      new HashMap<?, ?>[0]);

  private final HashMap<String, T> byId;
  /** Per index of the table (in its order): index key to the ids of the rows with that key. */
  private final HashMap<String, HashSet<String>>[] indexes;
  private volatile Map<String, T> view;

  private Rows(HashMap<String, T> byId, HashMap<?, ?>[] indexes) {
    this.byId = byId;
    @SuppressWarnings("unchecked")
    HashMap<String, HashSet<String>>[] typed = (HashMap<String, HashSet<String>>[]) indexes;
    this.indexes = typed;
  }

  private HashMap<String, HashSet<String>> index(int i) {
    return i < indexes.length ? indexes[i] : scala.collection.immutable.HashMap$.MODULE$.empty();
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
    List<Table.Index<T>> all = table.indexes();
    HashMap<?, ?>[] next = new HashMap<?, ?>[all.size()];
    for (int i = 0; i < all.size(); i++) {
      HashMap<String, HashSet<String>> idx = index(i);
      String was = old == null ? null : all.get(i).keyOf(old);
      String now = all.get(i).keyOf(value);
      if (was != null && !was.equals(now)) idx = without(idx, was, id);
      if (now != null && !now.equals(was)) idx = with(idx, now, id);
      next[i] = idx;
    }
    return new Rows<>(byId.updated(id, value), next);
  }

  Rows<T> remove(Table<T> table, String id) {
    T old = get(id);
    if (old == null) return this;
    List<Table.Index<T>> all = table.indexes();
    HashMap<?, ?>[] next = new HashMap<?, ?>[all.size()];
    for (int i = 0; i < all.size(); i++) {
      String key = all.get(i).keyOf(old);
      next[i] = key == null ? index(i) : without(index(i), key, id);
    }
    return new Rows<>(byId.removed(id), next);
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

  /** The ids of the rows whose key in index {@code i} of the table is {@code key}. */
  Set<String> idsWhere(int i, String key) {
    Option<HashSet<String>> ids = index(i).get(key);
    return ids.isDefined() ? java.util.Collections.unmodifiableSet(CollectionConverters.asJava(ids.get())) : Set.of();
  }

  /** Every key index {@code i} of the table holds. */
  Set<String> keysOf(int i) {
    return java.util.Collections.unmodifiableSet(CollectionConverters.asJava(index(i).keySet()));
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
