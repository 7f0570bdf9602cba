package bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises the CPU samples (jdk.ExecutionSample) of a JFR recording as markdown: the hottest
 * methods by own time, and the plemu / Pekko methods by inclusive time (share of samples whose
 * stack contains them). Only the JDK's own jdk.jfr.consumer API.
 */
final class JfrTop {
  private JfrTop() {}

  static String name(RecordedFrame f) {
    String c = f.getMethod().getType().getName();
    return c.substring(c.lastIndexOf('.', c.lastIndexOf('.') - 1) + 1) + "." + f.getMethod().getName();
  }

  static String full(RecordedFrame f) {
    return f.getMethod().getType().getName() + "." + f.getMethod().getName();
  }

  static void run(Args a) throws Exception {
    Path file = Path.of(a.required("file"));
    int top = a.intOpt("top", 12);
    String prefixes = a.str("inclusive", "plemu.,org.apache.pekko.stream.,org.apache.pekko.io.");
    Map<String, Integer> self = new HashMap<>(), incl = new HashMap<>();
    int samples = 0;
    for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
      if (!e.getEventType().getName().equals("jdk.ExecutionSample")) continue;
      RecordedStackTrace st = e.getStackTrace();
      if (st == null || st.getFrames().isEmpty()) continue;
      samples++;
      self.merge(name(st.getFrames().get(0)), 1, Integer::sum);
      Set<String> seen = new HashSet<>();
      for (RecordedFrame f : st.getFrames()) {
        if (!f.isJavaFrame()) continue;
        String n = full(f);
        boolean wanted = false;
        for (String p : prefixes.split(",")) wanted |= n.startsWith(p);
        if (wanted && seen.add(n)) incl.merge(n, 1, Integer::sum);
      }
    }
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("%d CPU samples (Java code only; time in the kernel, e.g. socket reads and writes, is not sampled).%n%n", samples));
    table(sb, "hottest methods, own time", self, samples, top);
    sb.append('\n');
    table(sb, "plemu and Pekko Streams/IO methods, inclusive time", incl, samples, top);
    System.out.print(sb);
  }

  static void table(StringBuilder sb, String title, Map<String, Integer> m, int samples, int top) {
    List<Map.Entry<String, Integer>> l = new ArrayList<>(m.entrySet());
    l.sort((x, y) -> y.getValue() - x.getValue());
    sb.append("| ").append(title).append(" | % of samples |\n|---|---|\n");
    for (int i = 0; i < Math.min(top, l.size()); i++)
      sb.append(String.format("| `%s` | %.1f |%n", l.get(i).getKey(), 100.0 * l.get(i).getValue() / Math.max(1, samples)));
  }
}
