package plemu.links;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link LinkTimer} with sub-millisecond accuracy, for impairments on Pekko's IO (whose scheduler
 * ticks every 10 ms): one thread parks until shortly before the earliest task ({@code parkNanos}
 * wakes up 80-100 µs late on a CI box), then spins for the last {@code spin} and runs every task
 * that is due. It uses no CPU when no task is near. Tasks must be short: they hand over to the
 * thread that moves the bytes (an async callback), never do the work themselves.
 */
public final class PreciseTimer implements LinkTimer, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PreciseTimer.class);

  private final long spinNanos;
  private final PriorityQueue<Task> queue = new PriorityQueue<>();
  private final Thread thread;
  private long sequence;
  private volatile boolean closed;

  private PreciseTimer(String name, Duration spin) {
    this.spinNanos = spin.toNanos();
    this.thread = new Thread(this::run, name);
    thread.setDaemon(true);
  }

  /** A timer on a new daemon thread {@code name} that spins for the last {@code spin} before a task. */
  public static PreciseTimer start(String name, Duration spin) {
    PreciseTimer timer = new PreciseTimer(name, spin);
    timer.thread.start();
    return timer;
  }

  @Override
  public Cancellable schedule(long atNanos, Runnable task) {
    Task t;
    boolean first;
    synchronized (queue) {
      t = new Task(atNanos, sequence++, task);
      queue.add(t);
      first = queue.peek() == t;
    }
    if (first) LockSupport.unpark(thread);
    return t;
  }

  /** How many tasks wait (cancelled ones until their time comes); for tests and diagnostics. */
  public int pending() {
    synchronized (queue) {
      return queue.size();
    }
  }

  private void run() {
    List<Task> due = new ArrayList<>();
    while (!closed) {
      long next;
      synchronized (queue) {
        while (!queue.isEmpty() && queue.peek().cancelled) queue.poll();
        Task head = queue.peek();
        long now = System.nanoTime();
        while (head != null && head.atNanos <= now) {
          queue.poll();
          if (!head.cancelled) due.add(head);
          head = queue.peek();
        }
        next = head == null ? Long.MAX_VALUE : head.atNanos - now;
      }
      if (!due.isEmpty()) {
        for (Task t : due) runTask(t);
        due.clear();
      } else if (next == Long.MAX_VALUE) LockSupport.park(this);
      else if (next > spinNanos) LockSupport.parkNanos(this, next - spinNanos);
      else Thread.onSpinWait();
    }
  }

  private static void runTask(Task t) {
    try {
      t.task.run();
    } catch (RuntimeException | Error e) {
      log.error("a link timer task failed", e);
    }
  }

  /** Stops the thread; tasks not run yet never run. */
  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(thread);
    try {
      thread.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static final class Task implements Cancellable, Comparable<Task> {
    final long atNanos;
    final long sequence;
    final Runnable task;
    volatile boolean cancelled;

    Task(long atNanos, long sequence, Runnable task) {
      this.atNanos = atNanos;
      this.sequence = sequence;
      this.task = task;
    }

    @Override
    public void cancel() {
      cancelled = true;
    }

    @Override
    public int compareTo(Task o) {
      int c = Long.compare(atNanos, o.atNanos);
      return c != 0 ? c : Long.compare(sequence, o.sequence);
    }
  }
}
