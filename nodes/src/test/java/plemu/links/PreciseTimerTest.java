package plemu.links;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The precise timer never runs a task early, runs it soon after, in order, and not once cancelled. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PreciseTimerTest {
  final PreciseTimer timer = PreciseTimer.start("precise-timer-test", Duration.ofNanos(150_000));

  @AfterAll
  void stop() {
    timer.close();
  }

  @Test
  void tasksRunNeverEarlyAndSoonAfterTheirTime() throws InterruptedException {
    int n = 200;
    long[] late = new long[n];
    for (int i = 0; i < n; i++) {
      CountDownLatch ran = new CountDownLatch(1);
      long at = System.nanoTime() + 500_000; // 0.5 ms
      int k = i;
      timer.schedule(at, () -> {
        late[k] = System.nanoTime() - at;
        ran.countDown();
      });
      assertTrue(ran.await(5, TimeUnit.SECONDS));
    }
    Arrays.sort(late);
    assertTrue(late[0] >= 0, "a task ran " + -late[0] + " ns early");
    assertTrue(late[n / 2] < 200_000, "median lateness " + late[n / 2] / 1000 + " µs"); // loose: a busy 2-core box
  }

  @Test
  void tasksRunInTheOrderOfTheirTimesWhateverTheOrderTheyCameIn() throws InterruptedException {
    List<Integer> order = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch all = new CountDownLatch(5);
    long base = System.nanoTime() + 20_000_000;
    for (int i : new int[] {3, 1, 4, 0, 2})
      timer.schedule(base + i * 1_000_000L, () -> {
        order.add(i);
        all.countDown();
      });
    assertTrue(all.await(5, TimeUnit.SECONDS));
    assertEquals(List.of(0, 1, 2, 3, 4), order);
  }

  @Test
  void aCancelledTaskDoesNotRun() throws InterruptedException {
    List<String> ran = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch after = new CountDownLatch(1);
    long at = System.nanoTime() + 10_000_000;
    timer.schedule(at, () -> ran.add("cancelled")).cancel();
    timer.schedule(at + 1, () -> {
      ran.add("kept");
      after.countDown();
    });
    assertTrue(after.await(5, TimeUnit.SECONDS));
    assertEquals(List.of("kept"), ran);
  }
}
