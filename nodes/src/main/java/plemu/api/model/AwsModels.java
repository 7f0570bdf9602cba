package plemu.api.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The service models of the AWS APIs plemu serves (EC2, ELBv2, Route 53, SNS), and which service
 * each action belongs to: an action name is one operation of exactly one of them (loading refuses
 * a name two services share) or an emulator action of plemu's own, which no model describes.
 */
public final class AwsModels {
  public static final List<String> SERVICES = List.of("ec2", "elbv2", "route53", "sns");

  /** An operation and its service. */
  public record ServiceOperation(ServiceModel service, Operation operation) {}

  private final List<ServiceModel> services;
  private final Map<String, ServiceOperation> byAction = new HashMap<>();

  public AwsModels(List<ServiceModel> services) {
    this.services = List.copyOf(services);
    for (ServiceModel s : services)
      for (Operation op : s.operations().values()) {
        ServiceOperation before = byAction.put(op.name(), new ServiceOperation(s, op));
        if (before != null)
          throw new IllegalStateException(op.name() + " is an operation of both " + before.service().service()
              + " and " + s.service());
      }
  }

  private static final class BuiltIn {
    static final AwsModels MODELS = new AwsModels(SERVICES.stream().map(ServiceModel::load).toList());
  }

  /** The models on the class path ({@code aws-models/*.json}), loaded once. */
  public static AwsModels builtIn() {
    return BuiltIn.MODELS;
  }

  public List<ServiceModel> services() {
    return services;
  }

  /** The operation named {@code action}, if a model has one. */
  public Optional<ServiceOperation> operation(String action) {
    return Optional.ofNullable(byAction.get(action));
  }
}
