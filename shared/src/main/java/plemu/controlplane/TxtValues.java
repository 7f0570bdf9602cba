package plemu.controlplane;

import java.util.ArrayList;
import java.util.List;

/**
 * A TXT record's value as Route 53 takes it: one or more quoted character strings ({@code "a" "b"}),
 * with {@code \"} and {@code \\} escapes, each at most 255 characters.
 */
public final class TxtValues {
  private TxtValues() {}

  /** The character strings of {@code value}, or null when it is not a list of quoted strings. */
  public static List<String> parse(String value) {
    List<String> out = new ArrayList<>();
    int i = 0;
    int n = value.length();
    while (true) {
      while (i < n && value.charAt(i) == ' ') i++;
      if (i == n) return out.isEmpty() ? null : out;
      if (value.charAt(i) != '"') return null;
      StringBuilder b = new StringBuilder();
      i++;
      boolean closed = false;
      while (i < n) {
        char c = value.charAt(i++);
        if (c == '\\' && i < n) b.append(value.charAt(i++));
        else if (c == '"') {
          closed = true;
          break;
        } else b.append(c);
      }
      if (!closed || b.length() > 255) return null;
      out.add(b.toString());
    }
  }

  /** The text of a TXT value: its character strings joined, as a verifier reads it. */
  public static String text(String value) {
    List<String> parts = parse(value);
    return parts == null ? value : String.join("", parts);
  }
}
