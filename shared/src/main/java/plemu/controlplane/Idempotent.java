package plemu.controlplane;

import java.time.Duration;
import java.util.List;
import plemu.model.ClientTokenUse;

/**
 * An EC2 create action made idempotent by its {@code ClientToken}: the first call runs and is
 * remembered; the same call again with the same token returns what the first returned, without
 * creating anything; another call with that token is refused with {@code IdempotentParameterMismatch}.
 * Without a token the action just runs. Tokens are remembered for {@link #KEPT}.
 */
public record Idempotent(Caller caller, String action, String clientToken, Mutation create) implements Mutation {
  /** How long a token is remembered (AWS: at least 24 hours, not documented further). */
  static final Duration KEPT = Duration.ofHours(24);

  @Override
  public Object apply(Desired.Builder s, IdSource ids) {
    if (clientToken == null || clientToken.isEmpty()) return create.apply(s, ids);
    if (clientToken.length() > 64)
      throw AwsError.badRequest("InvalidParameterValue", "ClientToken must be at most 64 ASCII characters").exception();
    long now = ids.now();
    forgetExpired(s, now);
    String key = ClientTokenUse.key(caller.accountId(), caller.region(), action, clientToken);
    String request = create.toString();
    var used = s.get(Table.CLIENT_TOKENS, key);
    if (used.isPresent()) {
      if (!used.get().request().equals(request))
        throw AwsError.badRequest("IdempotentParameterMismatch", "The client token " + clientToken + " was already"
            + " used for a " + action + " request with different parameters").exception();
      return used.get().result();
    }
    Object result = create.apply(s, ids);
    s.put(Table.CLIENT_TOKENS, key, new ClientTokenUse(key, request, result, now));
    return result;
  }

  /** Drops tokens older than {@link #KEPT}, looking only at the hours that may hold some. */
  private static void forgetExpired(Desired.Builder s, long now) {
    long firstKeptHour = (now - KEPT.toMillis()) / 3_600_000L;
    for (String hour : List.copyOf(s.indexKeys(Table.CLIENT_TOKENS_BY_HOUR))) {
      if (Long.parseLong(hour) > firstKeptHour) continue;
      for (ClientTokenUse old : s.rowsWhere(Table.CLIENT_TOKENS_BY_HOUR, hour))
        if (now - old.createdTime() > KEPT.toMillis()) s.remove(Table.CLIENT_TOKENS, old.key());
    }
  }
}
