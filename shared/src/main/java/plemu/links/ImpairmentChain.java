package plemu.links;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import plemu.controlplane.AwsError;
import plemu.model.KryoSerializable;

/**
 * The impairments of one direction of a link, in the order bytes cross them (as Toxiproxy's toxics).
 * A chain holds at most one impairment of each type. The constructor does not check the specs
 * (stored data must load whatever later versions refuse); {@link #validated} does.
 */
public record ImpairmentChain(List<ImpairmentSpec> impairments) implements KryoSerializable {
  public static final ImpairmentChain EMPTY = new ImpairmentChain(List.of());

  public ImpairmentChain {
    impairments = impairments == null ? List.of() : List.copyOf(impairments);
  }

  public static ImpairmentChain of(ImpairmentSpec... impairments) {
    return new ImpairmentChain(List.of(impairments));
  }

  /** The chain of these specs if every one parses and no type appears twice; else the AWS-style error. */
  public static ImpairmentChain validated(List<ImpairmentSpec> impairments) {
    ImpairmentChain chain = new ImpairmentChain(impairments);
    chain.parse();
    return chain;
  }

  /** The impairments, checked (see {@link #validated}). */
  public List<Impairment> parse() {
    Set<String> types = new HashSet<>();
    for (ImpairmentSpec spec : impairments)
      if (!types.add(spec.type()))
        throw AwsError.badRequest("InvalidParameterCombination",
            "A chain holds at most one impairment of each type; " + spec.type() + " appears twice.").exception();
    return impairments.stream().map(ImpairmentSpec::parse).toList();
  }

  public boolean isEmpty() {
    return impairments.isEmpty();
  }
}
