package plemu.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;
import plemu.controlplane.AwsError;
import plemu.controlplane.Caller;
import plemu.controlplane.Desired;
import plemu.controlplane.Mutation;
import plemu.model.Account;
import plemu.model.ApiToken;

/**
 * One authenticated API call: its parameters, who calls, this node's replica of the desired state
 * (read once per call), the region this API serves, and the way to submit a write.
 */
public record ApiCall(
    Params params,
    ApiToken principal,
    Desired state,
    String region,
    Function<Mutation, CompletionStage<Object>> writer,
    java.util.function.Supplier<CompletionStage<Desired>> reader,
    ActorSystem<?> system,
    int dnsPort) {

  /** This node's replica read again, e.g. after a write, to show what the write created. */
  public CompletionStage<Desired> refreshed() {
    return reader.get();
  }

  /** The calling account (only for account actions; the route checks that the caller is one). */
  public Caller caller() {
    return new Caller(principal.accountId(), region);
  }

  public Account account() {
    return state.account(principal.accountId()).orElseThrow(
        () -> new AwsError("AuthFailure", "The account of this token no longer exists", 401).exception());
  }

  public CompletionStage<Object> write(Mutation mutation) {
    return writer.apply(mutation);
  }

  /** How an action handles a call. */
  public interface Handler {
    CompletionStage<JsonNode> handle(ApiCall call);
  }

  /** Who may call an action. */
  public enum Access { ACCOUNT, OPERATOR }

  /** An action of the API. */
  public record Action(Access access, Handler handler) {}
}
