package plemu.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.ImmutableCollectionsSerializers;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import plemu.model.Tag;

/**
 * A record that gained or lost components still reads what an older or newer build wrote: the same
 * class id, two shapes of the record, one Kryo each (as two builds would have).
 */
class TaggedRecordSerializerTest {
  record Before(String name, int port, List<Tag> tags) {}

  /** {@code port} removed, {@code weight}, {@code zones}, {@code note} and {@code enabled} added. */
  record After(String name, List<Tag> tags, long weight, List<String> zones, String note,
      boolean enabled, Map<String, String> attributes) {}

  record Nested(Before inner, List<Before> more) {}

  record NestedAfter(After inner, List<After> more) {}

  private static Kryo kryo(Class<? extends Record> shape, Class<? extends Record> nested) {
    Kryo k = new Kryo();
    k.setRegistrationRequired(true);
    k.setReferences(false);
    ImmutableCollectionsSerializers.registerSerializers(k);
    k.register(Tag.class, new TaggedRecordSerializer<>(Tag.class), 105);
    register(k, shape, 900);
    register(k, nested, 901);
    return k;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void register(Kryo k, Class<? extends Record> c, int id) {
    k.register(c, new TaggedRecordSerializer(c), id);
  }

  private static Object across(Object value, Kryo writer, Kryo reader) {
    Output out = new Output(256, -1);
    writer.writeClassAndObject(out, value);
    return reader.readClassAndObject(new Input(out.toBytes()));
  }

  @Test
  void anOlderRecordReadsAsTheNewerShape() {
    Before old = new Before("web", 8080, List.of(new Tag("Name", "a")));
    After read = (After) across(old, kryo(Before.class, Nested.class), kryo(After.class, NestedAfter.class));
    assertEquals(new After("web", List.of(new Tag("Name", "a")), 0L, List.of(), null, false, Map.of()), read);
  }

  @Test
  void aNewerRecordReadsAsTheOlderShape() {
    After now = new After("web", List.of(), 5L, List.of("use1-az1"), "n", true, Map.of("k", "v"));
    Before read = (Before) across(now, kryo(After.class, NestedAfter.class), kryo(Before.class, Nested.class));
    assertEquals(new Before("web", 0, List.of()), read);
  }

  @Test
  void recordsInsideRecordsAndListsEvolveToo() {
    Before a = new Before("a", 1, List.of());
    Nested old = new Nested(a, List.of(a, new Before("b", 2, List.of(new Tag("k", "v")))));
    NestedAfter read = (NestedAfter) across(old, kryo(Before.class, Nested.class), kryo(After.class, NestedAfter.class));
    assertEquals("b", read.more().get(1).name());
    assertEquals(List.of(new Tag("k", "v")), read.more().get(1).tags());
    assertEquals("a", read.inner().name());
  }

  @Test
  void theSameShapeRoundTrips() {
    After v = new After("x", List.of(new Tag("a", "b")), 7L, List.of("z"), null, true, Map.of());
    Kryo k = kryo(After.class, NestedAfter.class);
    assertEquals(v, across(v, k, k));
  }
}
