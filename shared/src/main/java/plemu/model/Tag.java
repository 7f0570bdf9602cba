package plemu.model;

import java.util.List;
import java.util.Optional;

/** An EC2 tag. */
public record Tag(String key, String value) implements KryoSerializable {
  public static Optional<String> valueOf(List<Tag> tags, String key) {
    return tags.stream().filter(t -> t.key().equals(key)).map(Tag::value).findFirst();
  }

  public static Optional<String> nameOf(List<Tag> tags) {
    return valueOf(tags, "Name");
  }
}
