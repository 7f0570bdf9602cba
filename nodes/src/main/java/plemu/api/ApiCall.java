package plemu.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;
import plemu.controlplane.AwsError;
import plemu.controlplane.Caller;
import plemu.controlplane.Desired;
import plemu.controlplane.Mutation;
import plemu.controlplane.Owned;
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

  /** The caller's resource of {@code kind} with this id, in its region, or AWS's answer ({@link Owned#get}). */
  public <T> T owned(Owned<T> kind, String id) {
    return kind.get(state, caller(), id);
  }

  /** A Describe's choice: the caller's resources of {@code kind} with these ids, or with none given all of them. */
  public <T> List<T> chosen(Owned<T> kind, List<String> ids) {
    return kind.chosen(state, caller(), ids);
  }

  /** The caller's resources of {@code kind} in its region (what the account has, not the world). */
  public <T> List<T> mine(Owned<T> kind) {
    return kind.all(state, caller());
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
