package plemu.dataplane;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How an NLB node picks a target for a new flow: a deterministic 64-bit hash of the 5-tuple (protocol,
 * source IP and port, destination IP and port) plus a salt (the TCP initial sequence number for TCP,
 * 0 for UDP), reduced modulo the number of candidates. Plain modulo, not consistent hashing: a change
 * to the candidate list may remap any flow, which is fine because NLB pins a flow's target for its
 * lifetime once chosen.
 */
public final class FlowHash {

  private static final long PRIME_1 = 0x9E3779B185EBCA87L;
  private static final long PRIME_2 = 0xC2B2AE3D27D4EB4FL;
  private static final long PRIME_4 = 0x85EBCA77C2B2AE63L;
  private static final long SEED = 0x706C656D75666C6FL; // "plemuflo"

  private FlowHash() {}

  /**
   * A flow's 5-tuple. {@code protocol} is a name such as "TCP" or "UDP", compared case-insensitively
   * (stored upper-case); both addresses must be resolved. An IPv4-mapped IPv6 address hashes like the
   * IPv4 address it maps.
   */
  public record FiveTuple(String protocol, InetSocketAddress source, InetSocketAddress destination) {

    /** Validates the fields and upper-cases the protocol. */
    public FiveTuple {
      Objects.requireNonNull(protocol, "protocol");
      if (protocol.isBlank()) {
        throw new IllegalArgumentException("protocol is blank");
      }
      protocol = protocol.toUpperCase(Locale.ROOT);
      InetAddresses.resolved(source, "source");
      InetAddresses.resolved(destination, "destination");
    }

    /** A TCP flow from {@code source} to {@code destination}. */
    public static FiveTuple tcp(InetSocketAddress source, InetSocketAddress destination) {
      return new FiveTuple("TCP", source, destination);
    }

    /** A UDP flow from {@code source} to {@code destination}. */
    public static FiveTuple udp(InetSocketAddress source, InetSocketAddress destination) {
      return new FiveTuple("UDP", source, destination);
    }
  }

  /** The candidate chosen for {@code flow}; candidates must be in a caller-defined stable order. */
  public static <T> T pick(FiveTuple flow, long salt, List<T> candidates) {
    Objects.requireNonNull(candidates, "candidates");
    return candidates.get(indexOf(flow, salt, candidates.size()));
  }

  /** Index in 0..candidateCount-1 of the candidate chosen for {@code flow}; count must be positive. */
  public static int indexOf(FiveTuple flow, long salt, int candidateCount) {
    if (candidateCount <= 0) {
      throw new IllegalArgumentException("no candidates to pick from (count " + candidateCount + ")");
    }
    return (int) Long.remainderUnsigned(hash(flow, salt), candidateCount);
  }

  /** Deterministic 64-bit hash of the 5-tuple and {@code salt}, identical across JVM runs. */
  public static long hash(FiveTuple flow, long salt) {
    Objects.requireNonNull(flow, "flow");
    byte[] protocol = flow.protocol().getBytes(StandardCharsets.UTF_8);
    byte[] sourceIp = InetAddresses.normalisedBytes(flow.source().getAddress());
    byte[] destinationIp = InetAddresses.normalisedBytes(flow.destination().getAddress());

    long h = SEED;
    // Field lengths first so that no two different tuples serialise to the same word sequence.
    h =
        absorb(
            h,
            ((long) protocol.length << 32) | ((long) sourceIp.length << 16) | destinationIp.length);
    h = absorbBytes(h, protocol);
    h = absorbBytes(h, sourceIp);
    h = absorbBytes(h, destinationIp);
    h = absorb(h, ((long) flow.source().getPort() << 16) | flow.destination().getPort());
    h = absorb(h, salt);
    return finalMix(h);
  }

  private static long absorbBytes(long h, byte[] bytes) {
    for (int offset = 0; offset < bytes.length; offset += 8) {
      long word = 0;
      int end = Math.min(offset + 8, bytes.length);
      for (int i = offset; i < end; i++) {
        word = (word << 8) | (bytes[i] & 0xFF);
      }
      h = absorb(h, word);
    }
    return h;
  }

  /** One xxHash64-style step: scramble the word, fold it into the state, rotate and multiply. */
  private static long absorb(long h, long word) {
    long scrambled = Long.rotateLeft(word * PRIME_2, 31) * PRIME_1;
    return Long.rotateLeft(h ^ scrambled, 27) * PRIME_1 + PRIME_4;
  }

  /** The MurmurHash3 fmix64 finalizer, so every input bit affects every output bit. */
  private static long finalMix(long h) {
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    h *= 0xC4CEB9FE1A85EC53L;
    h ^= h >>> 33;
    return h;
  }
}
