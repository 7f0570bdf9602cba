package plemu.controlplane;

/** Thrown by pure control-plane logic to refuse a request; carries the {@link AwsError} to return. */
public final class AwsException extends RuntimeException {
  private final AwsError error;

  public AwsException(AwsError error) {
    super(error.code() + ": " + error.message(), null, false, false);
    this.error = error;
  }

  public AwsError error() {
    return error;
  }
}
