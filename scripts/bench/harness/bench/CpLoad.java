package bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The control-plane load (issue 9): interface endpoints created through plemu's HTTP API, serially
 * and by 10 parallel clients, at world sizes given by --marks (1, 100, 1000, 5000 endpoints), with
 * Describe latencies at each size. At each mark it writes {@code <sync>/mark-<k>.ready} and waits
 * (at most 300 s) for {@code mark-<k>.done}, so the script can read the heap and the data directory.
 * Bounded: --endpoints creates at most, and the watchdog's --max-seconds.
 */
final class CpLoad {
  private CpLoad() {}

  private static final Pattern FIELD = Pattern.compile("\"(\\w+)\"\\s*:\\s*\"([^\"]*)\"");

  private static HttpClient http;
  private static String api;

  static String field(String json, String name) {
    Matcher m = FIELD.matcher(json);
    while (m.find()) if (m.group(1).equals(name)) return m.group(2);
    throw new IllegalStateException("no " + name + " in " + json);
  }

  /** One call; returns the body; fails on a status other than 200 (after retrying 503 for a while). */
  static String call(String token, String action, String body) throws Exception {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (true) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(api + "/v1/" + action))
          .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token)
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200) return r.body();
      if (r.statusCode() != 503 || System.nanoTime() > deadline)
        throw new IllegalStateException(action + " " + body + " -> " + r.statusCode() + " " + r.body());
      Thread.sleep(200);
    }
  }

  static final class World {
    final String provider;
    final String consumer;
    String serviceName;
    final List<String> endpointIds = new ArrayList<>();
    /** The consumer's VPCs: each takes 50 endpoints (AWS's default quota per VPC), one subnet in use1-az1. */
    String vpc;
    String subnet;
    int inVpc;
    int vpcs;

    World(String provider, String consumer) {
      this.provider = provider;
      this.consumer = consumer;
    }

    void setUp(String consumerAccount) throws Exception {
      String pvpc = field(call(provider, "CreateVpc", "{\"CidrBlock\":\"10.20.0.0/16\"}"), "VpcId");
      String psub = field(call(provider, "CreateSubnet", "{\"VpcId\":\"" + pvpc + "\",\"CidrBlock\":\"10.20.1.0/24\","
          + "\"AvailabilityZoneId\":\"use1-az1\"}"), "SubnetId");
      String lb = field(call(provider, "CreateLoadBalancer", "{\"Name\":\"cp-bench\",\"Type\":\"network\",\"Scheme\":"
          + "\"internal\",\"Subnets\":[\"" + psub + "\"]}"), "LoadBalancerArn");
      String tg = field(call(provider, "CreateTargetGroup", "{\"Name\":\"cp-bench\",\"Protocol\":\"TCP\",\"Port\":9,"
          + "\"VpcId\":\"" + pvpc + "\",\"TargetType\":\"ip\"}"), "TargetGroupArn");
      call(provider, "CreateListener", "{\"LoadBalancerArn\":\"" + lb + "\",\"Protocol\":\"TCP\",\"Port\":9,"
          + "\"DefaultActions\":[{\"Type\":\"forward\",\"TargetGroupArn\":\"" + tg + "\"}]}");
      String svc = call(provider, "CreateVpcEndpointServiceConfiguration", "{\"NetworkLoadBalancerArns\":[\"" + lb
          + "\"],\"AcceptanceRequired\":false}");
      serviceName = field(svc, "ServiceName");
      call(provider, "ModifyVpcEndpointServicePermissions", "{\"ServiceId\":\"" + field(svc, "ServiceId")
          + "\",\"AddAllowedPrincipals\":[\"arn:aws:iam::" + consumerAccount + ":root\"]}");
    }

    /** The VPC and subnet for the next endpoint (a new pair every 50), made before the timed create. */
    synchronized String[] slot() throws Exception {
      if (vpc == null || inVpc == 50) {
        vpc = field(call(consumer, "CreateVpc", "{\"CidrBlock\":\"10.0.0.0/16\"}"), "VpcId");
        subnet = field(call(consumer, "CreateSubnet", "{\"VpcId\":\"" + vpc + "\",\"CidrBlock\":\"10.0.1.0/24\","
            + "\"AvailabilityZoneId\":\"use1-az1\"}"), "SubnetId");
        inVpc = 0;
        vpcs++;
      }
      inVpc++;
      return new String[] {vpc, subnet};
    }

    /** Creates one endpoint; returns the nanoseconds the create call took. */
    long create() throws Exception {
      String[] at = slot();
      long t0 = System.nanoTime();
      String body = call(consumer, "CreateVpcEndpoint", "{\"VpcEndpointType\":\"Interface\",\"VpcId\":\"" + at[0]
          + "\",\"ServiceName\":\"" + serviceName + "\",\"SubnetIds\":[\"" + at[1] + "\"]}");
      long took = System.nanoTime() - t0;
      synchronized (endpointIds) {
        endpointIds.add(field(body, "VpcEndpointId"));
      }
      return took;
    }

    int size() {
      synchronized (endpointIds) {
        return endpointIds.size();
      }
    }
  }

  static void run(Args args) throws Exception {
    api = args.required("api");
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    int max = args.intOpt("endpoints", 5000);
    int clients = args.intOpt("clients", 10);
    int window = args.intOpt("window", 50);
    Path sync = Path.of(args.str("sync", "/tmp"));
    List<Integer> marks = new ArrayList<>();
    for (String m : args.str("marks", "1,100,1000,5000").split(",")) marks.add(Integer.parseInt(m.trim()));
    World w = new World(args.required("provider"), args.required("consumer"));
    w.setUp(args.required("consumer-account"));
    warmUp(w, args.intOpt("warmup", 300));
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      for (int mark : marks) {
        if (mark > max) break;
        while (w.size() < mark - 1) w.create(); // grow to just before the mark
        // serial: the mark-th create and the ones after it
        int worldAtMark = w.size();
        int serialCount = mark == 1 ? 1 : window;
        long[] serial = new long[serialCount];
        long t0 = System.nanoTime();
        for (int i = 0; i < serialCount; i++) serial[i] = w.create();
        double serialSeconds = (System.nanoTime() - t0) / 1e9;
        // parallel: every client creates window/clients*... endpoints at once
        int perClient = Math.max(1, window * 2 / clients);
        List<Future<long[]>> futures = new ArrayList<>();
        long p0 = System.nanoTime();
        for (int c = 0; c < clients; c++)
          futures.add(pool.submit(() -> {
            long[] took = new long[perClient];
            for (int i = 0; i < perClient; i++) took[i] = w.create();
            return took;
          }));
        long[] parallel = new long[perClient * clients];
        for (int c = 0; c < clients; c++) System.arraycopy(futures.get(c).get(), 0, parallel, c * perClient, perClient);
        double parallelSeconds = (System.nanoTime() - p0) / 1e9;
        // reads at this size: one endpoint by id, the consumer's whole list, one VPC by id
        long[] one = new long[200];
        for (int i = 0; i < one.length; i++) {
          String id = w.endpointIds.get(i % w.size());
          long r0 = System.nanoTime();
          call(w.consumer, "DescribeVpcEndpoints", "{\"VpcEndpointIds\":[\"" + id + "\"]}");
          one[i] = System.nanoTime() - r0;
        }
        long[] all = new long[5];
        for (int i = 0; i < all.length; i++) {
          long r0 = System.nanoTime();
          call(w.consumer, "DescribeVpcEndpoints", "{}");
          all[i] = System.nanoTime() - r0;
        }
        String storage = call(args.str("operator", "dev-operator"), "DescribeStateStorage", "{}");
        long[] s = Stats.sorted(serial, serial.length), p = Stats.sorted(parallel, parallel.length);
        long[] o = Stats.sorted(one, one.length), a = Stats.sorted(all, all.length);
        System.out.printf("RESULT mark=%d world=%d vpcs=%d serial_n=%d serial_rate=%.1f serial_p50_ms=%.1f serial_p99_ms=%.1f"
                + " parallel_clients=%d parallel_n=%d parallel_rate=%.1f parallel_p50_ms=%.1f parallel_p99_ms=%.1f"
                + " describe_one_p50_ms=%.2f describe_one_p99_ms=%.2f describe_all_p50_ms=%.1f rows=%s largest_shard_bytes=%s"
                + " largest_segment_bytes=%s frame_bytes=%s%n",
            mark, worldAtMark, w.vpcs, serialCount, serialCount / serialSeconds, s[s.length / 2] / 1e6,
            Stats.pct(s, 0.99) / 1e6, clients, parallel.length, parallel.length / parallelSeconds, p[p.length / 2] / 1e6,
            Stats.pct(p, 0.99) / 1e6, o[o.length / 2] / 1e6, Stats.pct(o, 0.99) / 1e6, a[a.length / 2] / 1e6,
            number(storage, "Rows"), number(storage, "LargestShardBytes"), number(storage, "LargestSegmentBytes"),
            number(storage, "MaximumFrameSize"));
        System.out.flush();
        Files.writeString(sync.resolve("mark-" + mark + ".ready"), Integer.toString(w.size()));
        long deadline = System.nanoTime() + 300_000_000_000L;
        while (!Files.exists(sync.resolve("mark-" + mark + ".done")) && System.nanoTime() < deadline) Thread.sleep(100);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Warms the JVMs up (JIT) so that the first marks are not measured cold: creates {@code n}
   * endpoints, deletes them, and waits until they are gone, so the world is empty again.
   */
  static void warmUp(World w, int n) throws Exception {
    if (n <= 0) return;
    for (int i = 0; i < n; i++) w.create();
    List<String> ids = new ArrayList<>(w.endpointIds);
    for (int i = 0; i < ids.size(); i += 25) {
      StringBuilder b = new StringBuilder("{\"VpcEndpointIds\":[");
      for (int j = i; j < Math.min(ids.size(), i + 25); j++) b.append(j > i ? "," : "").append('"').append(ids.get(j)).append('"');
      call(w.consumer, "DeleteVpcEndpoints", b.append("]}").toString());
    }
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (call(w.consumer, "DescribeVpcEndpoints", "{}").contains("VpcEndpointId") && System.nanoTime() < deadline)
      Thread.sleep(200);
    w.endpointIds.clear();
    w.vpc = null; // new VPCs from here on: each holds 50 live endpoints at most
  }

  private static String number(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*(\\d+)").matcher(json);
    return m.find() ? m.group(1) : "NaN";
  }
}
