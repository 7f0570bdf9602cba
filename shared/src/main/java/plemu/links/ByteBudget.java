package plemu.links;

/** Lets a number of bytes through, then ends the stream with {@code ending} (limit data, reset). */
final class ByteBudget implements ImpairmentState {
  private final Verdict.Outcome ending;
  private long left;

  ByteBudget(long bytes, Verdict.Outcome ending) {
    this.left = bytes;
    this.ending = ending;
  }

  @Override
  public Verdict.Outcome onStart(long nowNanos) {
    return left == 0 ? ending : Verdict.Outcome.PASS;
  }

  @Override
  public Verdict onChunk(long atNanos, int size) {
    if (size < left) {
      left -= size;
      return Verdict.pass(atNanos, size);
    }
    int bytes = (int) left;
    left = 0;
    return new Verdict(atNanos, bytes, ending);
  }
}
