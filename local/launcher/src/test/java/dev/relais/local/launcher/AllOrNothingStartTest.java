package dev.relais.local.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A failed start of the local platform stops what it started (Cassandra, the API server...), an
 * Error as much as an exception, and the caller sees the failure itself.
 */
class AllOrNothingStartTest {

  private final List<String> stopped = new ArrayList<>();

  @Test
  void anErrorStopsThePartsStartedLastFirstAndGoesOn() {
    Error operatorClassMissing = new NoClassDefFoundError("dev/relais/operator/OperatorMain");

    assertThatThrownBy(() ->
            AllOrNothingStart.run(start -> {
              start.started(part("cassandra"));
              start.started(part("api server"));
              throw operatorClassMissing;
            }))
        .isSameAs(operatorClassMissing);
    assertThat(stopped).containsExactly("api server", "cassandra");
  }

  @Test
  void anExceptionStopsThePartsTooAndKeepsItsType() {
    IOException noLogDirectory = new IOException("cannot create the logs directory");

    assertThatThrownBy(() ->
            AllOrNothingStart.run(start -> {
              start.started(part("cassandra"));
              throw noLogDirectory;
            }))
        .isSameAs(noLogDirectory);
    assertThat(stopped).containsExactly("cassandra");
  }

  @Test
  void aPartThatFailsToStopNeitherHidesTheFailureNorKeepsTheOthersRunning() {
    IllegalStateException stuck = new IllegalStateException("api server did not stop");
    Error failure = new OutOfMemoryError("Java heap space");

    assertThatThrownBy(() ->
            AllOrNothingStart.run(start -> {
              start.started(part("cassandra"));
              start.started(() -> {
                throw stuck;
              });
              throw failure;
            }))
        .isSameAs(failure)
        .hasSuppressedException(stuck);
    assertThat(stopped).containsExactly("cassandra");
  }

  @Test
  void aStartThatSucceedsStopsNothing() throws IOException {
    String started =
        AllOrNothingStart.run(start -> {
          start.started(part("cassandra"));
          return "platform";
        });

    assertThat(started).isEqualTo("platform");
    assertThat(stopped).isEmpty();
  }

  private AutoCloseable part(String name) {
    return () -> stopped.add(name);
  }
}
