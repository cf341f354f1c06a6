package dev.relais.cli.connect;

import io.grpc.Status;

/**
 * The tool's exit codes, one per kind of outcome a script may want to tell apart, and the code of
 * each gRPC status. Every command lists them in its help (the {@code HELP_} entries).
 */
public final class ExitCodes {

  public static final int OK = 0;

  /** A failure of the tool itself (a bug, an unreadable local file mid-way). */
  public static final int FAILED = 1;

  /** Invalid command line: picocli's own code. */
  public static final int USAGE = 2;

  /** No address for a service: no option, no environment variable, no local platform file. */
  public static final int NO_ADDRESS = 3;

  /** The service could not be reached or did not answer in time. */
  public static final int UNREACHABLE = 4;

  /** The service refused the request as invalid or not allowed in the current state. */
  public static final int REFUSED = 5;

  /** The service holds nothing for what was asked. */
  public static final int NOT_FOUND = 6;

  /** The service failed (internal error). */
  public static final int SERVICE_FAILED = 7;

  /** The call succeeded but did not do the whole job; stderr says what is missing. */
  public static final int INCOMPLETE = 8;

  /** The help text of the codes, as picocli's exitCodeList entries ("code:description"). */
  public static final String HEADING = "%nExit codes:%n";

  public static final String HELP_OK = "0:done";
  public static final String HELP_FAILED = "1:unexpected failure of the tool";
  public static final String HELP_USAGE = "2:invalid command line";
  public static final String HELP_NO_ADDRESS =
      "3:no address for a service (see --contacts / --analytics)";
  public static final String HELP_UNREACHABLE =
      "4:a service could not be reached or did not answer within --timeout";
  public static final String HELP_REFUSED =
      "5:a service refused the request (its reason is printed)";
  public static final String HELP_NOT_FOUND = "6:nothing is held for what was asked";
  public static final String HELP_SERVICE_FAILED = "7:a service failed (internal error)";
  public static final String HELP_INCOMPLETE =
      "8:done only in part: no row of an import was kept, or the dispatch queue was not searched";

  private ExitCodes() {}

  /** The exit code of a call that ended with {@code status}. */
  public static int of(Status.Code status) {
    return switch (status) {
      case OK -> OK;
      case UNAVAILABLE, DEADLINE_EXCEEDED, CANCELLED -> UNREACHABLE;
      case INVALID_ARGUMENT,
          FAILED_PRECONDITION,
          OUT_OF_RANGE,
          ALREADY_EXISTS,
          PERMISSION_DENIED,
          UNAUTHENTICATED,
          RESOURCE_EXHAUSTED,
          ABORTED ->
          REFUSED;
      case NOT_FOUND -> NOT_FOUND;
      case INTERNAL, UNKNOWN, UNIMPLEMENTED, DATA_LOSS -> SERVICE_FAILED;
    };
  }
}
