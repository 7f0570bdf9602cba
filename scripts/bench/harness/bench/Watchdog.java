package bench;

/** Halts the process after a hard time bound, whatever the mode is doing (e.g. a blocked write). */
final class Watchdog {
  private Watchdog() {}

  static void start(long seconds, String mode) {
    Thread t = new Thread(() -> {
      try {
        Thread.sleep(seconds * 1000L);
      } catch (InterruptedException e) {
        return;
      }
      System.out.println("RESULT mode=" + mode + " errors=1 error=watchdog_after_" + seconds + "s");
      System.out.flush();
      Runtime.getRuntime().halt(3);
    }, "watchdog");
    t.setDaemon(true);
    t.start();
  }
}
