package plemu.dataplane;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.util.ByteString;
import plemu.controlplane.Desired;
import plemu.model.Instance;
import plemu.model.NetworkInterface;

/**
 * The built-in apps that instances run: {@code plemu-echo} (echoes bytes) and {@code plemu-whoami}
 * (HTTP/1.1: answers one request with JSON saying who answered and who asked, including the Proxy
 * Protocol v2 header it received, then closes).
 */
final class InstanceApps {
  private InstanceApps() {}

  static Flow<ByteString, ByteString, NotUsed> flow(Instance instance, InetSocketAddress peer, AtomicReference<Desired> state) {
    return switch (instance.imageId()) {
      case "plemu-whoami" -> whoami(instance, peer, state);
      default -> Flow.of(ByteString.class);
    };
  }

  /** What whoami has read so far. */
  private record Reading(ByteString buffered, ProxyProtocolV2Parser.Header header, boolean headerDone, boolean answered) {}

  private static Flow<ByteString, ByteString, NotUsed> whoami(Instance instance, InetSocketAddress peer,
      AtomicReference<Desired> state) {
    return Flow.of(ByteString.class)
        .statefulMap(
            () -> new Reading(ByteString.emptyByteString(), null, false, false),
            (r, chunk) -> {
              if (r.answered()) return Pair.create(r, ByteString.emptyByteString());
              ByteString all = r.buffered().concat(chunk);
              ProxyProtocolV2Parser.Header header = r.header();
              boolean headerDone = r.headerDone();
              if (!headerDone) {
                ByteBuffer buf = all.asByteBuffer();
                ProxyProtocolV2Parser.ParseResult parsed = ProxyProtocolV2Parser.parse(buf);
                switch (parsed.status()) {
                  case NEED_MORE:
                    return Pair.create(new Reading(all, null, false, false), ByteString.emptyByteString());
                  case HEADER:
                    header = parsed.header();
                    all = all.drop(parsed.header().length());
                    break;
                  case MALFORMED:
                    return Pair.create(new Reading(ByteString.emptyByteString(), null, true, true),
                        response(400, "{\"error\":\"malformed Proxy Protocol v2 header: " + parsed.error() + "\"}"));
                  default:
                    break;
                }
                headerDone = true;
              }
              String text = all.utf8String();
              int end = text.indexOf("\r\n\r\n");
              if (end < 0) return Pair.create(new Reading(all, header, true, false), ByteString.emptyByteString());
              String requestLine = text.substring(0, Math.max(0, text.indexOf("\r\n")));
              return Pair.create(new Reading(ByteString.emptyByteString(), header, true, true),
                  response(200, describe(instance, peer, header, requestLine, state.get())));
            },
            r -> Optional.empty())
        .filter(b -> !b.isEmpty())
        .take(1);
  }

  private static String describe(Instance instance, InetSocketAddress peer, ProxyProtocolV2Parser.Header header,
      String requestLine, Desired state) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("instanceId", instance.instanceId());
    o.put("availabilityZoneId", instance.zoneId());
    NetworkInterface eni = state.networkInterfaces().get(instance.networkInterfaceId());
    if (eni != null) {
      o.put("privateIpAddress", eni.privateIpAddress());
      o.put("hostAddress", eni.hostAddress());
    }
    o.put("peer", peer.getAddress().getHostAddress() + ":" + peer.getPort());
    state.networkInterfaces().values().stream()
        .filter(e -> e.hostAddress().equals(peer.getAddress().getHostAddress()))
        .findFirst()
        .ifPresent(e -> o.put("peerPrivateIpAddress", e.privateIpAddress()).put("peerInterfaceType", e.interfaceType()));
    if (header == null) o.putNull("proxyProtocol");
    else {
      ObjectNode pp = o.putObject("proxyProtocol");
      pp.put("command", header.command().toString());
      if (header.source() != null) pp.put("source", header.source().getAddress().getHostAddress() + ":" + header.source().getPort());
      if (header.destination() != null)
        pp.put("destination", header.destination().getAddress().getHostAddress() + ":" + header.destination().getPort());
      if (header.vpcEndpointId() != null) pp.put("vpcEndpointId", header.vpcEndpointId());
    }
    o.put("request", requestLine);
    return o.toString();
  }

  private static ByteString response(int status, String json) {
    byte[] body = (json + "\n").getBytes(StandardCharsets.UTF_8);
    String head = "HTTP/1.1 " + status + (status == 200 ? " OK" : " Bad Request") + "\r\n"
        + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
    return ByteString.fromString(head, StandardCharsets.US_ASCII).concat(ByteString.fromArray(body));
  }
}
