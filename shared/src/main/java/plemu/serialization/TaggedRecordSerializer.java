package plemu.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Writes a record as tagged components, so that stored data and messages survive a record that
 * gained or lost components: each component is written as its tag (the hash of its name), its
 * length and its value. Reading skips components this record no longer has, and gives components
 * the data lacks their empty value (null, 0, false, an empty list, set, map or Optional); a compact
 * constructor may replace that with a better default. Renaming a component is removing it and adding
 * another; changing its type needs a new name.
 */
final class TaggedRecordSerializer<T extends Record> extends Serializer<T> {
  private final Class<T> type;
  private final RecordComponent[] components;
  private final Method[] accessors;
  private final int[] tags;
  private final Map<Integer, Integer> indexOfTag = new HashMap<>();
  private final Constructor<T> constructor;

  TaggedRecordSerializer(Class<T> type) {
    super(true, true); // null-safe, immutable
    this.type = type;
    this.components = type.getRecordComponents();
    this.accessors = new Method[components.length];
    this.tags = new int[components.length];
    Class<?>[] parameterTypes = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      accessors[i] = components[i].getAccessor();
      accessors[i].setAccessible(true);
      tags[i] = components[i].getName().hashCode();
      parameterTypes[i] = components[i].getType();
      if (indexOfTag.put(tags[i], i) != null)
        throw new IllegalStateException(type.getName() + ": two components with the same tag (" + components[i].getName() + ")");
    }
    try {
      constructor = type.getDeclaredConstructor(parameterTypes);
      constructor.setAccessible(true);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(type.getName() + " has no canonical constructor", e);
    }
  }

  @Override
  public void write(Kryo kryo, Output out, T record) {
    out.writeVarInt(components.length, true);
    for (int i = 0; i < components.length; i++) {
      Object value;
      try {
        value = accessors[i].invoke(record);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot read " + type.getName() + "." + components[i].getName(), e);
      }
      out.writeInt(tags[i]);
      int lengthAt = out.position();
      out.writeInt(0); // the length, set once the value is written
      int start = out.position();
      kryo.writeClassAndObject(out, value);
      int end = out.position();
      out.setPosition(lengthAt);
      out.writeInt(end - start);
      out.setPosition(end);
    }
  }

  @Override
  public T read(Kryo kryo, Input in, Class<? extends T> ignored) {
    Object[] values = new Object[components.length];
    boolean[] seen = new boolean[components.length];
    int n = in.readVarInt(true);
    for (int c = 0; c < n; c++) {
      int tag = in.readInt();
      int length = in.readInt();
      Integer i = indexOfTag.get(tag);
      if (i == null) {
        in.skip(length); // a component this version of the record no longer has
        continue;
      }
      values[i] = kryo.readClassAndObject(in);
      seen[i] = true;
    }
    for (int i = 0; i < components.length; i++) if (!seen[i]) values[i] = emptyValue(components[i].getType());
    try {
      return constructor.newInstance(values);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot make a " + type.getName() + " from stored data", e);
    }
  }

  /** The value a component gets when the data was written before the component existed. */
  static Object emptyValue(Class<?> t) {
    if (t == boolean.class) return false;
    if (t == long.class) return 0L;
    if (t == int.class) return 0;
    if (t == double.class) return 0.0;
    if (t == float.class) return 0f;
    if (t == short.class) return (short) 0;
    if (t == byte.class) return (byte) 0;
    if (t == char.class) return (char) 0;
    if (t == List.class) return List.of();
    if (t == Set.class) return Set.of();
    if (t == Map.class) return Map.of();
    if (t == Optional.class) return Optional.empty();
    return null;
  }
}
