package plemu.links;

/**
 * An impairment that acts: parsed and checked from an {@link ImpairmentSpec} by its
 * {@link ImpairmentType}. It is immutable and shared by every flow of a link; each flow and
 * direction gets its own {@link ImpairmentState} from {@link #start}.
 *
 * <p>Adding an impairment is one class (a record implementing this, with a static {@code TYPE}) and
 * one line in {@link ImpairmentTypes}.
 */
public interface Impairment {
  ImpairmentType type();

  /** The state of this impairment on one flow, in one direction. */
  ImpairmentState start(FlowContext flow);
}
