package plemu.dns;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import plemu.controlplane.Desired;
import plemu.model.Vpc;

/**
 * Answers the queries that reach a VPC's resolver (UDP or TCP): from {@link ResolverAnswers}, or,
 * for names the emulator does not own, from the configured upstream (NXDOMAIN without one).
 * Thread-safe: called from the UDP thread and from TCP streams.
 */
final class ResolverService {
  private static final Logger log = LoggerFactory.getLogger(ResolverService.class);

  private final AtomicReference<Desired> state;
  private final ResolverAnswers.ZoneServing zones;
  private final DnsSettings settings;
  private final AtomicLong rotation = new AtomicLong();

  ResolverService(AtomicReference<Desired> state, ResolverAnswers.ZoneServing zones, DnsSettings settings) {
    this.state = state;
    this.zones = zones;
    this.settings = settings;
  }

  /** The response bytes to {@code query} sent to {@code vpcId}'s resolver, or null when nothing is sent. */
  CompletionStage<byte[]> handle(String vpcId, byte[] query, boolean udp) {
    DnsWire.Parsed parsed = DnsWire.parse(query);
    if (parsed instanceof DnsWire.Immediate immediate) return CompletableFuture.completedFuture(immediate.response());
    DnsWire.Query q = (DnsWire.Query) parsed;
    Desired s = state.get();
    Vpc vpc = s.vpcs().get(vpcId);
    if (vpc == null || !vpc.enableDnsSupport()) return CompletableFuture.completedFuture(DnsWire.respond(q, Rcode.REFUSED, udp));
    ResolverAnswers.Answer answer;
    try {
      answer = ResolverAnswers.answer(s, vpc, q.name(), q.type(), zones, rotation.getAndIncrement());
    } catch (RuntimeException e) {
      log.warn("resolver of {}: {} {} failed: {}", vpcId, q.name(), q.type(), e.toString());
      return CompletableFuture.completedFuture(DnsWire.respond(q, Rcode.SERVFAIL, udp));
    }
    if (!answer.owned() && settings.upstream().isPresent()) {
      // a zone transfer is not a resolver's business, and would hold a thread for its whole length
      if (q.type().equals("AXFR") || q.type().equals("IXFR"))
        return CompletableFuture.completedFuture(DnsWire.respond(q, Rcode.REFUSED, udp));
      return forward(q, settings.upstream().get(), udp);
    }
    return CompletableFuture.completedFuture(DnsWire.respond(q, answer, udp));
  }

  /** Asks the upstream over the same transport; SERVFAIL when it does not answer in time. */
  private CompletionStage<byte[]> forward(DnsWire.Query q, InetSocketAddress upstream, boolean udp) {
    SimpleResolver resolver = new SimpleResolver(upstream);
    resolver.setTCP(!udp);
    resolver.setTimeout(settings.upstreamTimeout());
    Message query = q.message().clone();
    int id = query.getHeader().getID();
    return resolver.sendAsync(query).handle((response, failure) -> {
      if (failure != null) {
        log.debug("upstream {} did not answer {}: {}", upstream, q.name(), failure.toString());
        return DnsWire.respond(q, Rcode.SERVFAIL, udp);
      }
      try {
        response.getHeader().setID(id);
        // the upstream was asked with EDNS: a client that did not use it gets no OPT record back
        if (q.message().getOPT() == null)
          response.getSection(Section.ADDITIONAL).stream().filter(rec -> rec.getType() == Type.OPT).toList()
              .forEach(opt -> response.removeRecord(opt, Section.ADDITIONAL));
        return udp ? response.toWire(DnsWire.maxUdp(q.message())) : response.toWire(DnsWire.MAX_TCP);
      } catch (RuntimeException e) { // an upstream answer plemu cannot pass on: the client still gets one
        log.warn("upstream {} answer to {} not passed on: {}", upstream, q.name(), e.toString());
        return DnsWire.respond(q, Rcode.SERVFAIL, udp);
      }
    });
  }
}
