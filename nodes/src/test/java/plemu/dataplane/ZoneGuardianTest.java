package plemu.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import plemu.changelog.FollowerProtocol;
import plemu.controlplane.Desired;
import plemu.controlplane.Table;
import plemu.model.DataPlaneStatus;
import plemu.model.HealthCheck;
import plemu.model.LoadBalancer;
import plemu.model.NetworkInterface;
import plemu.model.Target;
import plemu.model.TargetGroup;
import plemu.model.TargetHealthReport;
import plemu.state.StateFollower;
import plemu.testing.EchoServer;

/**
 * The zone's actors, one per NLB node, endpoint interface and instance app, each addressable by its
 * AWS id: reconciled from snapshots, told to stop, crash and resume, restarted by their supervisor
 * with their listeners bound again and no descriptor left behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(LogCapturingExtension.class)
class ZoneGuardianTest {
  static final String ZONE = "use1-az1";
  static final String OWNER = "111111111111";
  static final String LB = "arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/net/zg/1";
  static final String TG = "arn:aws:elasticloadbalancing:us-east-1:111111111111:targetgroup/zg/1";
  static final String NODE_HOST = "127.1.77.1";
  static final String APP_HOST = "127.1.77.2";
  static final int PORT = 7700;

  final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.parseString("""
      pekko.actor.provider = cluster
      pekko.remote.artery.canonical { hostname = 127.0.0.1, port = 0 }
      """).withFallback(ConfigFactory.load()));
  EchoServer target;
  TestProbe<FollowerProtocol.Command> follower;
  ActorRef<ZoneGuardian.Command> zone;
  Desired current;

  @BeforeAll
  void zoneWithAnNlbNodeAndAnInstance() throws IOException {
    Cluster.get(testKit.system()).manager().tell(Join.create(Cluster.get(testKit.system()).selfMember().address()));
    target = new EchoServer("127.0.0.1");
    follower = testKit.createTestProbe();
    zone = testKit.spawn(ZoneGuardian.create(ZONE, DataPlaneSettings.defaults(), plemu.links.LinkSettings.none(), testKit.system(), follower.ref()));
    Desired.Builder b = Desired.empty().toBuilder();
    b.put(Table.NETWORK_INTERFACES, "eni-node", eni("eni-node", NODE_HOST, LB));
    b.put(Table.LOAD_BALANCERS, LB, new LoadBalancer(LB, "zg", OWNER, "us-east-1", "vpc-1", "internal",
        List.of(new LoadBalancer.Node(ZONE, "subnet-1", "eni-node")), List.of(), LoadBalancer.DEFAULT_ATTRIBUTES, 1L, List.of()));
    b.put(Table.TARGET_GROUPS, TG, new TargetGroup(TG, "zg", OWNER, "us-east-1", "vpc-1", "TCP", 80, "ip",
        HealthCheck.tcpDefaults(), TargetGroup.DEFAULT_ATTRIBUTES,
        List.of(new Target("127.0.0.1", target.port(), "all", null)), List.of()));
    b.put(Table.LISTENERS, "arn:listener", new plemu.model.Listener("arn:listener", LB, OWNER, "us-east-1", "TCP", PORT,
        TG, plemu.model.Listener.DEFAULT_ATTRIBUTES));
    b.put(Table.NETWORK_INTERFACES, "eni-app", eni("eni-app", APP_HOST, "i-app"));
    b.put(Table.INSTANCES, "i-app", new plemu.model.Instance("i-app", OWNER, "us-east-1", "vpc-1", "subnet-1", ZONE,
        "plemu-echo", "t3.micro", "eni-app", 7, null, "running", 1L, List.of()));
    current = b.build();
    zone.tell(new ZoneGuardian.StateChanged(new StateFollower.Update(current, List.of(), true)));
    // the version is acknowledged once every actor listens
    StateFollower.Ack ack = follower.expectMessageClass(StateFollower.Ack.class, Duration.ofSeconds(10));
    assertEquals(current.version(), ack.version());
  }

  static NetworkInterface eni(String id, String host, String attachedTo) {
    return new NetworkInterface(id, OWNER, "us-east-1", "vpc-1", "subnet-1", ZONE, 167772420, host, "interface", "",
        false, List.of(), attachedTo);
  }

  @AfterAll
  void stop() throws IOException {
    testKit.shutdownTestKit();
    if (target != null) target.close();
  }

  private boolean tell(String id, DataPlaneEntity.Command command) {
    TestProbe<Boolean> found = testKit.createTestProbe();
    zone.tell(new ZoneGuardian.Tell(id, command, found.ref()));
    return found.receiveMessage();
  }

  private DataPlaneStatus status(String id) {
    TestProbe<DataPlaneStatus> probe = testKit.createTestProbe();
    tell(id, new DataPlaneEntity.GetStatus(probe.ref()));
    return probe.receiveMessage();
  }

  @Test
  void eachActorIsAddressedByItsAwsIdAndServes() throws Exception {
    assertTrue(tell("eni-node", new DataPlaneEntity.Resume()), "the NLB node's actor is its interface's id");
    assertTrue(tell("i-app", new DataPlaneEntity.Resume()), "the instance app's actor is the instance id");
    assertEquals(false, tell("eni-nothing", new DataPlaneEntity.Resume()));
    EchoServer.assertEchoesThrough(NODE_HOST, PORT, "NLB node");
    EchoServer.assertEchoesThrough(APP_HOST, 7, "instance app");
    assertEquals("serving", status("eni-node").status());
  }

  @Test
  void aStoppedActorRefusesUntilItResumes() throws Exception {
    tell("eni-node", new DataPlaneEntity.Stop("test"));
    awaitTrue(() -> refused(NODE_HOST, PORT));
    assertEquals("stopped", status("eni-node").status());
    assertEquals("test", status("eni-node").reason());
    tell("eni-node", new DataPlaneEntity.Resume());
    awaitTrue(() -> echoes(NODE_HOST, PORT));
  }

  @Test
  void aCrashedActorIsRestartedListensAgainAndLeaksNoDescriptor() throws Exception {
    EchoServer.assertEchoesThrough(APP_HOST, 7, "before");
    long before = openDescriptors();
    for (int i = 1; i <= 5; i++) {
      int restarts = i;
      tell("i-app", new DataPlaneEntity.Crash("crash " + i));
      // back after the backoff, counted, its listener bound again
      awaitTrue(() -> published("i-app").restarts() == restarts);
      awaitTrue(() -> echoes(APP_HOST, 7));
    }
    DataPlaneStatus s = published("i-app");
    assertEquals("serving", s.status());
    assertEquals("Crashed: crash 5", s.reason(), "the last failure");
    long after = openDescriptors();
    assertTrue(after <= before + 3, "descriptors before " + before + ", after five crashes " + after);
  }

  @Test
  void anNlbNodeWithoutListenersWaitsAndAGoneOneComesBackAsANewActor() throws Exception {
    Desired before = current;
    // no listener: the node's actor stays, serving nothing
    write(b -> b.remove(Table.LISTENERS, "arn:listener"));
    awaitTrue(() -> refused(NODE_HOST, PORT));
    assertTrue(tell("eni-node", new DataPlaneEntity.Resume()), "the actor is still there");
    write(b -> b.put(Table.LISTENERS, "arn:listener", before.listeners().get("arn:listener")));
    EchoServer.assertEchoesThrough(NODE_HOST, PORT, "the listener again");
    // the NLB gone and back at once: a new actor serves, under the same id
    LoadBalancer lb = current.loadBalancers().get(LB);
    write(b -> b.remove(Table.LOAD_BALANCERS, LB));
    write(b -> b.put(Table.LOAD_BALANCERS, LB, lb));
    EchoServer.assertEchoesThrough(NODE_HOST, PORT, "a new NLB node actor");
    assertEquals("serving", status("eni-node").status());
  }

  /** The health state the zone's NLB node publishes for its one target ("none" before any). */
  private String publishedHealth() {
    TestProbe<Replicator.GetResponse<LWWMap<String, TargetHealthReport>>> probe = testKit.createTestProbe();
    DistributedData.get(testKit.system()).replicator()
        .tell(new Replicator.Get<>(TargetHealthMonitor.reportsKey(ZONE), Replicator.readLocal(), probe.ref()));
    if (!(probe.receiveMessage() instanceof Replicator.GetSuccess<LWWMap<String, TargetHealthReport>> ok)) return "none";
    return ok.get(TargetHealthMonitor.reportsKey(ZONE)).getEntries().values().stream().map(TargetHealthReport::state)
        .findFirst().orElse("none");
  }

  /** Connections the target accepted from the NLB node's address (its health checks, with no flows running). */
  private long checksFromTheNode() {
    return target.peers.stream().filter(a -> a.getAddress().getHostAddress().equals(NODE_HOST)).count();
  }

  @Test
  void theNlbNodeOwnsItsHealthChecksTheyPauseWhileItIsStoppedAndStartOverWhenItCrashes() throws Exception {
    TargetGroup tg = current.targetGroups().get(TG);
    write(b -> b.put(Table.TARGET_GROUPS, TG, tg.withHealthCheck(new HealthCheck(true, "TCP", "traffic-port", null, 5, 2,
        2, 2, null))));
    try {
      awaitTrue(() -> publishedHealth().equals("healthy"));
      // stopped, it checks nothing; resumed, it checks at once (the interval is 5 s)
      tell("eni-node", new DataPlaneEntity.Stop("test"));
      awaitTrue(() -> refused(NODE_HOST, PORT));
      long before = checksFromTheNode();
      tell("eni-node", new DataPlaneEntity.Resume());
      long resumedAt = System.nanoTime();
      awaitTrue(() -> checksFromTheNode() > before);
      assertTrue(System.nanoTime() - resumedAt < 4_000_000_000L, "checked at once when it resumed");
      // a crash: the restarted node's checks start over (initial, then healthy after two passes)
      tell("eni-node", new DataPlaneEntity.Crash("test"));
      awaitTrue(() -> publishedHealth().equals("initial"));
      awaitTrue(() -> publishedHealth().equals("healthy"));
    } finally {
      write(b -> b.put(Table.TARGET_GROUPS, TG, tg));
    }
  }

  /** One write applied by the zone, answered (acknowledged) before the next. */
  private void write(java.util.function.Consumer<Desired.Builder> change) {
    Desired.Builder b = current.toBuilder();
    change.accept(b);
    List<plemu.controlplane.Desired.Change> changes = b.changes();
    current = b.build();
    zone.tell(new ZoneGuardian.StateChanged(new StateFollower.Update(current, changes, false)));
    StateFollower.Ack ack = follower.expectMessageClass(StateFollower.Ack.class, Duration.ofSeconds(10));
    assertEquals(current.version(), ack.version());
  }

  /** The status the guardian publishes for the API (restarts counted). */
  private DataPlaneStatus published(String id) {
    TestProbe<Map<String, DataPlaneStatus>> probe = testKit.createTestProbe();
    zone.tell(new ZoneGuardian.GetStatuses(probe.ref()));
    return probe.receiveMessage().get(id);
  }

  private static long openDescriptors() throws IOException {
    Path fds = Path.of("/proc/self/fd");
    if (!Files.isDirectory(fds)) return 0;
    try (var list = Files.list(fds)) {
      return list.count();
    }
  }

  private static boolean refused(String host, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 1000);
      return false;
    } catch (ConnectException e) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean echoes(String host, int port) {
    try {
      EchoServer.assertEchoesThrough(host, port, host);
      return true;
    } catch (IOException | AssertionError e) {
      return false;
    }
  }

  private static void awaitTrue(java.util.function.BooleanSupplier check) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!check.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("not true within 10 s");
      Thread.sleep(50);
    }
  }

}
