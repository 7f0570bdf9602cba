package plemu.dataplane;

import plemu.model.HealthCheck;

/**
 * One NLB node's view of one target's health, and how a check result moves it: {@code initial}
 * until {@code healthyThreshold} checks in a row pass (or {@code unhealthyThreshold} fail);
 * {@code healthy} and {@code unhealthy} change after that many results in a row the other way.
 * Reasons use ELBv2's codes.
 */
public record TargetHealthState(String state, String reason, String description, int passes, int failures) {

  public static TargetHealthState initial() {
    return new TargetHealthState("initial", "Elb.InitialHealthChecking", "Initial health checks in progress", 0, 0);
  }

  public boolean healthy() {
    return state.equals("healthy");
  }

  /** The state after one check: {@code failReason} (e.g. Target.Timeout) and {@code failDescription} when it failed. */
  public TargetHealthState after(boolean passed, String failReason, String failDescription, HealthCheck hc) {
    if (passed) {
      int p = passes + 1;
      if (!state.equals("healthy") && p >= hc.healthyThreshold()) return new TargetHealthState("healthy", null, null, p, 0);
      return new TargetHealthState(state, reason, description, p, 0);
    }
    int f = failures + 1;
    if (!state.equals("unhealthy") && f >= hc.unhealthyThreshold())
      return new TargetHealthState("unhealthy", failReason, failDescription, 0, f);
    if (state.equals("unhealthy")) return new TargetHealthState("unhealthy", failReason, failDescription, 0, f);
    return new TargetHealthState(state, reason, description, 0, f);
  }
}
