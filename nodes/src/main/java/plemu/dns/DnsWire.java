package plemu.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;
import plemu.controlplane.TxtValues;

/**
 * DNS messages in and out (dnsjava): parses a query and encodes the response to it. A query that cannot be parsed gets FORMERR (or nothing, when not even its
 * id can be read), an opcode other than QUERY gets NOTIMP; a UDP response that does not fit the
 * client's size (512 bytes, or its EDNS size) is truncated with TC set, so the client retries over
 * TCP.
 */
final class DnsWire {
  private DnsWire() {}

  /** The largest UDP payload this server sends, whatever EDNS size a client offers (the usual safe value). */
  static final int MAX_UDP_PAYLOAD = 1232;

  /** A parsed query, or why it could not be answered here. */
  sealed interface Parsed {}

  record Query(Message message, String name, String type) implements Parsed {}

  /** The response to send at once (FORMERR, NOTIMP), or null bytes when nothing is sent. */
  record Immediate(byte[] response) implements Parsed {}

  static Parsed parse(byte[] wire) {
    Message query;
    try {
      query = new Message(wire);
    } catch (IOException | RuntimeException e) {
      return new Immediate(wire.length >= 2 ? error(((wire[0] & 0xff) << 8) | (wire[1] & 0xff), Rcode.FORMERR) : null);
    }
    int id = query.getHeader().getID();
    if (query.getHeader().getFlag(Flags.QR)) return new Immediate(null); // a response, not a query: ignore
    if (query.getHeader().getOpcode() != Opcode.QUERY) return new Immediate(error(id, Rcode.NOTIMP));
    Record question = query.getQuestion();
    if (question == null || query.getHeader().getCount(Section.QUESTION) != 1)
      return new Immediate(error(id, Rcode.FORMERR));
    // EDNS beyond version 0: BADVERS (extended rcode 16), as RFC 6891 asks
    if (query.getOPT() != null && query.getOPT().getVersion() > 0) {
      Message bad = base(query);
      bad.addRecord(new OPTRecord(MAX_UDP_PAYLOAD, Rcode.BADVERS >> 4, 0), Section.ADDITIONAL);
      return new Immediate(bad.toWire(512));
    }
    // only the Internet class is served (a CHAOS "version.bind" query and the like are refused)
    if (question.getDClass() != DClass.IN) {
      Message refused = base(query);
      refused.getHeader().setRcode(Rcode.REFUSED);
      return new Immediate(refused.toWire(512));
    }
    return new Query(query, question.getName().toString().toLowerCase(java.util.Locale.ROOT), Type.string(question.getType()));
  }

  /** The most a DNS message over TCP can hold (its 2-byte length); a larger answer is truncated. */
  static final int MAX_TCP = 65535;

  /** The response to {@code q}: the answer's records, NXDOMAIN when the name does not exist. */
  static byte[] respond(Query q, ResolverAnswers.Answer answer, boolean udp) {
    Message response = base(q.message());
    if (answer.owned()) response.getHeader().setFlag(Flags.AA);
    response.getHeader().setRcode(answer.nameExists() ? Rcode.NOERROR : Rcode.NXDOMAIN);
    for (ResolverAnswers.Record r : answer.records()) {
      Optional<Record> rec = toRecord(r);
      rec.ifPresent(x -> response.addRecord(x, Section.ANSWER));
    }
    answer.soa().flatMap(DnsWire::toRecord).ifPresent(x -> response.addRecord(x, Section.AUTHORITY));
    return encode(q.message(), response, udp);
  }

  /** A response with only a response code (NXDOMAIN for names nobody serves, SERVFAIL when an upstream fails). */
  static byte[] respond(Query q, int rcode, boolean udp) {
    Message response = base(q.message());
    response.getHeader().setRcode(rcode);
    return encode(q.message(), response, udp);
  }

  private static Message base(Message query) {
    Message response = new Message(query.getHeader().getID());
    response.getHeader().setFlag(Flags.QR);
    response.getHeader().setFlag(Flags.RA);
    if (query.getHeader().getFlag(Flags.RD)) response.getHeader().setFlag(Flags.RD);
    response.addRecord(query.getQuestion(), Section.QUESTION);
    return response;
  }

  private static byte[] encode(Message query, Message response, boolean udp) {
    if (query.getOPT() != null) response.addRecord(new OPTRecord(MAX_UDP_PAYLOAD, 0, 0), Section.ADDITIONAL);
    return udp ? response.toWire(maxUdp(query)) : response.toWire(MAX_TCP);
  }

  /** What a UDP answer to {@code query} may weigh: 512 bytes, or the client's EDNS size up to {@link #MAX_UDP_PAYLOAD}. */
  static int maxUdp(Message query) {
    OPTRecord opt = query.getOPT();
    return opt == null ? 512 : Math.max(512, Math.min(opt.getPayloadSize(), MAX_UDP_PAYLOAD));
  }

  private static byte[] error(int id, int rcode) {
    Message m = new Message(id);
    m.getHeader().setFlag(Flags.QR);
    m.getHeader().setRcode(rcode);
    return m.toWire();
  }

  /**
   * A TXT value's character strings (each up to 255 bytes, as Route 53 stores them), escaped again
   * for dnsjava, which reads {@code \\} escapes in each string.
   */
  static List<String> characterStrings(String value) {
    List<String> parts = TxtValues.parse(value);
    return (parts == null ? List.of(value) : parts).stream().map(p -> p.replace("\\", "\\\\")).toList();
  }

  static Optional<Record> toRecord(ResolverAnswers.Record r) {
    try {
      Name name = Name.fromString(r.name());
      return Optional.of(switch (r.type()) {
        case "A" -> new ARecord(name, DClass.IN, r.ttl(), InetAddress.getByName(r.data()));
        case "CNAME" -> new CNAMERecord(name, DClass.IN, r.ttl(), Name.fromString(r.data(), Name.root));
        case "TXT" -> new TXTRecord(name, DClass.IN, r.ttl(), characterStrings(r.data()));
        default -> Record.fromString(name, Type.value(r.type()), DClass.IN, r.ttl(), r.data(), Name.root);
      });
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // a record that cannot be encoded (bad data in a zone) is left out
    }
  }
}
