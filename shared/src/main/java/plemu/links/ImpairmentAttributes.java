package plemu.links;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import plemu.controlplane.AwsError;
import plemu.controlplane.AwsException;

/**
 * The attributes of one impairment spec, read with their units and bounds; every refusal is an
 * AWS-style error naming the attribute as {@code <type>.<attribute>} and saying what it holds.
 */
public final class ImpairmentAttributes {
  private static final Pattern DECIMAL = Pattern.compile("\\d{1,12}(\\.\\d{1,9})?");
  private static final Pattern INTEGER = Pattern.compile("\\d{1,19}");

  private final String type;
  private final Map<String, String> values;

  ImpairmentAttributes(String type, Map<String, String> values) {
    this.type = type;
    this.values = values;
  }

  /** A required time in milliseconds (decimals allowed), from 0 to {@code max}. */
  public double millis(String name, double max) {
    return millis(name, required(name), max);
  }

  /** An optional time in milliseconds, {@code absent} when not given. */
  public double millis(String name, double max, double absent) {
    String v = values.get(name);
    return v == null ? absent : millis(name, v, max);
  }

  /** A required whole number of {@code unit} (bytes, bytes per second), from {@code min} to {@code max}. */
  public long count(String name, String unit, long min, long max) {
    return count(name, unit, required(name), min, max);
  }

  /** An optional whole number, {@code absent} when not given. */
  public long count(String name, String unit, long min, long max, long absent) {
    String v = values.get(name);
    return v == null ? absent : count(name, unit, v, min, max);
  }

  /** One of {@code allowed}, {@code absent} when not given. */
  public String oneOf(String name, List<String> allowed, String absent) {
    String v = values.getOrDefault(name, absent);
    if (!allowed.contains(v))
      throw invalid(name, v, parameter(name) + " is one of " + String.join(", ", allowed) + ".");
    return v;
  }

  /** A refusal of attribute {@code name} with value {@code value}, because {@code why}. */
  public AwsException invalid(String name, Object value, String why) {
    return AwsError.invalidValue(parameter(name), value, why).exception();
  }

  private String parameter(String name) {
    return type + "." + name;
  }

  private String required(String name) {
    String v = values.get(name);
    if (v == null) throw AwsError.missingParameter(parameter(name)).exception();
    return v;
  }

  private double millis(String name, String v, double max) {
    double ms = DECIMAL.matcher(v).matches() ? Double.parseDouble(v) : -1;
    if (ms < 0 || ms > max)
      throw invalid(name, v, parameter(name) + " is a time in milliseconds, from 0 to " + plain(max) + ".");
    return ms;
  }

  private long count(String name, String unit, String v, long min, long max) {
    long n;
    try {
      n = INTEGER.matcher(v).matches() ? Long.parseLong(v) : -1;
    } catch (NumberFormatException tooLarge) {
      n = -1;
    }
    if (n < min || n > max)
      throw invalid(name, v, parameter(name) + " is a whole number of " + unit + ", from " + min + " to " + max + ".");
    return n;
  }

  private static String plain(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
