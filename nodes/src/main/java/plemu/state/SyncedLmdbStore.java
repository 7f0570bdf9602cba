package plemu.state;

import com.typesafe.config.Config;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.pekko.actor.AbstractActorWithTimers;
import org.apache.pekko.cluster.ddata.DurableStore;
import org.apache.pekko.cluster.ddata.GCounter;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.SerializerWithStringManifest;
import org.lmdbjava.CursorIterable;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.Txn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable store of every node's Distributed Data (pekko's {@code durable.store-actor-class}):
 * LMDB in the node's data directory, as pekko's own LmdbDurableStore keeps it (same layout, same
 * serialized values), but every write is committed at once without waiting for the disk
 * ({@code MDB_NOSYNC}), and the files are synced to the disk every {@code sync-interval}
 * (plemu.state). A committed write survives the process being killed (the kernel holds it); only a
 * crash of the whole machine may lose the last interval. Pekko's store syncs on every write, which on
 * this kind of disk costs several milliseconds per replicated write.
 */
public final class SyncedLmdbStore extends AbstractActorWithTimers {
  private static final Logger log = LoggerFactory.getLogger(SyncedLmdbStore.class);

  private enum Sync { INSTANCE }

  private final File dir;
  private final long mapSize;
  private final Duration syncInterval;
  private final SerializerWithStringManifest serializer;
  private final String manifest;
  private Env<ByteBuffer> env;
  private Dbi<ByteBuffer> db;
  private ByteBuffer keyBuffer;
  private ByteBuffer valueBuffer;
  private boolean dirty;

  /** {@code durable}: pekko's section (lmdb.dir, lmdb.map-size); the sync interval is plemu's. */
  public SyncedLmdbStore(Config durable) {
    this.dir = new File(durable.getString("lmdb.dir"));
    this.mapSize = durable.getBytes("lmdb.map-size");
    Config root = getContext().getSystem().settings().config();
    this.syncInterval = root.getDuration("plemu.state.sync-interval");
    this.serializer = serializerOfDurableData();
    this.manifest = serializer.manifest(new DurableStore.DurableDataEnvelope(GCounter.empty()));
  }

  private SerializerWithStringManifest serializerOfDurableData() {
    try {
      return (SerializerWithStringManifest) SerializationExtension.get(getContext().getSystem())
          .serializerFor(DurableStore.DurableDataEnvelope.class);
    } catch (Exception e) {
      throw new IllegalStateException("no serializer for durable data", e);
    }
  }

  private void open() {
    if (env != null) return;
    dir.mkdirs();
    env = Env.create().setMapSize(mapSize).setMaxDbs(1).open(dir, EnvFlags.MDB_NOLOCK, EnvFlags.MDB_NOSYNC);
    db = env.openDbi("ddata", DbiFlags.MDB_CREATE);
    keyBuffer = ByteBuffer.allocateDirect(env.getMaxKeySize());
    valueBuffer = ByteBuffer.allocateDirect(100 * 1024);
    timers().startTimerWithFixedDelay(Sync.INSTANCE, Sync.INSTANCE, syncInterval);
  }

  @Override
  public Receive createReceive() {
    return receiveBuilder()
        .matchEquals(DurableStore.LoadAll$.MODULE$, m -> loadAll())
        .match(DurableStore.Store.class, this::store)
        .matchEquals(Sync.INSTANCE, m -> sync())
        .build();
  }

  private void loadAll() {
    String[] files = dir.list();
    if (files != null && files.length > 0) {
      open();
      scala.collection.immutable.Map<String, DurableStore.DurableDataEnvelope> data =
          scala.collection.immutable.HashMap$.MODULE$.empty();
      try (Txn<ByteBuffer> tx = env.txnRead(); CursorIterable<ByteBuffer> entries = db.iterate(tx)) {
        for (CursorIterable.KeyVal<ByteBuffer> e : entries) {
          byte[] key = new byte[e.key().remaining()];
          e.key().get(key);
          byte[] value = new byte[e.val().remaining()];
          e.val().get(value);
          data = data.updated(new String(key, StandardCharsets.UTF_8),
              (DurableStore.DurableDataEnvelope) serializer.fromBinary(value, manifest));
        }
      } catch (Exception e) {
        throw new DurableStore.LoadFailed("failed to load durable distributed-data from " + dir, e);
      }
      if (!data.isEmpty()) getSender().tell(new DurableStore.LoadData(data), getSelf());
    }
    getSender().tell(DurableStore.LoadAllCompleted$.MODULE$, getSelf());
  }

  private void store(DurableStore.Store s) {
    try {
      open();
      byte[] value = serializer.toBinary(s.data());
      if (valueBuffer.capacity() < value.length) valueBuffer = ByteBuffer.allocateDirect(value.length * 2);
      keyBuffer.clear();
      keyBuffer.put(s.key().getBytes(StandardCharsets.UTF_8)).flip();
      valueBuffer.clear();
      valueBuffer.put(value).flip();
      db.put(keyBuffer, valueBuffer);
      dirty = true;
      if (s.reply().isDefined()) s.reply().get().replyTo().tell(s.reply().get().successMsg(), getSelf());
    } catch (RuntimeException e) {
      log.error("failed to store {} in {}", s.key(), dir, e);
      if (s.reply().isDefined()) s.reply().get().replyTo().tell(s.reply().get().failureMsg(), getSelf());
    }
  }

  private void sync() {
    if (!dirty || env == null) return;
    env.sync(true);
    dirty = false;
  }

  @Override
  public void postStop() {
    if (env == null) return;
    try {
      env.sync(true);
      db.close();
      env.close();
    } catch (RuntimeException e) {
      log.warn("closing {} failed: {}", dir, e.toString());
    }
  }
}
