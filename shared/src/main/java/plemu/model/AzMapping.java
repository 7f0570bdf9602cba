package plemu.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Per-account mapping of availability-zone names (us-east-1a) to global zone ids (use1-az2). The
 * permutation is derived from SHA-256 of {@code accountId/region}: stable across restarts, different
 * across accounts.
 */
public final class AzMapping {

  private static final int MAX_ZONES = 26;

  private AzMapping() {}

  /**
   * Returns zone name to zone id for one account in one region; names are region + a, b, c... and
   * the ids (sorted first, so input order is irrelevant) are shuffled deterministically.
   */
  public static SortedMap<String, String> forAccount(
      String accountId, String region, List<String> azIds) {
    if (!ResourceIds.isAccountId(accountId)) {
      throw new IllegalArgumentException("'" + accountId + "' is not a 12-digit account id");
    }
    if (region == null || region.isBlank()) {
      throw new IllegalArgumentException("region is blank");
    }
    if (azIds.isEmpty() || azIds.size() > MAX_ZONES) {
      throw new IllegalArgumentException(
          "region " + region + " needs 1.." + MAX_ZONES + " zone ids, got " + azIds.size());
    }
    if (new HashSet<>(azIds).size() != azIds.size()) {
      throw new IllegalArgumentException("duplicate zone ids for " + region + ": " + azIds);
    }
    List<String> ids = new ArrayList<>(azIds);
    ids.sort(null);
    HashStream stream = new HashStream(accountId + "/" + region);
    for (int i = ids.size() - 1; i > 0; i--) {
      int j = (int) Long.remainderUnsigned(stream.nextUnsignedInt(), i + 1);
      ids.set(i, ids.set(j, ids.get(i)));
    }
    SortedMap<String, String> mapping = new TreeMap<>();
    for (int i = 0; i < ids.size(); i++) {
      mapping.put(region + (char) ('a' + i), ids.get(i));
    }
    return mapping;
  }

  /** Reverse lookup: the zone name that {@code mapping} gives to {@code zoneId}, if any. */
  public static Optional<String> zoneNameFor(SortedMap<String, String> mapping, String zoneId) {
    for (Map.Entry<String, String> entry : mapping.entrySet()) {
      if (entry.getValue().equals(zoneId)) {
        return Optional.of(entry.getKey());
      }
    }
    return Optional.empty();
  }

  /** Deterministic stream of 32-bit values: SHA-256 of the seed, re-hashed when used up. */
  private static final class HashStream {
    private byte[] block;
    private int offset;

    HashStream(String seed) {
      block = sha256(seed.getBytes(StandardCharsets.UTF_8));
    }

    long nextUnsignedInt() {
      if (offset + 4 > block.length) {
        block = sha256(block);
        offset = 0;
      }
      long value = 0;
      for (int k = 0; k < 4; k++) {
        value = (value << 8) | (block[offset++] & 0xFF);
      }
      return value;
    }

    private static byte[] sha256(byte[] input) {
      try {
        return MessageDigest.getInstance("SHA-256").digest(input);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is required by every Java platform", e);
      }
    }
  }
}
