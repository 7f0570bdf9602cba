package plemu.links;

/**
 * An impairment on one flow in one direction. Called by one thread at a time (the one moving the
 * flow's bytes), with times on the {@link System#nanoTime} scale that never go back. Times are
 * when a chunk reaches this impairment, which is when the one before it let it go, not when the
 * call happens: timer delays do not add up along a chain.
 */
public interface ImpairmentState {
  /** Held for ever: an end of stream a blackhole withholds. */
  long NEVER = Long.MAX_VALUE;

  /** What becomes of a chunk of {@code size} bytes (at least 1) that reaches this impairment at {@code atNanos}. */
  Verdict onChunk(long atNanos, int size);

  /**
   * When the end of the stream ({@code ending}: FINISH for a FIN, RESET for one that a reset before
   * this impairment made) that reaches it at {@code atNanos} goes on; {@link #NEVER} withholds it.
   */
  default long onEnd(long atNanos, Verdict.Outcome ending) {
    return atNanos;
  }

  /** What happens at once when the impairment starts on the flow: PASS (nothing), FINISH or RESET. */
  default Verdict.Outcome onStart(long nowNanos) {
    return Verdict.Outcome.PASS;
  }
}
