package plemu.links;

import plemu.controlplane.AwsError;
import plemu.model.KryoSerializable;

/**
 * A direction of a link, as Toxiproxy names them: {@code upstream} carries the bytes of the side
 * that opened the connection (client towards server), {@code downstream} the answers.
 */
public enum Direction implements KryoSerializable {
  UPSTREAM("upstream"),
  DOWNSTREAM("downstream");

  private final String apiName;

  Direction(String apiName) {
    this.apiName = apiName;
  }

  /** The name in the API and in config: {@code upstream} or {@code downstream}. */
  public String apiName() {
    return apiName;
  }

  /** The direction named {@code name}; refused with InvalidParameterValue otherwise. */
  public static Direction parse(String parameter, String name) {
    for (Direction d : values()) if (d.apiName.equals(name)) return d;
    throw AwsError.invalidValue(parameter, name, "A direction is upstream or downstream.").exception();
  }
}
