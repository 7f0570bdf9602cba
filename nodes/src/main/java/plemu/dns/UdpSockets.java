package plemu.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UDP side of every VPC resolver of a node: one datagram socket per resolver address, all
 * served by one thread. Each datagram goes to the handler; its answer (possibly later, e.g. from an
 * upstream) is sent back to the client from the same socket.
 */
final class UdpSockets implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(UdpSockets.class);

  /** Answers one datagram; the future's bytes are sent back (null: nothing is sent). */
  interface Handler {
    java.util.concurrent.CompletionStage<byte[]> handle(String owner, byte[] query);
  }

  private final Handler handler;
  private final Selector selector;
  private final Thread thread;
  private final Map<String, DatagramChannel> channels = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Runnable> pending = new ConcurrentLinkedQueue<>();
  private volatile boolean running = true;

  UdpSockets(String name, Handler handler) throws IOException {
    this.handler = handler;
    this.selector = Selector.open();
    this.thread = new Thread(this::loop, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Binds a socket for {@code owner} at {@code address}; completes when bound (or failed). */
  CompletableFuture<Void> open(String owner, InetSocketAddress address) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    run(() -> {
      DatagramChannel ch = null;
      try {
        ch = DatagramChannel.open();
        ch.bind(address);
        ch.configureBlocking(false);
        ch.register(selector, SelectionKey.OP_READ, owner);
        DatagramChannel old = channels.put(owner, ch);
        if (old != null) old.close();
        done.complete(null);
      } catch (IOException | RuntimeException e) {
        if (ch != null) closeQuietly(ch); // a socket that could not bind holds no port, but a descriptor
        done.completeExceptionally(e);
      }
    });
    return done;
  }

  void close(String owner) {
    run(() -> {
      DatagramChannel ch = channels.remove(owner);
      if (ch != null) closeQuietly(ch);
    });
  }

  private void run(Runnable op) {
    pending.add(op);
    selector.wakeup();
  }

  private void loop() {
    ByteBuffer buffer = ByteBuffer.allocate(65535);
    while (running) {
      try {
        selector.select(1000);
        Runnable op;
        while ((op = pending.poll()) != null) op.run();
        for (SelectionKey key : selector.selectedKeys()) {
          if (!key.isValid() || !key.isReadable()) continue;
          DatagramChannel ch = (DatagramChannel) key.channel();
          String owner = (String) key.attachment();
          buffer.clear();
          SocketAddress from;
          try {
            from = ch.receive(buffer);
          } catch (IOException e) {
            continue;
          }
          if (from == null) continue;
          buffer.flip();
          byte[] query = new byte[buffer.remaining()];
          buffer.get(query);
          CompletionStage<byte[]> answering;
          try {
            answering = handler.handle(owner, query);
          } catch (RuntimeException | StackOverflowError e) { // one bad query must not stop every resolver
            log.warn("resolver of {}: query from {} failed: {}", owner, from, e.toString());
            continue;
          }
          answering.whenComplete((answer, failure) -> {
            if (answer == null) return;
            try {
              ch.send(ByteBuffer.wrap(answer), from);
            } catch (IOException e) {
              log.debug("resolver of {}: could not answer {}: {}", owner, from, e.toString());
            }
          });
        }
        selector.selectedKeys().clear();
      } catch (IOException | RuntimeException e) {
        if (running) log.warn("DNS UDP loop: {}", e.toString());
      }
    }
  }

  @Override
  public void close() {
    running = false;
    selector.wakeup();
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    channels.values().forEach(UdpSockets::closeQuietly);
    channels.clear();
    try {
      selector.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  private static void closeQuietly(DatagramChannel ch) {
    try {
      ch.close();
    } catch (IOException e) {
      // nothing left to do
    }
  }
}
