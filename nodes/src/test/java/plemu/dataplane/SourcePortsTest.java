package plemu.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SourcePortsTest {
  private static SourcePorts fresh(String ip) throws Exception {
    return new ZoneFlows(SourcePorts.DEFAULT_RANGE).ports(InetAddress.getByName(ip));
  }

  @Test
  void portsComeRoundRobinFromTheEphemeralRangeAndNeverTwiceWhileHeld() throws Exception {
    SourcePorts ports = fresh("127.251.0.1");
    int[] range = ports.range();
    int size = range[1] - range[0] + 1;
    Set<Integer> held = new HashSet<>();
    for (int i = 0; i < size; i++) {
      int p = ports.acquire();
      assertTrue(p >= range[0] && p <= range[1], "port " + p + " outside " + range[0] + "-" + range[1]);
      assertTrue(held.add(p), "port " + p + " handed out twice while held");
    }
    assertEquals(0, ports.acquire(), "every port held: the kernel is left to choose");
    int freed = range[0] + 7;
    ports.release(freed);
    assertEquals(freed, ports.acquire(), "a released port is handed out again");
  }

  @Test
  void aReleasedPortWaitsForItsTurnSoTimeWaitEntriesAgeFirst() throws Exception {
    SourcePorts ports = fresh("127.251.0.2");
    int first = ports.acquire();
    ports.release(first);
    int second = ports.acquire();
    assertNotEquals(first, second, "the next port, not the one just closed");
    assertEquals(first + 1, second);
  }

  @Test
  void aListenersPortIsSkipped() throws Exception {
    SourcePorts ports = fresh("127.251.0.3");
    int[] range = ports.range();
    ports.reserve(range[0]);
    ports.reserve(range[0] + 1);
    assertEquals(range[0] + 2, ports.acquire());
  }

  @Test
  void theDefaultRangeLiesAboveTheKernelsEphemeralRangeAndAnOverlappingOneIsRefused() throws Exception {
    assertEquals(61000, fresh("127.251.0.6").range()[0]);
    var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> SourcePorts.range("40000-41000"));
    assertTrue(e.getMessage().contains("ephemeral"), e.getMessage());
  }

  @Test
  void addressesHaveTheirOwnPortsAndEveryNodeItsOwnAllocators() throws Exception {
    int a = fresh("127.251.0.4").acquire();
    int b = fresh("127.251.0.5").acquire();
    assertEquals(a, b, "each address starts at the bottom of the range");
    ZoneFlows node = new ZoneFlows(SourcePorts.DEFAULT_RANGE);
    InetAddress address = InetAddress.getByName("127.251.0.7");
    org.junit.jupiter.api.Assertions.assertSame(node.ports(address), node.ports(address), "one allocator per address of a node");
    ZoneFlows otherNode = new ZoneFlows(SourcePorts.DEFAULT_RANGE);
    org.junit.jupiter.api.Assertions.assertNotSame(node.ports(address), otherNode.ports(address), "not one per JVM");
  }
}
