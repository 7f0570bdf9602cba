package plemu.links;

import static plemu.links.ImpairmentType.attribute;

import java.util.List;

/** A slow close (Toxiproxy's slow_close): the end of the stream (FIN) goes on {@code delayMs} late; data does not wait. */
public record SlowClose(double delayMs) implements Impairment {
  static final double MAX_MS = 3_600_000;

  public static final ImpairmentType TYPE = new ImpairmentType("slow_close",
      "delays the end of the stream (FIN) by delayMs",
      List.of(attribute("delayMs", "milliseconds, 0 to " + (long) MAX_MS)),
      SlowClose::parse);

  static SlowClose parse(ImpairmentAttributes a) {
    return new SlowClose(a.millis("delayMs", MAX_MS));
  }

  @Override
  public ImpairmentType type() {
    return TYPE;
  }

  @Override
  public ImpairmentState start(FlowContext flow) {
    long delay = Math.round(delayMs * 1e6);
    return new ImpairmentState() {
      @Override
      public Verdict onChunk(long atNanos, int size) {
        return Verdict.pass(atNanos, size);
      }

      @Override
      public long onEnd(long atNanos, Verdict.Outcome ending) {
        return ending == Verdict.Outcome.FINISH ? atNanos + delay : atNanos;
      }
    };
  }
}
