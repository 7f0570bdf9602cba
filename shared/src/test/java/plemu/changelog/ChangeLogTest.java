package plemu.changelog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import plemu.controlplane.Desired;
import plemu.controlplane.Table;
import plemu.model.ApiToken;

/** Writes cut into pieces come back whole and in order, and only from the writer that owns them. */
class ChangeLogTest {
  static Desired.Change token(String t) {
    return new Desired.Change(Table.TOKENS, t, new ApiToken(t, "111111111111"));
  }

  static List<Desired.Change> tokens(String prefix, int n) {
    List<Desired.Change> out = new ArrayList<>();
    for (int i = 0; i < n; i++) out.add(token(prefix + i));
    return out;
  }

  static final LogHead HEAD = LogHead.empty().withEpoch(new EpochStart(7, 1));

  @Test
  void aLargeWriteTakesConsecutiveSlots() {
    List<LogPart> parts = ChangeLog.split(7, 3, 100, tokens("t", 70));
    assertEquals(3, parts.size());
    assertEquals(List.of(100L, 101L, 102L), parts.stream().map(LogPart::slot).toList());
    assertEquals(List.of(32, 32, 6), parts.stream().map(p -> p.changes().size()).toList());
    assertTrue(parts.stream().allMatch(p -> p.parts() == 3 && p.version() == 3 && p.epoch() == 7));
    assertEquals(tokens("t", 70), ChangeLog.changesOf(parts));
  }

  @Test
  void aWriteMissingAPieceIsNotApplied() {
    List<LogPart> parts = new ArrayList<>(ChangeLog.split(7, 1, 0, tokens("a", 40)));
    parts.remove(1);
    assertFalse(ChangeLog.wholeWrites(parts, HEAD).containsKey(1L));
    assertEquals(0, ChangeLog.replay(Desired.empty(), parts, HEAD).version());
  }

  @Test
  void writesApplyInOrderUpToTheFirstMissingOne() {
    List<LogPart> parts = new ArrayList<>();
    parts.addAll(ChangeLog.split(7, 1, 0, List.of(token("a"))));
    parts.addAll(ChangeLog.split(7, 2, 1, List.of(new Desired.Change(Table.TOKENS, "a", null), token("b"))));
    parts.addAll(ChangeLog.split(7, 4, 3, List.of(token("d"))));
    Desired d = ChangeLog.replay(Desired.empty(), parts, HEAD);
    assertEquals(2, d.version());
    assertEquals(Set.of("b"), d.tokens().keySet());
  }

  @Test
  void piecesOfAWriteANewerWriterReplacedAreIgnored() {
    // epoch 7 wrote version 2 on too few nodes; epoch 9 took over from version 2 and wrote its own
    LogHead head = HEAD.withEpoch(new EpochStart(9, 2));
    List<LogPart> parts = new ArrayList<>();
    parts.addAll(ChangeLog.split(7, 1, 0, List.of(token("a"))));
    parts.addAll(ChangeLog.split(7, 2, 1, List.of(token("lost"))));
    parts.addAll(ChangeLog.split(9, 2, 1, List.of(token("kept"))));
    Desired d = ChangeLog.replay(Desired.empty(), parts, head);
    assertEquals(2, d.version());
    assertEquals(Set.of("a", "kept"), d.tokens().keySet());
    assertEquals(9, head.epochOf(2));
    assertEquals(7, head.epochOf(1));
  }

  @Test
  void rowsAheadOfTheHeadAreMadeWholeByReplay() {
    // stored rows hold version 1 and, torn, half of version 2 ("c" stored, "b" removal not yet)
    Desired.Builder rows = Desired.empty().toBuilder();
    rows.put(Table.TOKENS, "a", new ApiToken("a", "111111111111"));
    rows.put(Table.TOKENS, "b", new ApiToken("b", "111111111111"));
    rows.put(Table.TOKENS, "c", new ApiToken("c", "111111111111"));
    Desired stored = rows.build().withVersion(1);
    List<LogPart> log = ChangeLog.split(7, 2, 5, List.of(new Desired.Change(Table.TOKENS, "b", null), token("c")));
    Desired whole = ChangeLog.replay(stored, log, HEAD);
    assertEquals(2, whole.version());
    assertEquals(Set.of("a", "c"), whole.tokens().keySet());
  }

  @Test
  void theHeadKeepsTheNewestEpochs() {
    LogHead h = LogHead.empty();
    for (int e = 1; e <= 20; e++) h = h.withEpoch(new EpochStart(e, e * 10L));
    assertEquals(16, h.epochs().size());
    assertEquals(20, h.epochOf(1_000));
    assertEquals(12, h.epochOf(125));
    // a new writer from a version an older epoch claimed replaces that claim
    h = h.withEpoch(new EpochStart(99, 150));
    assertEquals(99, h.epochOf(199));
  }
}
