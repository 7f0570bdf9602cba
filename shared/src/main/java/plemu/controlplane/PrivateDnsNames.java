package plemu.controlplane;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import plemu.model.EndpointService;
import plemu.model.HostedZone;

/**
 * The private DNS name of an endpoint service: what a valid one looks like, the TXT record that
 * proves the provider owns its domain (Name {@code _} + 20 lower-case letters and digits, Value
 * {@code vpce:} + 20 letters and digits, as AWS shows them), and where the verifier looks for it.
 */
public final class PrivateDnsNames {
  private PrivateDnsNames() {}

  private static final String LOWER = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final String MIXED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  /** The name without a trailing dot, lower case; a wildcard only as the first label ({@code *.example.com}). */
  public static String validate(String name) {
    String canonical;
    try {
      canonical = HostedZoneActions.domainName(name);
    } catch (AwsException e) {
      throw invalid(name);
    }
    String bare = canonical.substring(0, canonical.length() - 1);
    String rest = bare.startsWith("*.") ? bare.substring(2) : bare;
    if (rest.contains("*") || !rest.contains(".")) throw invalid(name);
    if (rest.equals("amazonaws.com") || rest.endsWith(".amazonaws.com"))
      throw AwsError.badRequest("InvalidParameter", "Private DNS name " + name + " is reserved by AWS").exception();
    return bare;
  }

  private static AwsException invalid(String name) {
    return AwsError.badRequest("InvalidParameter", "Invalid private DNS name: " + name
        + " (a domain name such as api.example.com or *.example.com)").exception();
  }

  public static EndpointService.PrivateDnsNameConfiguration pendingVerification(IdSource ids) {
    return new EndpointService.PrivateDnsNameConfiguration("pendingVerification", "TXT", "_" + random(ids, LOWER),
        "vpce:" + random(ids, MIXED));
  }

  private static String random(IdSource ids, String alphabet) {
    StringBuilder b = new StringBuilder(20);
    for (int i = 0; i < 20; i++) b.append(alphabet.charAt(ids.nextInt(alphabet.length())));
    return b.toString();
  }

  /** The domain and its parents (at least two labels), where the TXT record may be: api.example.com, example.com. */
  static List<String> verifiableDomains(String privateDnsName) {
    String d = privateDnsName.startsWith("*.") ? privateDnsName.substring(2) : privateDnsName;
    List<String> out = new ArrayList<>();
    while (d.contains(".")) {
      out.add(d);
      d = d.substring(d.indexOf('.') + 1);
    }
    return out;
  }

  /** True when a public zone has a TXT record with exactly the configuration's value where the verifier looks. */
  static boolean txtPublished(Collection<HostedZone> zones, String privateDnsName,
      EndpointService.PrivateDnsNameConfiguration c) {
    for (String domain : verifiableDomains(privateDnsName))
      for (String at : List.of(c.name() + "." + domain + ".", domain + ".")) {
        // the zone that answers for the name, as a resolver would find it
        HostedZone authority = zones.stream().filter(z -> z.contains(at))
            .max(java.util.Comparator.comparingInt(z -> z.name().length())).orElse(null);
        if (authority == null) continue;
        for (HostedZone.RecordSet r : authority.recordSets())
          if (r.name().equals(at) && r.type().equals("TXT")
              && r.values().stream().anyMatch(v -> TxtValues.text(v).equals(c.value())))
            return true;
      }
    return false;
  }
}
