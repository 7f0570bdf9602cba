package plemu.lifecycle;

import plemu.model.KryoSerializable;

/**
 * An event as the control-plane writer logged it, in the replicated event log that every region
 * node streams from: {@code id} sorts in the order the writer logged them.
 */
public record LoggedEvent(String id, long atMillis, LifecycleEvents.Event event) implements KryoSerializable {}
