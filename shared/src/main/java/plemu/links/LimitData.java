package plemu.links;

import static plemu.links.ImpairmentType.attribute;

import java.util.List;

/**
 * Limit data (Toxiproxy's limit_data): the first {@code bytes} bytes go on, then the stream ends
 * (FIN) and what follows is dropped. Counted from when the impairment starts on the flow; 0 ends
 * the stream at once.
 */
public record LimitData(long bytes) implements Impairment {
  public static final ImpairmentType TYPE = new ImpairmentType("limit_data",
      "lets bytes through, then ends the stream (FIN)",
      List.of(attribute("bytes", "bytes, 0 or more")),
      LimitData::parse);

  static LimitData parse(ImpairmentAttributes a) {
    return new LimitData(a.count("bytes", "bytes", 0, Long.MAX_VALUE));
  }

  @Override
  public ImpairmentType type() {
    return TYPE;
  }

  @Override
  public ImpairmentState start(FlowContext flow) {
    return new ByteBudget(bytes, Verdict.Outcome.FINISH);
  }
}
