package plemu.model;

/**
 * An IPv4 CIDR block: a network base address (as unsigned int) and a prefix length 0-32. The base
 * must have no host bits set. All comparisons treat addresses as unsigned.
 */
public record Cidr(int network, int prefixLength) implements KryoSerializable {

  /** Validates the prefix length and that the network has no host bits set. */
  public Cidr {
    if (prefixLength < 0 || prefixLength > 32) {
      throw new IllegalArgumentException(
          "prefix length " + prefixLength + " is outside 0..32 for " + Ipv4.format(network));
    }
    int mask = mask(prefixLength);
    if ((network & ~mask) != 0) {
      throw new IllegalArgumentException(
          Ipv4.format(network)
              + "/"
              + prefixLength
              + " has host bits set; did you mean "
              + Ipv4.format(network & mask)
              + "/"
              + prefixLength
              + "?");
    }
  }

  /** Parses {@code a.b.c.d/n}, rejecting a missing '/', a bad address or prefix, and host bits. */
  public static Cidr parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("CIDR is null");
    }
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("'" + text + "' is not a CIDR: missing '/prefix'");
    }
    int address = Ipv4.parse(text.substring(0, slash));
    return new Cidr(address, parsePrefix(text, text.substring(slash + 1)));
  }

  /** Number of addresses in the block, 2^(32 - prefixLength). */
  public long size() {
    return 1L << (32 - prefixLength);
  }

  /** The first address of the block (the network base). */
  public int first() {
    return network;
  }

  /** The last address of the block (the broadcast address). */
  public int last() {
    return network | ~mask(prefixLength);
  }

  /** The address at {@code index} (0-based) inside the block; throws if outside 0..size-1. */
  public int addressAt(long index) {
    if (index < 0 || index >= size()) {
      throw new IndexOutOfBoundsException(
          "index " + index + " is outside 0.." + (size() - 1) + " of " + this);
    }
    return network + (int) index;
  }

  /** True if {@code address} lies inside this block. */
  public boolean contains(int address) {
    return (address & mask(prefixLength)) == network;
  }

  /** True if {@code other} lies entirely inside this block (identical blocks included). */
  public boolean contains(Cidr other) {
    return other.prefixLength >= prefixLength && contains(other.network);
  }

  /** True if the two blocks share at least one address (for CIDRs, one then contains the other). */
  public boolean overlaps(Cidr other) {
    return contains(other) || other.contains(this);
  }

  /** The canonical text form, e.g. {@code 10.0.0.0/16}. */
  @Override
  public String toString() {
    return Ipv4.format(network) + "/" + prefixLength;
  }

  private static int mask(int prefixLength) {
    return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
  }

  private static int parsePrefix(String text, String prefix) {
    String where = "'" + text + "' is not a CIDR: prefix length '" + prefix + "'";
    if (prefix.isEmpty()) {
      throw new IllegalArgumentException("'" + text + "' is not a CIDR: prefix length is empty");
    }
    if (prefix.length() > 2 || !prefix.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException(where + " is not a number in 0..32");
    }
    if (prefix.length() > 1 && prefix.charAt(0) == '0') {
      throw new IllegalArgumentException(where + " has a leading zero");
    }
    int value = Integer.parseInt(prefix);
    if (value > 32) {
      throw new IllegalArgumentException(where + " is greater than 32");
    }
    return value;
  }
}
