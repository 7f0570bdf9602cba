package plemu.serialization;

import org.apache.pekko.actor.ExtendedActorSystem;

/**
 * How state format 8 wrote values: Kryo with records by position. Configured but bound to nothing:
 * Pekko uses it only for data that carries its identifier, i.e. a data directory of format 8 that
 * the writer migrates. It reads records as they were then; a record changed since cannot be read.
 */
public final class PositionalKryoSerializer extends PooledKryoSerializer {
  public static final int IDENTIFIER = 7_301_001;

  public PositionalKryoSerializer(ExtendedActorSystem system) {
    super(system, false);
  }

  @Override
  public int identifier() {
    return IDENTIFIER;
  }
}
