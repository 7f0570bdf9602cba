package plemu.links;

import java.util.random.RandomGenerator;

/**
 * What an impairment's per-flow state may know of its flow: when the impairment was set on the link
 * ({@code setAtNanos}, on the {@link System#nanoTime} scale; a stall lasts from then), and the flow
 * direction's random numbers (seeded in tests).
 */
public record FlowContext(long setAtNanos, RandomGenerator random) {}
