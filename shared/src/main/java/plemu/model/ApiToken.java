package plemu.model;

/** A bearer token of the HTTP API, for one account or for the operator (accountId null). */
public record ApiToken(String token, String accountId) implements KryoSerializable {
  public static ApiToken operator(String token) {
    return new ApiToken(token, null);
  }

  public boolean isOperator() {
    return accountId == null;
  }
}
