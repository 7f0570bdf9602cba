package plemu.links;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The bandwidth cap's token bucket: a burst passes at once, then pieces are spaced at the rate. */
class TokenBucketTest {
  private static final long T0 = 5_000_000_000L;

  @Test
  void aBurstPassesAtOnceThenTheRateHolds() {
    // 1,000,000 B/s (1 µs a byte), a bucket of 10,000 bytes, pieces of 5,000 bytes (5 ms)
    var bucket = new Bandwidth.TokenBucket(1_000_000, 10_000);
    assertEquals(Verdict.pass(T0, 5_000), bucket.onChunk(T0, 100_000));
    assertEquals(Verdict.pass(T0, 5_000), bucket.onChunk(T0, 95_000));
    assertEquals(Verdict.pass(T0, 5_000), bucket.onChunk(T0, 90_000)); // a piece and the bucket's 10,000 bytes went at once
    assertEquals(Verdict.pass(T0 + 5_000_000, 5_000), bucket.onChunk(T0, 85_000));
    assertEquals(Verdict.pass(T0 + 10_000_000, 5_000), bucket.onChunk(T0, 80_000));
  }

  @Test
  void aLongRunMovesBytesAtTheRate() {
    var bucket = new Bandwidth.TokenBucket(125_000, 1_250); // 1 Mbit/s
    long at = T0;
    long last = at;
    long moved = 0;
    for (int chunk = 0; chunk < 100; chunk++) {
      int left = 16_384;
      while (left > 0) {
        Verdict v = bucket.onChunk(at, left);
        assertTrue(v.bytes() > 0 && v.bytes() <= left);
        assertTrue(v.atNanos() >= last, "pieces leave in order");
        last = v.atNanos();
        left -= v.bytes();
        moved += v.bytes();
      }
    }
    double seconds = (last - T0) / 1e9;
    assertEquals(125_000, moved / seconds, 125_000 * 0.01, "bytes per second over " + seconds + " s");
  }

  @Test
  void afterAPauseTheBucketIsFullAgainButNoFuller() {
    var bucket = new Bandwidth.TokenBucket(1_000_000, 10_000);
    bucket.onChunk(T0, 5_000);
    bucket.onChunk(T0, 5_000);
    bucket.onChunk(T0, 5_000);
    long later = T0 + 1_000_000_000L; // a second of rest refills far more than the bucket holds
    assertEquals(later, bucket.onChunk(later, 5_000).atNanos());
    assertEquals(later, bucket.onChunk(later, 5_000).atNanos());
    assertEquals(later, bucket.onChunk(later, 5_000).atNanos());
    assertEquals(later + 5_000_000, bucket.onChunk(later, 5_000).atNanos());
  }

  @Test
  void largeChunksAtLowRatesAreCutIntoAtMost64Pieces() {
    var bucket = new Bandwidth.TokenBucket(1_000, 10);
    assertEquals(4_096, bucket.onChunk(T0, 262_144).bytes());
    assertEquals(5, bucket.onChunk(T0, 7).bytes()); // 5 ms of traffic at 1,000 B/s
  }
}
