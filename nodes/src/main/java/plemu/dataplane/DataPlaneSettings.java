package plemu.dataplane;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Optional;

/** Settings of an AZ node's data plane ({@code plemu.data-plane}). */
public record DataPlaneSettings(Optional<Duration> idleTimeoutOverride, String sourcePorts) {
  public static DataPlaneSettings fromConfig(Config dataPlane) {
    String idle = dataPlane.getString("idle-timeout-override");
    return new DataPlaneSettings(idle.equals("off") ? Optional.empty()
        : Optional.of(dataPlane.getDuration("idle-timeout-override")), dataPlane.getString("source-ports"));
  }

  public static DataPlaneSettings defaults() {
    return new DataPlaneSettings(Optional.empty(), "61000-65535");
  }
}
