package plemu.serialization;

import org.apache.pekko.actor.ExtendedActorSystem;

/**
 * The serializer of every {@link plemu.model.KryoSerializable} (messages between nodes, replicated
 * and stored values): records as tagged components ({@link TaggedRecordSerializer}), so stored
 * state and messages between nodes of different builds survive added and removed components.
 * Class ids are pinned by {@link KryoRegistry} (and a test of every id).
 */
public final class KryoSerializer extends PooledKryoSerializer {
  public static final int IDENTIFIER = 7_301_002;

  public KryoSerializer(ExtendedActorSystem system) {
    super(system, true);
  }

  @Override
  public int identifier() {
    return IDENTIFIER;
  }
}
