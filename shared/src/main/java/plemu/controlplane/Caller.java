package plemu.controlplane;

import plemu.model.KryoSerializable;

/** Who makes a control-plane request: an account, in the region whose API it called. */
public record Caller(String accountId, String region) implements KryoSerializable {}
