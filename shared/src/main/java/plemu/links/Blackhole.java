package plemu.links;

import java.util.List;

/**
 * A blackhole: bytes are accepted and dropped, and the end of the stream is withheld, so the peer
 * sees neither data nor FIN and its reads time out (Toxiproxy's timeout with 0). Dropped bytes are
 * gone: once the blackhole is cleared, later bytes pass (the stream has a gap) and a withheld end
 * goes on.
 */
public record Blackhole() implements Impairment {
  public static final ImpairmentType TYPE = new ImpairmentType("blackhole",
      "drops all data and withholds the end of the stream, so the peer times out", List.of(), a -> new Blackhole());

  @Override
  public ImpairmentType type() {
    return TYPE;
  }

  @Override
  public ImpairmentState start(FlowContext flow) {
    return new ImpairmentState() {
      @Override
      public Verdict onChunk(long atNanos, int size) {
        return Verdict.drop(atNanos);
      }

      @Override
      public long onEnd(long atNanos, Verdict.Outcome ending) {
        return NEVER;
      }
    };
  }
}
