package plemu.state;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import plemu.model.KryoSerializable;
import plemu.serialization.KryoRegistry;

/**
 * Every concrete class that may cross nodes or be stored ({@link KryoSerializable}) is registered
 * with Kryo, so none fails only at run time. Private nested classes never leave their node and are
 * exempt.
 */
class KryoRegistrationTest {

  @Test
  void everyKryoSerializableClassIsRegistered() throws Exception {
    List<String> missing = new ArrayList<>();
    int checked = 0;
    for (Path root : List.of(Path.of("target/classes"), Path.of("../shared/target/classes"))) {
      if (!Files.isDirectory(root)) continue;
      try (Stream<Path> files = Files.walk(root)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
          String name = root.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
          Class<?> c = Class.forName(name, false, getClass().getClassLoader());
          if (!KryoSerializable.class.isAssignableFrom(c) || c.isInterface() || Modifier.isAbstract(c.getModifiers())) continue;
          if (Modifier.isPrivate(c.getModifiers()) || c.isLocalClass() || c.isAnonymousClass()) continue;
          checked++;
          if (!KryoRegistry.CLASSES.contains(c)) missing.add(c.getName());
        }
      }
    }
    assertTrue(checked >= KryoRegistry.CLASSES.size() - 5, "found only " + checked + " classes to check");
    assertTrue(missing.isEmpty(), "KryoSerializable but not in KryoRegistry.CLASSES: " + missing);
  }
}
