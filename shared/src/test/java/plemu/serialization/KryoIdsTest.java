package plemu.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Class ids are what stored data and other nodes know classes by: a moved id makes a data directory
 * or a node of another build read one class as another. The ids are pinned in kryo-ids.txt.
 */
class KryoIdsTest {
  private static SortedMap<Integer, String> pinned() throws IOException {
    SortedMap<Integer, String> ids = new TreeMap<>();
    try (InputStream in = KryoIdsTest.class.getResourceAsStream("/kryo-ids.txt")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) continue;
        String[] f = line.trim().split(" ");
        ids.put(Integer.parseInt(f[0]), f[1]);
      }
    }
    return ids;
  }

  private static SortedMap<Integer, String> registered() {
    var kryo = KryoRegistry.newKryo(() -> null, true);
    SortedMap<Integer, String> ids = new TreeMap<>();
    for (int id = 0; id < 10_000; id++) {
      var r = kryo.getRegistration(id);
      if (r != null) ids.put(id, r.getType().getName());
    }
    return ids;
  }

  @Test
  void noPinnedIdMoved() throws IOException {
    SortedMap<Integer, String> now = registered();
    List<String> moved = new ArrayList<>();
    pinned().forEach((id, name) -> {
      if (!name.equals(now.get(id))) moved.add(id + " was " + name + ", is " + now.get(id));
    });
    assertTrue(moved.isEmpty(), "Kryo ids moved (stored data would be misread): " + moved);
  }

  @Test
  void everyRegisteredClassIsPinned() throws IOException {
    SortedMap<Integer, String> pinned = pinned();
    List<String> missing = new ArrayList<>();
    registered().forEach((id, name) -> {
      if (!pinned.containsKey(id)) missing.add(id + " " + name);
    });
    assertTrue(missing.isEmpty(), "append these lines to shared/src/test/resources/kryo-ids.txt: " + missing);
  }

  @Test
  void bothSerializersUseTheSameIds() {
    var tagged = KryoRegistry.newKryo(() -> null, true);
    var positional = KryoRegistry.newKryo(() -> null, false);
    for (Class<?> c : KryoRegistry.CLASSES)
      assertEquals(tagged.getRegistration(c).getId(), positional.getRegistration(c).getId(), c.getName());
  }
}
