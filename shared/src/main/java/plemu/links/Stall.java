package plemu.links;

import static plemu.links.ImpairmentType.attribute;

import java.util.List;

/**
 * A stall: every byte and the end of the stream are held until {@code durationMs} after the stall
 * was set on the link (without it: until it is cleared), then go on in order. Flows opened during
 * the stall are held too. Held bytes count against the flow's buffer, so the sender is slowed down
 * once it is full, as by a link that stopped forwarding.
 */
public record Stall(double durationMs) implements Impairment {
  static final double MAX_MS = 86_400_000;

  public static final ImpairmentType TYPE = new ImpairmentType("stall",
      "holds all data (and the end of the stream) until durationMs after the stall was set",
      List.of(attribute("durationMs", "milliseconds, 0 to " + (long) MAX_MS + "; without it, until cleared")),
      Stall::parse);

  static Stall parse(ImpairmentAttributes a) {
    return new Stall(a.millis("durationMs", MAX_MS, Double.POSITIVE_INFINITY));
  }

  @Override
  public ImpairmentType type() {
    return TYPE;
  }

  @Override
  public ImpairmentState start(FlowContext flow) {
    long end = Double.isInfinite(durationMs) ? ImpairmentState.NEVER : flow.setAtNanos() + Math.round(durationMs * 1e6);
    return new ImpairmentState() {
      @Override
      public Verdict onChunk(long atNanos, int size) {
        return Verdict.pass(Math.max(atNanos, end), size);
      }

      @Override
      public long onEnd(long atNanos, Verdict.Outcome ending) {
        return ending == Verdict.Outcome.FINISH ? Math.max(atNanos, end) : atNanos;
      }
    };
  }
}
