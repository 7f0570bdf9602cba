package plemu.links;

import java.util.List;
import java.util.Optional;
import plemu.controlplane.AwsError;

/** The registry of impairment types: adding one is its class and one line here. */
public final class ImpairmentTypes {
  private ImpairmentTypes() {}

  private static final List<ImpairmentType> ALL = List.of(
      Latency.TYPE,
      Bandwidth.TYPE,
      Stall.TYPE,
      SlowClose.TYPE,
      LimitData.TYPE,
      Reset.TYPE,
      Blackhole.TYPE);

  public static List<ImpairmentType> all() {
    return ALL;
  }

  public static Optional<ImpairmentType> named(String name) {
    return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /** The impairment {@code spec} describes; refused with InvalidParameterValue (or MissingParameter). */
  public static Impairment parse(ImpairmentSpec spec) {
    ImpairmentType type = named(spec.type()).orElseThrow(() -> AwsError.invalidValue("Type", spec.type(),
        "Known impairment types: " + String.join(", ", ALL.stream().map(ImpairmentType::name).sorted().toList()) + ".")
        .exception());
    return type.parse(spec.attributes());
  }
}
