package plemu.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

class AzMappingTest {

  private static final String REGION = "us-east-1";
  private static final List<String> IDS = List.of("use1-az1", "use1-az2", "use1-az3");

  @Test
  void namesAreRegionPlusLetters() {
    SortedMap<String, String> m = AzMapping.forAccount("111111111111", REGION, IDS);
    assertEquals(List.of("us-east-1a", "us-east-1b", "us-east-1c"), List.copyOf(m.keySet()));
  }

  @Test
  void isAPermutationOfTheIds() {
    for (String account : accounts()) {
      SortedMap<String, String> m = AzMapping.forAccount(account, REGION, IDS);
      assertEquals(Set.copyOf(IDS), Set.copyOf(m.values()), account);
      assertEquals(3, m.size());
    }
  }

  @Test
  void stableAcrossCalls() {
    assertEquals(
        AzMapping.forAccount("123456789012", REGION, IDS),
        AzMapping.forAccount("123456789012", REGION, IDS));
  }

  @Test
  void independentOfInputOrder() {
    List<String> shuffled = List.of("use1-az3", "use1-az1", "use1-az2");
    for (String account : accounts()) {
      assertEquals(
          AzMapping.forAccount(account, REGION, IDS),
          AzMapping.forAccount(account, REGION, shuffled),
          account);
    }
  }

  @Test
  void differsAcrossAccounts() {
    assertNotEquals(
        AzMapping.forAccount("111111111111", REGION, IDS),
        AzMapping.forAccount("222222222222", REGION, IDS));
    Set<SortedMap<String, String>> distinct = new HashSet<>();
    for (String account : accounts()) {
      distinct.add(AzMapping.forAccount(account, REGION, IDS));
    }
    assertTrue(distinct.size() >= 2, "distinct mappings: " + distinct.size());
  }

  @Test
  void reverseLookup() {
    SortedMap<String, String> m = AzMapping.forAccount("111111111111", REGION, IDS);
    for (var entry : m.entrySet()) {
      assertEquals(Optional.of(entry.getKey()), AzMapping.zoneNameFor(m, entry.getValue()));
    }
    assertEquals(Optional.empty(), AzMapping.zoneNameFor(m, "use1-az9"));
  }

  @Test
  void manyZonesStillAPermutation() {
    List<String> ids =
        List.of("a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9", "a10", "a11", "a12");
    SortedMap<String, String> m = AzMapping.forAccount("333333333333", "eu-west-9", ids);
    assertEquals(Set.copyOf(ids), Set.copyOf(m.values()));
    assertEquals("eu-west-9a", m.firstKey());
    assertEquals("eu-west-9l", m.lastKey());
  }

  @Test
  void rejectsBadInput() {
    assertThrows(
        IllegalArgumentException.class, () -> AzMapping.forAccount("1234", REGION, IDS));
    assertThrows(
        IllegalArgumentException.class,
        () -> AzMapping.forAccount("111111111111", REGION, List.of()));
    assertThrows(
        IllegalArgumentException.class,
        () -> AzMapping.forAccount("111111111111", REGION, List.of("use1-az1", "use1-az1")));
    assertThrows(
        IllegalArgumentException.class, () -> AzMapping.forAccount("111111111111", " ", IDS));
  }

  private static List<String> accounts() {
    return List.of(
        "111111111111",
        "222222222222",
        "333333333333",
        "444444444444",
        "555555555555",
        "666666666666");
  }
}
