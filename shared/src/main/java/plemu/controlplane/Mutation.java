package plemu.controlplane;

import plemu.model.KryoSerializable;

/**
 * A write to the desired state. Pure: it reads and changes the builder and returns the result to
 * send back, or throws {@link AwsException} and the builder is thrown away (nothing is applied).
 */
public interface Mutation extends KryoSerializable {
  Object apply(Desired.Builder state, IdSource ids);
}
