package plemu.model;

/**
 * Marker for everything that crosses nodes or is stored in Distributed Data: cluster messages and
 * replicated values. Bound to {@code plemu.serialization.KryoSerializer}; every implementing class
 * must be registered in {@code plemu.serialization.KryoRegistry}.
 */
public interface KryoSerializable {}
