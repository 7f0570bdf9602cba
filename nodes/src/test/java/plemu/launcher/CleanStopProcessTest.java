package plemu.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static plemu.testing.ApiClient.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import plemu.testing.ApiClient;
import plemu.testing.ClusterTestBase;
import plemu.testing.EchoServer;
import plemu.testing.NodeProcess;

/**
 * {@code plemu up} as a user runs it, in its own JVM with the default logback.xml: a flow through an
 * NLB node and a flow an endpoint's security group denies (the default log configuration shows the
 * denial), then Ctrl-C (SIGINT): the stop takes under 10 s, the open flow ends with FIN (not a reset),
 * and neither start nor stop prints a warning, an error or SLF4J's replay lines.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CleanStopProcessTest {
  private static final String PROVIDER = "dev-provider";
  private static final String CONSUMER = "dev-consumer";
  private static final int PORT = 7091;
  private Process up;
  private Path dir;
  private Path log;
  private EchoServer target;

  @AfterAll
  void stop() throws Exception {
    if (up != null && up.isAlive()) {
      up.destroyForcibly();
      up.waitFor(20, TimeUnit.SECONDS);
    }
    if (target != null) target.close();
    ClusterTestBase.deleteRecursively(dir);
  }

  @Test
  void ctrlCStopsWithinTenSecondsClosesOpenFlowsWithFinAndPrintsNoWarnings() throws Exception {
    dir = Files.createTempDirectory("plemu-clean-stop");
    log = dir.resolve("up.log");
    int apiPort = NodeProcess.freePort();
    String java = ProcessHandle.current().info().command().orElse("java");
    Path root = Path.of(System.getProperty("user.dir")).getParent(); // the module's directory is nodes/
    up = new ProcessBuilder(java, "-Xmx512m", "--add-opens=java.base/java.nio=ALL-UNNAMED",
        "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "-Dlogback.configurationFile=logback.xml",
        "-cp", System.getProperty("java.class.path"), "plemu.Main", "up", "--api-port", String.valueOf(apiPort),
        "--data-dir", dir.resolve("data").toString())
        .directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    await(120, () -> output().contains("Ctrl-C stops every node."), "plemu up did not start");

    ApiClient api = new ApiClient(new InetSocketAddress("127.0.0.1", apiPort));
    target = new EchoServer("127.0.0.1");
    String lb = api.nlbInAz1(PROVIDER, "stop");
    String vpc = api.ok(PROVIDER, "DescribeLoadBalancers", json("LoadBalancerArns", List.of(lb)))
        .get("LoadBalancers").get(0).get("VpcId").asText();
    String tg = api.ok(PROVIDER, "CreateTargetGroup", json("Name", "stop", "Protocol", "TCP", "Port", 80, "VpcId", vpc,
        "TargetType", "ip")).get("TargetGroups").get(0).get("TargetGroupArn").asText();
    api.ok(PROVIDER, "RegisterTargets", json("TargetGroupArn", tg, "Targets",
        List.of(Map.of("Id", "127.0.0.1", "Port", target.port(), "AvailabilityZone", "all"))));
    api.ok(PROVIDER, "CreateListener", json("LoadBalancerArn", lb, "Protocol", "TCP", "Port", PORT,
        "DefaultActions", List.of(Map.of("Type", "forward", "TargetGroupArn", tg))));
    String nlbNode = hostOf(api, PROVIDER, "network_load_balancer", vpc);
    String service = api.serviceFor(PROVIDER, lb, "222222222222").get("ServiceName").asText();
    String endpoint = api.endpointInAz1(CONSUMER, service); // its VPC's default group does not admit this host
    await(30, () -> "available".equals(api.ok(CONSUMER, "DescribeVpcEndpoints", json("VpcEndpointIds", List.of(endpoint)))
        .get("VpcEndpoints").get(0).get("State").asText()), "the endpoint did not become available");
    JsonNode eni = api.ok(CONSUMER, "DescribeVpcEndpoints", json("VpcEndpointIds", List.of(endpoint)))
        .get("VpcEndpoints").get(0).get("NetworkInterfaceIds");
    String endpointHost = api.ok(CONSUMER, "DescribeNetworkInterfaces", json("NetworkInterfaceIds", eni))
        .get("NetworkInterfaces").get(0).get("HostAddress").asText();

    Socket open = echoingConnection(nlbNode);
    await(20, () -> deniedOnce(endpointHost) && output().contains("refused (SecurityGroupDenied)"),
        "the denial is not in plemu's output");

    long stopping = System.nanoTime();
    new ProcessBuilder("kill", "-INT", String.valueOf(up.pid())).start().waitFor(5, TimeUnit.SECONDS);
    boolean stopped = up.waitFor(20, TimeUnit.SECONDS);
    double seconds = (System.nanoTime() - stopping) / 1e9;
    assertTrue(stopped && seconds < 10, "stopped: " + stopped + " after " + seconds + " s");
    int read;
    try {
      read = open.getInputStream().read();
    } catch (SocketException reset) {
      throw new AssertionError("the open flow was reset, not closed: " + reset);
    } finally {
      open.close();
    }
    assertEquals(-1, read, "the open flow ends with FIN");
    List<String> noisy = new ArrayList<>();
    for (String line : output().split("\n"))
      if (line.matches(".*\\b(WARN|ERROR)\\b.*|^SLF4J.*")) noisy.add(line);
    assertEquals(List.of(), noisy, "warnings in plemu's output");
  }

  /** A connection through the NLB node that has echoed a first message, still open. */
  private static Socket echoingConnection(String host) throws Exception {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (true) {
      Socket s = new Socket();
      try {
        s.connect(new InetSocketAddress(host, PORT), 2000);
        s.setSoTimeout(5000);
        s.getOutputStream().write("ping".getBytes(StandardCharsets.UTF_8));
        byte[] back = s.getInputStream().readNBytes(4);
        if (new String(back, StandardCharsets.UTF_8).equals("ping")) return s;
        s.close();
      } catch (IOException notYet) { // the listener or its targets not there yet
        s.close();
      }
      if (System.nanoTime() > deadline) throw new AssertionError("no echo through " + host + ":" + PORT);
      Thread.sleep(200);
    }
  }

  /** True once a connection to the endpoint interface was accepted and reset (denied). */
  private static boolean deniedOnce(String host) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, PORT), 2000);
      s.setSoTimeout(5000);
      s.getOutputStream().write(1);
      s.getInputStream().read();
      return false; // closed or answered, not reset
    } catch (IOException refusedOrReset) {
      return true;
    }
  }

  private static String hostOf(ApiClient api, String token, String type, String vpc) {
    return api.ok(token, "DescribeNetworkInterfaces", json("Filters", List.of(Map.of("Name", "interface-type",
        "Values", List.of(type)), Map.of("Name", "vpc-id", "Values", List.of(vpc))))).get("NetworkInterfaces").get(0)
        .get("HostAddress").asText();
  }

  private String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "";
    }
  }

  private void await(int seconds, BooleanSupplier condition, String failure) throws InterruptedException {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline || !up.isAlive()) throw new AssertionError(failure + ":\n" + output());
      Thread.sleep(200);
    }
  }
}
