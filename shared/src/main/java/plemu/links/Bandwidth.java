package plemu.links;

import static plemu.links.ImpairmentType.attribute;

import java.util.List;

/**
 * A bandwidth cap: a token bucket of {@code burstBytes} filled at {@code bytesPerSecond} (as the
 * generic cell rate algorithm computes it: a piece goes on once the bucket holds it). Chunks are cut
 * into pieces of about 5 ms of traffic (at least 1/64 of the chunk, at most 64 KiB), so a slow link
 * delivers steadily instead of a chunk at a time.
 */
public record Bandwidth(long bytesPerSecond, long burstBytes) implements Impairment {
  static final long MAX_RATE = 100_000_000_000L;
  static final long MAX_BURST = 1L << 30;

  public static final ImpairmentType TYPE = new ImpairmentType("bandwidth",
      "caps the rate at bytesPerSecond (a token bucket of burstBytes)",
      List.of(attribute("bytesPerSecond", "bytes per second, 1 to " + MAX_RATE),
          attribute("burstBytes", "bytes that may pass at once after a pause; default 10 ms of traffic, at least 1")),
      Bandwidth::parse);

  static Bandwidth parse(ImpairmentAttributes a) {
    long rate = a.count("bytesPerSecond", "bytes per second", 1, MAX_RATE);
    long burst = a.count("burstBytes", "bytes", 1, MAX_BURST, Math.min(MAX_BURST, Math.max(1, rate / 100)));
    return new Bandwidth(rate, burst);
  }

  @Override
  public ImpairmentType type() {
    return TYPE;
  }

  @Override
  public ImpairmentState start(FlowContext flow) {
    return new TokenBucket(bytesPerSecond, burstBytes);
  }

  /** The bucket of one flow and direction; package-private for its tests. */
  static final class TokenBucket implements ImpairmentState {
    private final double nanosPerByte;
    private final double burstNanos;
    private final int piece;
    /** The theoretical arrival time of the next byte (GCRA's TAT), in nanoseconds. */
    private double tat = Double.NEGATIVE_INFINITY;

    TokenBucket(long bytesPerSecond, long burstBytes) {
      this.nanosPerByte = 1e9 / bytesPerSecond;
      this.burstNanos = burstBytes * nanosPerByte;
      this.piece = (int) Math.max(1, Math.min(65_536, bytesPerSecond / 200));
    }

    @Override
    public Verdict onChunk(long atNanos, int size) {
      int bytes = Math.min(size, Math.max(piece, (size + 63) / 64));
      double release = Math.max(atNanos, tat - burstNanos);
      tat = Math.max(tat, atNanos) + bytes * nanosPerByte;
      return Verdict.pass((long) Math.ceil(release), bytes);
    }
  }
}
