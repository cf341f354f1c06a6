package dev.relais.cli.connect;

/** A failure the tool reports as one message on stderr, exiting with {@link #exitCode()}. */
public final class CliException extends RuntimeException {

  private final int exitCode;

  public CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  /** One of {@link ExitCodes}. */
  public int exitCode() {
    return exitCode;
  }
}
