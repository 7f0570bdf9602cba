package plemu.links;

/**
 * What an impairment does with a chunk of {@code size} bytes: the first {@link #bytes} bytes go on at
 * {@link #atNanos} (never earlier than the chunk reached it), then {@link #after} says what becomes
 * of the rest.
 */
public record Verdict(long atNanos, int bytes, Outcome after) {
  public enum Outcome {
    /** The rest, if any, is offered to the same impairment again (a bandwidth cap cuts chunks into pieces). */
    PASS,
    /** The rest is dropped (a blackhole). */
    DROP,
    /** The stream ends (FIN) after the bytes; the rest and everything after it are dropped. */
    FINISH,
    /** The stream is reset (RST) after the bytes; the rest and everything after it are dropped. */
    RESET
  }

  public Verdict {
    if (bytes < 0) throw new IllegalArgumentException("negative byte count");
  }

  /** The whole chunk, or its first {@code bytes} bytes with the rest offered again, goes on at {@code atNanos}. */
  public static Verdict pass(long atNanos, int bytes) {
    return new Verdict(atNanos, bytes, Outcome.PASS);
  }

  public static Verdict drop(long atNanos) {
    return new Verdict(atNanos, 0, Outcome.DROP);
  }

  public static Verdict finishAfter(long atNanos, int bytes) {
    return new Verdict(atNanos, bytes, Outcome.FINISH);
  }

  public static Verdict resetAfter(long atNanos, int bytes) {
    return new Verdict(atNanos, bytes, Outcome.RESET);
  }
}
