package plemu.links;

import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.util.ByteString;

/**
 * One direction of one flow through a link: applies the link's {@link LiveChain} to the bytes as they
 * pass ({@link ImpairedDirection} does the work). While the chain is empty it is a pass-through
 * that reads the chain once per chunk. A held chunk counts against {@code maxBytes} and
 * {@code maxItems}; past them the stage stops pulling, so a slow or stalled link slows the sender.
 * Timers come from a {@link LinkTimer} and reach the stage through an async callback, never from
 * Pekko's scheduler (10 ms ticks).
 *
 * <p>Ends: an upstream FIN crosses the chain like data (a latency delays it, a slow close more, a
 * blackhole withholds it) and completes the stage; a FINISH made by the chain (limit data) completes
 * it and cancels upstream; a RESET (reset) fails it with {@link LinkReset}, which Pekko's TCP stages
 * turn into an RST on both sockets. A failure from upstream or a cancel from downstream passes at
 * once (a failure is not data).
 */
public final class ImpairmentStage extends GraphStage<FlowShape<ByteString, ByteString>> {
  private final Inlet<ByteString> in = Inlet.create("Impairments.in");
  private final Outlet<ByteString> out = Outlet.create("Impairments.out");
  private final FlowShape<ByteString, ByteString> shape = FlowShape.of(in, out);
  private final LiveChain chain;
  private final LinkTimer timer;
  private final Supplier<RandomGenerator> random;
  private final long maxBytes;
  private final int maxItems;

  public ImpairmentStage(LiveChain chain, LinkTimer timer, Supplier<RandomGenerator> random, long maxBytes, int maxItems) {
    this.chain = chain;
    this.timer = timer;
    this.random = random;
    this.maxBytes = maxBytes;
    this.maxItems = maxItems;
  }

  /** The stream was reset by a reset impairment (an RST on the sockets it reaches). */
  public static final class LinkReset extends RuntimeException {
    public LinkReset() {
      super("reset by an impairment of the link", null, false, false);
    }
  }

  @Override
  public FlowShape<ByteString, ByteString> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes inheritedAttributes) {
    return new Logic();
  }

  private final class Logic extends GraphStageLogic {
    private ImpairedDirection pipe;
    private LiveChain.Subscription subscription;

    Logic() {
      super(shape);
      setHandler(in, new AbstractInHandler() {
        @Override
        public void onPush() {
          ByteString chunk = grab(in);
          if (pipe.passesThrough() && isAvailable(out)) push(out, chunk);
          else {
            pipe.offer(chunk, System.nanoTime());
            drain();
          }
        }

        @Override
        public void onUpstreamFinish() {
          if (pipe.passesThrough()) completeStage();
          else {
            pipe.finish(System.nanoTime());
            drain();
          }
        }
      });
      setHandler(out, new AbstractOutHandler() {
        @Override
        public void onPull() {
          drain();
        }
      });
    }

    @Override
    public void preStart() {
      AsyncCallback<NotUsed> woken = createAsyncCallback(x -> {
        pipe.onTimer(System.nanoTime());
        drain();
      });
      AsyncCallback<NotUsed> changed = createAsyncCallback(x -> {
        pipe.onChainChanged(System.nanoTime());
        drain();
      });
      pipe = new ImpairedDirection(chain, at -> timer.schedule(at, () -> woken.invoke(NotUsed.getInstance())),
          random.get(), maxBytes, maxItems);
      subscription = chain.subscribe(() -> changed.invoke(NotUsed.getInstance()));
      pipe.onChainChanged(System.nanoTime());
      drain();
    }

    /** Hands on what is ready, ends the stage if the chain says so, and pulls if there is room. */
    private void drain() {
      if (isAvailable(out) && pipe.hasData()) push(out, pipe.takeData());
      Verdict.Outcome ending = pipe.ending();
      if (ending == Verdict.Outcome.RESET) {
        failStage(new LinkReset());
        return;
      }
      if (ending == Verdict.Outcome.FINISH) {
        completeStage();
        return;
      }
      if (!isClosed(in) && !hasBeenPulled(in) && (pipe.passesThrough() ? isAvailable(out) : pipe.hasRoom())) pull(in);
    }

    @Override
    public void postStop() {
      if (subscription != null) subscription.close();
      if (pipe != null) pipe.close();
    }
  }
}
