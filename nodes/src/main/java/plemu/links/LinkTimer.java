package plemu.links;

/**
 * Where impairments get their timing from: runs a task at a given {@link System#nanoTime}, never
 * before it. {@link PreciseTimer} is a thread of its own for Pekko's IO today (its tasks hand over to
 * the stage through an async callback); a selector loop can implement this with its own timer queue
 * and run tasks on the thread that moves the bytes.
 */
public interface LinkTimer {
  /** Runs {@code task} at or soon after {@code atNanos}, on the timer's thread. */
  Cancellable schedule(long atNanos, Runnable task);

  /** A scheduled task that may still be called off. */
  interface Cancellable {
    /** The task will not run if it has not started yet. */
    void cancel();
  }
}
