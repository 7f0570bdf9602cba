package plemu.model;

/**
 * How one data-plane actor of an AZ node is doing, as its node publishes it (observed state): an NLB
 * node, an endpoint's network interface or an instance's app, by its AWS id. {@code status}:
 * {@code serving}, {@code stopped} (told to stop, until told to resume), {@code restarting} (it
 * failed: {@code reason} says why; its supervisor starts it again after a backoff).
 */
public record DataPlaneStatus(String id, String kind, String networkInterfaceId, String zoneId, String status,
    String reason, int restarts, long since) implements KryoSerializable {}
