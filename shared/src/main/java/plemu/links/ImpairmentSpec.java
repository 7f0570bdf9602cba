package plemu.links;

import java.util.LinkedHashMap;
import java.util.Map;
import plemu.model.KryoSerializable;

/**
 * An impairment as the operator wrote it: its type ({@code latency}, {@code bandwidth}, ...) and its
 * attributes, whose names carry their units ({@code delayMs}, {@code bytesPerSecond}). It is what is
 * stored and replicated; {@link #parse()} checks it and gives the {@link Impairment} that acts.
 */
public record ImpairmentSpec(String type, Map<String, String> attributes) implements KryoSerializable {
  public ImpairmentSpec {
    if (type == null) throw new IllegalArgumentException("an impairment needs a type");
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
  }

  /** {@code of("latency", "delayMs", "5", "jitterMs", "1")}. */
  public static ImpairmentSpec of(String type, String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) throw new IllegalArgumentException("attributes come in name, value pairs");
    Map<String, String> attributes = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) attributes.put(namesAndValues[i], namesAndValues[i + 1]);
    return new ImpairmentSpec(type, attributes);
  }

  /** The impairment this spec describes; refused with an AWS-style error if the type or an attribute is wrong. */
  public Impairment parse() {
    return ImpairmentTypes.parse(this);
  }
}
