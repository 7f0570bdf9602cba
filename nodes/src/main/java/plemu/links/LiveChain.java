package plemu.links;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The impairment chain of one direction of one link, read live by every flow that crosses it: a
 * flow reads {@link #current()} (one volatile read) for each chunk and is told of each change
 * ({@link #subscribe}), so a change reaches open flows within a chunk, and idle ones at once. Each
 * {@link Snapshot} is immutable; an impairment that stays the same across a change keeps its
 * {@link Entry} (and so its start time and, on open flows, its state).
 */
public final class LiveChain {
  /** An impairment on the link, parsed, with when it was set there ({@link System#nanoTime}). */
  public record Entry(ImpairmentSpec spec, Impairment impairment, long setAtNanos) {}

  /** The chain at one version; {@link #isEmpty()} chains cost a flow nothing but the read. */
  public record Snapshot(long version, List<Entry> entries) {
    public boolean isEmpty() {
      return entries.isEmpty();
    }

    public ImpairmentChain chain() {
      return new ImpairmentChain(entries.stream().map(Entry::spec).toList());
    }
  }

  /** A flow's subscription to changes; close it when the flow ends. */
  public interface Subscription extends AutoCloseable {
    @Override
    void close();
  }

  private final LongSupplier clock;
  private final Set<Runnable> listeners = ConcurrentHashMap.newKeySet();
  private volatile Snapshot current = new Snapshot(0, List.of());

  public LiveChain(ImpairmentChain initial) {
    this(initial, System::nanoTime);
  }

  /** A chain whose set times come from {@code clock} (tests). */
  public LiveChain(ImpairmentChain initial, LongSupplier clock) {
    this.clock = clock;
    set(initial);
  }

  public Snapshot current() {
    return current;
  }

  /**
   * Replaces the chain ({@link ImpairmentChain#validated}: refused with an AWS-style error, which
   * changes nothing) and tells every subscribed flow. Setting the chain it already has changes
   * nothing (a stall set again is not restarted: clear it first).
   */
  public void set(ImpairmentChain chain) {
    List<Impairment> parsed = chain.parse();
    List<Runnable> toTell;
    synchronized (this) {
      Snapshot before = current;
      if (before.chain().equals(chain)) return;
      long now = clock.getAsLong();
      List<Entry> entries = new ArrayList<>();
      for (int i = 0; i < parsed.size(); i++) {
        ImpairmentSpec spec = chain.impairments().get(i);
        entries.add(before.entries().stream().filter(e -> e.spec().equals(spec)).findFirst()
            .orElse(new Entry(spec, parsed.get(i), now)));
      }
      current = new Snapshot(before.version() + 1, List.copyOf(entries));
      toTell = List.copyOf(listeners);
    }
    toTell.forEach(Runnable::run);
  }

  public void clear() {
    set(ImpairmentChain.EMPTY);
  }

  /** Calls {@code onChange} (from the thread that changes the chain; it must only hand over) after each change. */
  public Subscription subscribe(Runnable onChange) {
    Runnable own = onChange::run; // a distinct object per subscription, even for the same callback
    listeners.add(own);
    return () -> listeners.remove(own);
  }

  /** How many flows listen; for tests and diagnostics. */
  public int subscribers() {
    return listeners.size();
  }
}
