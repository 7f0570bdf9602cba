package plemu.model;

import java.util.HexFormat;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/** AWS-style resource ids ({@code vpc-0123456789abcdef0}) and account ids. */
public final class ResourceIds {

  private static final Pattern PREFIX = Pattern.compile("[a-z]+(-[a-z]+)*");
  private static final int HEX_DIGITS = 17;
  private static final int LEGACY_HEX_DIGITS = 8;
  private static final int ACCOUNT_ID_DIGITS = 12;

  private ResourceIds() {}

  /** A new id: {@code prefix-} followed by 17 random lowercase hex digits. */
  public static String next(String prefix, RandomGenerator random) {
    requirePrefix(prefix);
    return prefix
        + "-"
        + Character.forDigit(random.nextInt(16), 16)
        + HexFormat.of().toHexDigits(random.nextLong());
  }

  /** True if {@code id} is {@code prefix-} followed by exactly 17 (or legacy 8) lowercase hex digits. */
  public static boolean isWellFormed(String prefix, String id) {
    if (prefix == null || id == null || !id.startsWith(prefix + "-")) {
      return false;
    }
    String hex = id.substring(prefix.length() + 1);
    if (hex.length() != HEX_DIGITS && hex.length() != LEGACY_HEX_DIGITS) {
      return false;
    }
    return hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
  }

  /** True if {@code s} is exactly 12 ASCII digits. */
  public static boolean isAccountId(String s) {
    return s != null
        && s.length() == ACCOUNT_ID_DIGITS
        && s.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  private static void requirePrefix(String prefix) {
    if (prefix == null || !PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "'" + prefix + "' is not a resource id prefix (lowercase words joined by '-')");
    }
  }
}
