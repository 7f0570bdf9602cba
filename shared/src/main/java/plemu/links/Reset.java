package plemu.links;

import static plemu.links.ImpairmentType.attribute;

import java.util.List;

/**
 * Reset: the stream is reset (RST) once {@code afterBytes} bytes went on, counted from when the
 * impairment starts on the flow; with 0 (the default) at once, also on an idle flow. The reset
 * follows the bytes before it through the rest of the chain, but a peer that gets an RST may lose
 * bytes still in its buffers, as with a real reset.
 */
public record Reset(long afterBytes) implements Impairment {
  public static final ImpairmentType TYPE = new ImpairmentType("reset",
      "resets the stream (RST) at once, or after afterBytes bytes",
      List.of(attribute("afterBytes", "bytes, 0 or more; default 0 (at once)")),
      Reset::parse);

  static Reset parse(ImpairmentAttributes a) {
    return new Reset(a.count("afterBytes", "bytes", 0, Long.MAX_VALUE, 0));
  }

  @Override
  public ImpairmentType type() {
    return TYPE;
  }

  @Override
  public ImpairmentState start(FlowContext flow) {
    return new ByteBudget(afterBytes, Verdict.Outcome.RESET);
  }
}
