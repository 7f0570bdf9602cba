package plemu.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.Pool;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.JSerializer;

/**
 * A Pekko serializer on Kryo with registration required, so an unregistered class fails loudly
 * instead of falling back to Java serialization; Kryo instances and buffers are pooled.
 */
abstract class PooledKryoSerializer extends JSerializer {
  private final ExtendedActorSystem system;
  private final boolean tagged;
  private volatile ActorRefResolver resolver; // lazy: serializers are built while the system starts
  private final Pool<Kryo> kryos =
      new Pool<>(true, false, 16) {
        @Override
        protected Kryo create() {
          return KryoRegistry.newKryo(PooledKryoSerializer.this::resolver, tagged);
        }
      };
  private final Pool<Output> outputs =
      new Pool<>(true, false, 16) {
        @Override
        protected Output create() {
          return new Output(4096, -1);
        }
      };

  PooledKryoSerializer(ExtendedActorSystem system, boolean tagged) {
    this.system = system;
    this.tagged = tagged;
  }

  private ActorRefResolver resolver() {
    ActorRefResolver r = resolver;
    if (r == null) {
      r = ActorRefResolver.get(Adapter.toTyped(system));
      resolver = r;
    }
    return r;
  }

  @Override
  public boolean includeManifest() {
    return false; // Kryo writes its own registered class id
  }

  @Override
  public byte[] toBinary(Object o) {
    Kryo kryo = kryos.obtain();
    Output out = outputs.obtain();
    try {
      out.reset();
      kryo.writeClassAndObject(out, o);
      return out.toBytes();
    } finally {
      outputs.free(out);
      kryos.free(kryo);
    }
  }

  @Override
  public Object fromBinaryJava(byte[] bytes, Class<?> ignored) {
    Kryo kryo = kryos.obtain();
    try {
      return kryo.readClassAndObject(new Input(bytes));
    } finally {
      kryos.free(kryo);
    }
  }
}
