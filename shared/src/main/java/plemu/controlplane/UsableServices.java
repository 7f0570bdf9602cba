package plemu.controlplane;

import java.util.List;
import java.util.Optional;
import plemu.model.EndpointService;

/**
 * The consumer's view of endpoint services: those whose permissions allow the caller, in the
 * caller's region (without ServiceRegion AWS looks there; cross-region services are not emulated
 * yet). Any other service does not exist for the caller, as in AWS.
 */
public final class UsableServices {
  private UsableServices() {}

  /** The usable service of this name ({@code com.amazonaws.vpce.<region>.<service id>}), found by its id. */
  public static Optional<EndpointService> named(StateView s, Caller caller, String serviceName) {
    String prefix = "com.amazonaws.vpce." + caller.region() + ".";
    if (serviceName == null || !serviceName.startsWith(prefix)) return Optional.empty();
    return s.get(Table.ENDPOINT_SERVICES, serviceName.substring(prefix.length())).filter(x -> usable(x, caller));
  }

  /** Every usable service: a scan of all services (there is no index by allowed principal). */
  public static List<EndpointService> all(StateView s, Caller caller) {
    return s.rows(Table.ENDPOINT_SERVICES).values().stream().filter(x -> usable(x, caller)).toList();
  }

  private static boolean usable(EndpointService svc, Caller caller) {
    return svc.region().equals(caller.region()) && svc.allows(caller.accountId());
  }
}
