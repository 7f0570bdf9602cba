package plemu.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class ResourceIdsTest {

  @Test
  void nextHasPrefixAndSeventeenLowercaseHexDigits() {
    RandomGenerator random = new SplittableRandom(42);
    for (String prefix : new String[] {"vpc", "subnet", "sg", "sgr", "eni", "vpce", "vpce-svc", "i"}) {
      for (int n = 0; n < 50; n++) {
        String id = ResourceIds.next(prefix, random);
        assertTrue(id.matches(prefix + "-[0-9a-f]{17}"), id);
        assertTrue(ResourceIds.isWellFormed(prefix, id), id);
      }
    }
  }

  @Test
  void nextIsDeterministicForASeedAndVaries() {
    String a = ResourceIds.next("vpc", new SplittableRandom(7));
    assertEquals(a, ResourceIds.next("vpc", new SplittableRandom(7)));
    RandomGenerator random = new SplittableRandom(7);
    assertNotEquals(ResourceIds.next("vpc", random), ResourceIds.next("vpc", random));
  }

  @Test
  void nextRejectsBadPrefix() {
    RandomGenerator random = new SplittableRandom(1);
    assertThrows(IllegalArgumentException.class, () -> ResourceIds.next("", random));
    assertThrows(IllegalArgumentException.class, () -> ResourceIds.next("VPC", random));
    assertThrows(IllegalArgumentException.class, () -> ResourceIds.next("vpc-", random));
    assertThrows(IllegalArgumentException.class, () -> ResourceIds.next(null, random));
  }

  @Test
  void wellFormedness() {
    assertTrue(ResourceIds.isWellFormed("vpc", "vpc-0123456789abcdef0"));
    assertTrue(ResourceIds.isWellFormed("vpc", "vpc-0a1b2c3d"));
    assertTrue(ResourceIds.isWellFormed("vpce-svc", "vpce-svc-0123456789abcdef0"));
    assertFalse(ResourceIds.isWellFormed("vpce", "vpce-svc-0123456789abcdef0"));
    assertFalse(ResourceIds.isWellFormed("vpc", "vpc-0123456789ABCDEF0"));
    assertFalse(ResourceIds.isWellFormed("vpc", "vpc-0123456789abcdef"));
    assertFalse(ResourceIds.isWellFormed("vpc", "vpc-0123456789abcdef01"));
    assertFalse(ResourceIds.isWellFormed("vpc", "vpc-0a1b2c3g"));
    assertFalse(ResourceIds.isWellFormed("vpc", "subnet-0123456789abcdef0"));
    assertFalse(ResourceIds.isWellFormed("vpc", "vpc0123456789abcdef0"));
    assertFalse(ResourceIds.isWellFormed("vpc", "vpc-"));
    assertFalse(ResourceIds.isWellFormed("vpc", null));
  }

  @Test
  void accountIds() {
    assertTrue(ResourceIds.isAccountId("123456789012"));
    assertTrue(ResourceIds.isAccountId("000000000000"));
    assertFalse(ResourceIds.isAccountId("12345678901"));
    assertFalse(ResourceIds.isAccountId("1234567890123"));
    assertFalse(ResourceIds.isAccountId("12345678901a"));
    assertFalse(ResourceIds.isAccountId("１２３４５６７８９０１２"));
    assertFalse(ResourceIds.isAccountId(null));
  }
}
