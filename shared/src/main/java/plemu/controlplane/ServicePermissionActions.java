package plemu.controlplane;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import plemu.model.EndpointService;
import plemu.model.EndpointService.AllowedPrincipal;

/**
 * ModifyVpcEndpointServicePermissions: who may see an endpoint service and create endpoints to it.
 * By default nobody but its owner, as in AWS. Removing a principal does not affect its endpoints.
 */
public final class ServicePermissionActions {
  private ServicePermissionActions() {}

  private static final Pattern ARN = Pattern.compile("arn:aws:iam::(\\d{12}):(root|user/[\\w+=,.@-]{1,64}|role/[\\w+=,.@-]{1,64})");

  /** The grants a modification added (for the answer's AddedPrincipals). */
  public record Result(EndpointService service, List<AllowedPrincipal> added) implements plemu.model.KryoSerializable {}

  public record ModifyVpcEndpointServicePermissions(Caller caller, String serviceId, List<String> add, List<String> remove)
      implements Mutation {
    @Override
    public Result apply(Desired.Builder s, IdSource ids) {
      EndpointService svc = Owned.ENDPOINT_SERVICE.get(s, caller, serviceId);
      if (add.isEmpty() && remove.isEmpty())
        throw AwsError.badRequest("InvalidParameter", "Add or remove at least one principal").exception();
      List<AllowedPrincipal> principals = new ArrayList<>(svc.allowedPrincipals());
      Set<String> present = new LinkedHashSet<>();
      principals.forEach(p -> present.add(p.principal()));
      for (String r : remove) {
        validate(r);
        if (!present.contains(r))
          throw AwsError.badRequest("InvalidPrincipal", "Principal '" + r + "' is not allowed on " + serviceId
              + " and cannot be removed").exception();
      }
      principals.removeIf(p -> remove.contains(p.principal()));
      List<AllowedPrincipal> added = new ArrayList<>();
      for (String a : add) {
        String type = validate(a);
        if (present.contains(a) && !remove.contains(a)) continue; // granting twice changes nothing
        AllowedPrincipal grant = new AllowedPrincipal(a, type, ids.next("vpce-svc-perm"));
        principals.add(grant);
        added.add(grant);
        present.add(a);
      }
      EndpointService changed = svc.withAllowedPrincipals(principals);
      s.put(Table.ENDPOINT_SERVICES, serviceId, changed);
      return new Result(changed, added);
    }
  }

  /** The principal's type as AWS reports it, or InvalidPrincipal. */
  static String validate(String principal) {
    if (principal == null || principal.isEmpty()) throw AwsError.missingParameter("AddAllowedPrincipals").exception();
    if (principal.equals("*")) return "All";
    Matcher m = ARN.matcher(principal);
    if (!m.matches())
      throw AwsError.badRequest("InvalidPrincipal", "Invalid Principal: '" + principal + "' (an account root, IAM user"
          + " or role ARN such as arn:aws:iam::123456789012:root, or *)").exception();
    String kind = m.group(2);
    return kind.equals("root") ? "Account" : kind.startsWith("user/") ? "User" : "Role";
  }
}
