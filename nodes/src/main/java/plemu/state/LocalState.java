package plemu.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import plemu.controlplane.Desired;

/**
 * This node's current snapshot of the desired state, as its {@link StateFollower} applied it: what
 * the node's API reads (one volatile read, whatever the world's size), and a way to wait until a
 * write's version is here.
 */
public final class LocalState {
  private volatile Desired current = Desired.empty();
  private volatile boolean loaded;
  private final TreeMap<Long, List<CompletableFuture<Desired>>> waiting = new TreeMap<>();

  /** The newest snapshot this node applied (empty until {@link #loaded()}). */
  public Desired current() {
    return current;
  }

  /** Whether the node has read the state once (after its start, from a majority of nodes). */
  public boolean loaded() {
    return loaded;
  }

  /** Completes with a snapshot at {@code version} or later (at once when this node has it). */
  public CompletionStage<Desired> atLeast(long version) {
    Desired now = current;
    if (loaded && now.version() >= version) return CompletableFuture.completedFuture(now);
    CompletableFuture<Desired> f = new CompletableFuture<>();
    synchronized (waiting) {
      waiting.computeIfAbsent(version, v -> new ArrayList<>()).add(f);
    }
    set(null); // in case the state moved on meanwhile
    return f;
  }

  /** The follower's new snapshot ({@code null}: only wake the waiters). */
  void set(Desired next) {
    if (next != null) {
      current = next;
      loaded = true;
    }
    if (!loaded) return;
    Desired now = current;
    List<CompletableFuture<Desired>> due = new ArrayList<>();
    synchronized (waiting) {
      Map<Long, List<CompletableFuture<Desired>>> head = waiting.headMap(now.version(), true);
      head.values().forEach(due::addAll);
      head.clear();
    }
    due.forEach(f -> f.complete(now));
  }
}
