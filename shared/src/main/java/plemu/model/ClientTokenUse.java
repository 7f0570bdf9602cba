package plemu.model;

/**
 * A create call made with a {@code ClientToken} (EC2's idempotency): the request it came with and
 * what it returned, so that the same call again returns the same thing and a different one with the
 * same token is {@code IdempotentParameterMismatch}. Keyed by account, region, action and token.
 */
public record ClientTokenUse(String key, String request, Object result, long createdTime) implements KryoSerializable {
  public static String key(String accountId, String region, String action, String clientToken) {
    return accountId + "|" + region + "|" + action + "|" + clientToken;
  }
}
