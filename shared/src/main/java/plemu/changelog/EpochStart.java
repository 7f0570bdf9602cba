package plemu.changelog;

import plemu.model.KryoSerializable;

/** A writer incarnation ({@code epoch}) writes the versions from {@code firstVersion} on. */
public record EpochStart(long epoch, long firstVersion) implements KryoSerializable {}
