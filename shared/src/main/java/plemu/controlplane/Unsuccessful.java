package plemu.controlplane;

import plemu.model.KryoSerializable;

/** One item a bulk action (Delete*, Accept*, Reject*) could not act on, with the reason, as AWS reports it. */
public record Unsuccessful(String resourceId, AwsError error) implements KryoSerializable {}
