package plemu.links;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.apache.pekko.util.ByteString;

/**
 * One direction of one flow through a {@link LiveChain}: the bytes, held while impairments hold them.
 * It knows no stream library: a driver on the thread that moves the bytes (the Pekko stage
 * {@link ImpairmentStage}, or a socket stage of a selector loop) offers chunks and the end of the
 * stream, takes what is ready, and calls {@link #onTimer} when the {@link Wakeup} it was asked for
 * comes. Not thread-safe: one driver thread at a time.
 *
 * <p>Each impairment of the chain is a slot with a FIFO queue (as Toxiproxy's toxics are a pipeline):
 * a chunk reaching a slot gets that impairment's verdict, waits in its queue until the verdict's
 * time, then reaches the next slot at that time. So nothing overtakes, timer lateness does not add
 * up along the chain, and a change of the chain acts on bytes where they are:
 * <ul>
 *   <li>an impairment that stays (same spec) keeps its state and what it holds;
 *   <li>one that is removed or changed lets what it holds go on at once, from its place in the chain
 *       (a cleared stall releases its bytes, a cleared blackhole its withheld FIN; bytes a blackhole
 *       dropped are gone); one that is added acts on what reaches it from then on;
 *   <li>if the change reorders impairments that stay, everything held goes out at once, in order.
 * </ul>
 * With an empty chain and nothing held, {@link #passesThrough()} is true and the driver hands chunks
 * on itself; it costs one volatile read per chunk.
 */
public final class ImpairedDirection {
  /** How this asks to be woken: the driver calls {@link #onTimer} at {@code atNanos}, on its own thread. */
  public interface Wakeup {
    LinkTimer.Cancellable wakeAt(long atNanos);
  }

  /** Data ({@code end} null) or the end of the stream (FINISH or RESET), with when it may go on. */
  private static final class Item {
    final ByteString data;
    final Verdict.Outcome end;
    long due;

    Item(ByteString data, Verdict.Outcome end) {
      this.data = data;
      this.end = end;
    }
  }

  private static final class Slot {
    final LiveChain.Entry entry;
    final ImpairmentState state;
    final ArrayDeque<Item> queue = new ArrayDeque<>();
    /** An end went through (or was made) here: later arrivals are dropped. */
    boolean closed;

    Slot(LiveChain.Entry entry, ImpairmentState state) {
      this.entry = entry;
      this.state = state;
    }

    String type() {
      return entry.spec().type();
    }
  }

  /** The most a single {@link #takeData()} hands on at once. */
  private static final int MAX_TAKE = 256 * 1024;

  private final LiveChain chain;
  private final Wakeup wakeup;
  private final RandomGenerator random;
  private final long maxBytes;
  private final int maxItems;
  private LiveChain.Snapshot seen;
  private List<Slot> slots = List.of();
  private final ArrayDeque<Item> output = new ArrayDeque<>();
  private long heldBytes;
  private int heldItems;
  private boolean resetNow;
  private long wakeAt = Long.MAX_VALUE;
  private LinkTimer.Cancellable pendingWake;

  /** {@code maxBytes} and {@code maxItems}: what may be held before {@link #hasRoom()} turns false. */
  public ImpairedDirection(LiveChain chain, Wakeup wakeup, RandomGenerator random, long maxBytes, int maxItems) {
    this.chain = chain;
    this.wakeup = wakeup;
    this.random = random;
    this.maxBytes = maxBytes;
    this.maxItems = maxItems;
  }

  /** Nothing impairs this direction and nothing is held: chunks may go straight on. */
  public boolean passesThrough() {
    return chain.current() == seen && slots.isEmpty() && heldItems == 0;
  }

  /** Whether the driver may take in more (the held bytes and chunks are under their bounds). */
  public boolean hasRoom() {
    return heldBytes < maxBytes && heldItems < maxItems;
  }

  /** A chunk from upstream, at {@code now}. */
  public void offer(ByteString data, long now) {
    refresh(now);
    if (data.isEmpty()) return;
    heldBytes += data.size();
    arrive(0, new Item(data, null), now, now);
    schedule();
  }

  /** The end of the stream (FIN) from upstream. */
  public void finish(long now) {
    refresh(now);
    arrive(0, new Item(null, Verdict.Outcome.FINISH), now, now);
    schedule();
  }

  /** The wake-up asked for came. */
  public void onTimer(long now) {
    pendingWake = null;
    wakeAt = Long.MAX_VALUE;
    refresh(now);
    pump(now);
    schedule();
  }

  /** The chain may have changed (also the first call, before any chunk). */
  public void onChainChanged(long now) {
    refresh(now);
    pump(now);
    schedule();
  }

  /** Whether data is ready to go on. */
  public boolean hasData() {
    return !resetNow && !output.isEmpty() && output.peek().end == null;
  }

  /** The data ready to go on (what is ready, up to 256 KiB, in one), or null. */
  public ByteString takeData() {
    if (!hasData()) return null;
    ByteString out = ByteString.emptyByteString();
    while (!output.isEmpty() && output.peek().end == null && (out.isEmpty() || out.size() + output.peek().data.size() <= MAX_TAKE)) {
      Item it = output.poll();
      heldItems--;
      heldBytes -= it.data.size();
      out = out.concat(it.data);
    }
    return out;
  }

  /** How the stream ends now, once what came before has been taken: FINISH, RESET, or null (not yet). */
  public Verdict.Outcome ending() {
    if (resetNow) return Verdict.Outcome.RESET;
    return !output.isEmpty() && output.peek().end != null ? output.peek().end : null;
  }

  /** The flow ended: calls off the pending wake-up. */
  public void close() {
    if (pendingWake != null) pendingWake.cancel();
    pendingWake = null;
  }

  /** Bytes held (for tests and diagnostics). */
  public long heldBytes() {
    return heldBytes;
  }

  // ---- the pipeline -----------------------------------------------------------------------------

  /** {@code item} reaches slot {@code j} (the output when past the last) at {@code t}. */
  private void arrive(int j, Item item, long t, long now) {
    while (true) {
      if (j == slots.size()) {
        item.due = t;
        output.add(item);
        heldItems++;
        return;
      }
      Slot s = slots.get(j);
      if (s.closed) {
        discard(item);
        return;
      }
      if (item.end != null) {
        s.closed = true;
        long at = Math.max(t, s.state.onEnd(t, item.end));
        if (!place(s, item, at, now)) return;
        j++;
        t = at;
        continue;
      }
      int size = item.data.size();
      Verdict v = s.state.onChunk(t, size);
      long at = Math.max(t, v.atNanos());
      int bytes = v.bytes();
      if (bytes > size || (bytes == 0 && v.after() == Verdict.Outcome.PASS))
        throw new IllegalStateException(s.type() + " passed " + bytes + " bytes of " + size);
      if (v.after() == Verdict.Outcome.PASS && bytes == size) {
        if (!place(s, item, at, now)) return;
        j++;
        t = at;
        continue;
      }
      Item first = bytes == 0 ? null : new Item(item.data.take(bytes), null);
      ByteString rest = item.data.drop(bytes);
      if (first != null && place(s, first, at, now)) arrive(j + 1, first, at, now);
      if (v.after() == Verdict.Outcome.PASS) {
        item = new Item(rest, null); // offered to the same impairment again
        continue;
      }
      heldBytes -= rest.size();
      if (v.after() == Verdict.Outcome.DROP) return;
      s.closed = true;
      Item end = new Item(null, v.after());
      if (place(s, end, at, now)) arrive(j + 1, end, at, now);
      return;
    }
  }

  /** Whether {@code item} goes on from {@code s} at once; else it waits in the slot's queue until {@code at}. */
  private boolean place(Slot s, Item item, long at, long now) {
    if (at <= now && s.queue.isEmpty()) return true;
    item.due = at;
    s.queue.add(item);
    heldItems++;
    return false;
  }

  private void discard(Item item) {
    if (item.data != null) heldBytes -= item.data.size();
  }

  /** Moves every item whose time has come to the next slot, last slot first. */
  private void pump(long now) {
    for (int j = slots.size() - 1; j >= 0; j--) {
      ArrayDeque<Item> queue = slots.get(j).queue;
      while (!queue.isEmpty() && queue.peek().due <= now) {
        Item it = queue.poll();
        heldItems--;
        arrive(j + 1, it, it.due, now);
      }
    }
  }

  private void schedule() {
    long earliest = Long.MAX_VALUE;
    for (Slot s : slots) if (!s.queue.isEmpty()) earliest = Math.min(earliest, s.queue.peek().due);
    if (earliest == Long.MAX_VALUE || earliest >= wakeAt) return;
    if (pendingWake != null) pendingWake.cancel();
    wakeAt = earliest;
    pendingWake = wakeup.wakeAt(earliest);
  }

  // ---- changes of the chain ---------------------------------------------------------------------

  private void refresh(long now) {
    LiveChain.Snapshot next = chain.current();
    if (next != seen) rebuild(next, now);
  }

  private void rebuild(LiveChain.Snapshot next, long now) {
    seen = next;
    List<Slot> old = slots;
    List<Slot> fresh = new ArrayList<>();
    List<Slot> started = new ArrayList<>();
    for (LiveChain.Entry e : next.entries()) {
      Slot kept = old.stream().filter(o -> o.entry.equals(e)).findFirst().orElse(null);
      if (kept == null) {
        kept = new Slot(e, e.impairment().start(new FlowContext(e.setAtNanos(), random)));
        started.add(kept);
      }
      fresh.add(kept);
    }
    slots = fresh;
    if (!sameOrder(old, fresh)) {
      for (int k = old.size() - 1; k >= 0; k--) releaseToOutput(old.get(k), now);
    } else {
      for (int k = old.size() - 1; k >= 0; k--) {
        Slot gone = old.get(k);
        if (fresh.contains(gone)) continue;
        int position = reentry(old, k, fresh);
        while (!gone.queue.isEmpty()) {
          Item it = gone.queue.poll();
          heldItems--;
          arrive(position, it, now, now);
        }
      }
    }
    for (Slot s : started) {
      Verdict.Outcome atStart = s.state.onStart(now);
      if (atStart == Verdict.Outcome.RESET) resetNow = true;
      else if (atStart == Verdict.Outcome.FINISH && !s.closed) {
        s.closed = true;
        Item end = new Item(null, Verdict.Outcome.FINISH);
        if (place(s, end, now, now)) arrive(fresh.indexOf(s) + 1, end, now, now);
      }
    }
  }

  /** Where the items of removed or changed slot {@code k} go on: after the nearest slot at or before it that has a counterpart. */
  private static int reentry(List<Slot> old, int k, List<Slot> fresh) {
    for (int i = k; i >= 0; i--)
      for (int p = 0; p < fresh.size(); p++) if (fresh.get(p).type().equals(old.get(i).type())) return p + 1;
    return 0;
  }

  /** Whether the types the old and new chains share come in the same order in both. */
  private static boolean sameOrder(List<Slot> old, List<Slot> fresh) {
    List<String> before = old.stream().map(Slot::type).filter(t -> fresh.stream().anyMatch(f -> f.type().equals(t))).toList();
    List<String> after = fresh.stream().map(Slot::type).filter(t -> old.stream().anyMatch(o -> o.type().equals(t))).toList();
    return before.equals(after);
  }

  private void releaseToOutput(Slot s, long now) {
    while (!s.queue.isEmpty()) {
      Item it = s.queue.poll();
      it.due = now;
      output.add(it);
    }
  }
}
