package plemu.links;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import plemu.controlplane.AwsError;

/**
 * A kind of impairment: its name in the API ({@code latency}), what it does, its attributes (names
 * with units) and how to read them into an {@link Impairment}. Each impairment class holds its own
 * as {@code TYPE}; {@link ImpairmentTypes} lists them.
 */
public record ImpairmentType(String name, String summary, List<Attribute> attributes,
    Function<ImpairmentAttributes, Impairment> parser) {

  /** An attribute and what it holds, for error messages and DescribeLinks. */
  public record Attribute(String name, String meaning) {}

  public static Attribute attribute(String name, String meaning) {
    return new Attribute(name, meaning);
  }

  /** The impairment of this type with these attributes; refused with InvalidParameterValue (or MissingParameter). */
  public Impairment parse(Map<String, String> values) {
    for (Map.Entry<String, String> e : values.entrySet())
      if (attributes.stream().noneMatch(a -> a.name().equals(e.getKey())))
        throw AwsError.invalidValue(name + "." + e.getKey(), e.getValue(), "The " + name + " impairment has no attribute "
            + e.getKey() + "; " + (attributes.isEmpty() ? "it has none." : "it has " + describeAttributes() + ".")).exception();
    return parser.apply(new ImpairmentAttributes(name, values));
  }

  /** {@code delayMs (milliseconds ...), jitterMs (...)}. */
  public String describeAttributes() {
    return attributes.stream().map(a -> a.name() + " (" + a.meaning() + ")").collect(Collectors.joining(", "));
  }
}
