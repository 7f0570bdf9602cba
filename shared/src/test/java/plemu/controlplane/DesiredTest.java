package plemu.controlplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import plemu.model.Cidr;
import plemu.model.Vpc;

/** Snapshots share what a write did not change; a builder records exactly what it changed. */
class DesiredTest {
  static Vpc vpc(String id, String owner) {
    return new Vpc(id, owner, "us-east-1", Cidr.parse("10.0.0.0/16"), "a", true, false, "127.4.0.9", List.of());
  }

  @Test
  void aWriteRecordsOnlyRealChangesAndTakesTheNextVersion() {
    Desired.Builder b = Desired.empty().toBuilder();
    b.put(Table.VPCS, "vpc-1", vpc("vpc-1", "111111111111"));
    b.put(Table.VPCS, "vpc-2", vpc("vpc-2", "111111111111"));
    Desired one = b.build();
    assertEquals(1, one.version());

    Desired.Builder w = one.toBuilder();
    w.put(Table.VPCS, "vpc-1", vpc("vpc-1", "111111111111")); // the same value: no change
    w.put(Table.VPCS, "vpc-3", vpc("vpc-3", "222222222222"));
    w.remove(Table.VPCS, "vpc-3"); // put and removed again: no change
    w.remove(Table.VPCS, "vpc-9"); // was never there: no change
    assertEquals(List.of(), w.changes());
    assertSame(one, w.build(), "a write that changed nothing keeps the snapshot and its version");

    w.remove(Table.VPCS, "vpc-2");
    assertEquals(List.of(new Desired.Change(Table.VPCS, "vpc-2", null)), w.changes());
    Desired two = w.build();
    assertEquals(2, two.version());
    assertTrue(one.vpcs().containsKey("vpc-2"), "the snapshot before is untouched");
    assertEquals(Set.of("vpc-1"), two.vpcs().keySet());
  }

  @Test
  void replayingAWritesChangesGivesTheSameSnapshot() {
    Desired.Builder b = Fixtures.base().toBuilder();
    b.put(Table.VPCS, "vpc-1", vpc("vpc-1", "111111111111"));
    b.remove(Table.ACCOUNTS, Fixtures.B);
    Desired before = Fixtures.base();
    Desired built = b.build();
    Desired replayed = before.apply(b.changes(), built.version());
    assertEquals(built, replayed);
    assertEquals(built.version(), replayed.version());
    assertEquals(built.changes(before), b.changes());
  }

  @Test
  void theOwnerIndexFollowsPutsAndRemoves() {
    Desired.Builder b = Desired.empty().toBuilder();
    b.put(Table.VPCS, "vpc-1", vpc("vpc-1", "111111111111"));
    b.put(Table.VPCS, "vpc-2", vpc("vpc-2", "222222222222"));
    b.put(Table.VPCS, "vpc-3", vpc("vpc-3", "111111111111"));
    Desired d = b.build();
    assertEquals(Set.of("vpc-1", "vpc-3"), d.idsOwnedBy(Table.VPCS, "111111111111"));
    assertEquals(Set.of(), d.idsOwnedBy(Table.VPCS, "333333333333"));

    Desired.Builder w = d.toBuilder();
    w.put(Table.VPCS, "vpc-3", vpc("vpc-3", "222222222222")); // moved to another owner
    w.remove(Table.VPCS, "vpc-1");
    assertEquals(Set.of(), w.idsOwnedBy(Table.VPCS, "111111111111"), "the working copy sees its own changes");
    Desired after = w.build();
    assertEquals(Set.of("vpc-2", "vpc-3"), after.idsOwnedBy(Table.VPCS, "222222222222"));
    assertEquals(List.of(), after.ownedBy(Table.VPCS, "111111111111"));
    assertEquals(Set.of("vpc-1", "vpc-3"), d.idsOwnedBy(Table.VPCS, "111111111111"), "the snapshot before is untouched");
  }

  @Test
  void snapshotViewsAreReadOnly() {
    Desired d = Fixtures.base();
    assertThrows(UnsupportedOperationException.class, () -> d.vpcs().put("vpc-1", vpc("vpc-1", "1")));
    Desired.Builder b = d.toBuilder();
    assertThrows(UnsupportedOperationException.class, () -> b.rows(Table.VPCS).remove("x"));
    assertNotSame(d, b.build().withVersion(7));
  }
}
