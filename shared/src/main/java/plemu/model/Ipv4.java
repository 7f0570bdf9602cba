package plemu.model;

/** Strict conversion between dotted-quad IPv4 text and the address as a 32-bit int (unsigned). */
public final class Ipv4 {

  private Ipv4() {}

  /**
   * Parses {@code a.b.c.d}: exactly four decimal octets 0-255, no signs, no empty parts and no
   * leading zeros. Throws {@link IllegalArgumentException} saying what is wrong.
   */
  public static int parse(String dotted) {
    if (dotted == null) {
      throw new IllegalArgumentException("IPv4 address is null");
    }
    String[] parts = dotted.split("\\.", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException(
          "'" + dotted + "' is not an IPv4 address: expected 4 octets, found " + parts.length);
    }
    int address = 0;
    for (int i = 0; i < 4; i++) {
      address = (address << 8) | parseOctet(dotted, parts[i], i + 1);
    }
    return address;
  }

  /** True when {@link #parse} accepts {@code dotted}. */
  public static boolean isValid(String dotted) {
    try {
      parse(dotted);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Formats an address as dotted quad, treating the int as unsigned (0xC0A80001 is 192.168.0.1). */
  public static String format(int address) {
    return (address >>> 24)
        + "."
        + ((address >>> 16) & 0xFF)
        + "."
        + ((address >>> 8) & 0xFF)
        + "."
        + (address & 0xFF);
  }

  /** True for addresses in 127.0.0.0/8. */
  public static boolean isLoopback(int address) {
    return (address >>> 24) == 127;
  }

  private static int parseOctet(String dotted, String part, int position) {
    String where = "'" + dotted + "' is not an IPv4 address: octet " + position;
    if (part.isEmpty()) {
      throw new IllegalArgumentException(where + " is empty");
    }
    if (part.length() > 3) {
      throw new IllegalArgumentException(where + " ('" + part + "') has more than 3 digits");
    }
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      if (c < '0' || c > '9') {
        throw new IllegalArgumentException(where + " ('" + part + "') is not a decimal number");
      }
    }
    if (part.length() > 1 && part.charAt(0) == '0') {
      throw new IllegalArgumentException(where + " ('" + part + "') has a leading zero");
    }
    int value = Integer.parseInt(part);
    if (value > 255) {
      throw new IllegalArgumentException(where + " (" + value + ") is greater than 255");
    }
    return value;
  }
}
