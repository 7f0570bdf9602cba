package bench;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.Arrays;

/** Socket helpers; refuses any address outside 127.0.0.0/8. */
final class Net {
  private Net() {}

  static InetAddress loopback(String host) {
    if (!host.matches("\\d{1,3}(\\.\\d{1,3}){3}")) throw new IllegalArgumentException("a numeric 127.x.y.z address, not " + host);
    InetAddress a;
    try {
      a = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(host, e);
    }
    if (!(a instanceof Inet4Address) || a.getAddress()[0] != 127)
      throw new IllegalArgumentException("only 127.0.0.0/8 is allowed, not " + host);
    return a;
  }

  static InetSocketAddress target(Args a) {
    return new InetSocketAddress(loopback(a.required("host")), a.intOpt("port", 0));
  }

  static Socket connect(InetSocketAddress to, int timeoutMs) throws IOException {
    Socket s = new Socket();
    try {
      s.setTcpNoDelay(true);
      s.setSoTimeout(timeoutMs);
      s.connect(to, timeoutMs);
      return s;
    } catch (IOException e) {
      s.close();
      throw e;
    }
  }

  static byte[] filled(int size, char c) {
    byte[] b = new byte[size];
    Arrays.fill(b, (byte) c);
    return b;
  }

  /** "ExceptionName:_message" with spaces and separators replaced, short enough for a result line. */
  static String kind(Throwable e) {
    String m = e.getMessage() == null ? "" : e.getMessage();
    if (m.length() > 60) m = m.substring(0, 60);
    return (e.getClass().getSimpleName() + ":" + m).replaceAll("[\\s=;,]+", "_");
  }
}
