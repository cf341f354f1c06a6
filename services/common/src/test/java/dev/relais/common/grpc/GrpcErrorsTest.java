package dev.relais.common.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class GrpcErrorsTest {

  @Test
  void aBadRequestIsInvalidArgumentWithItsReason() {
    StatusRuntimeException status =
        GrpcErrors.statusOf(new IllegalArgumentException("page_size must not be negative"), "x");

    assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(status.getStatus().getDescription()).isEqualTo("page_size must not be negative");
  }

  @Test
  void aConflictIsAFailedPrecondition() {
    StatusRuntimeException status =
        GrpcErrors.statusOf(new GrpcErrors.Conflict("campaign already completed"), "scheduler");

    assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(status.getStatus().getDescription()).isEqualTo("campaign already completed");
  }

  @Test
  void aStoreFailureIsUnavailableAndNamesTheStoreEvenInsideACompletionException() {
    StatusRuntimeException status =
        GrpcErrors.statusOf(
            new CompletionException(AllNodesFailedException.fromErrors(Map.of())), "contacts");

    assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(status.getStatus().getDescription())
        .isEqualTo("contacts store unavailable, retry later");
  }

  @Test
  void aStatusChosenByTheCodeIsKept() {
    StatusRuntimeException chosen =
        Status.NOT_FOUND.withDescription("no such campaign").asRuntimeException();

    assertThat(GrpcErrors.statusOf(chosen, "scheduler").getStatus()).isSameAs(chosen.getStatus());
  }

  @Test
  void aStatusAnotherServiceAnsweredIsRelayedWithoutItsMetadata() {
    Metadata answered = new Metadata();
    answered.put(
        Metadata.Key.of("content-type", Metadata.ASCII_STRING_MARSHALLER), "application/grpc");
    StatusRuntimeException relayed =
        Status.UNAVAILABLE.withDescription("contacts down").asRuntimeException(answered);

    StatusRuntimeException status = GrpcErrors.statusOf(relayed, "analytics");

    assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(status.getStatus().getDescription()).isEqualTo("contacts down");
    // Sent again with the other service's headers, the answer would reach its caller as UNKNOWN.
    assertThat(status.getTrailers()).isNull();
  }

  @Test
  void anythingElseIsInternalAndItsMessageStaysInTheLog() {
    StatusRuntimeException status =
        GrpcErrors.statusOf(new IllegalStateException("+33612345678 broke it"), "contacts");

    assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(status.getStatus().getDescription()).isEqualTo("internal error");
  }

  @Test
  void answersAUnaryCallWithItsResultOrItsStatus() {
    Recorder<String> ok = new Recorder<>();
    GrpcErrors.answer(ok, "x", () -> "done");
    assertThat(ok.values).containsExactly("done");
    assertThat(ok.completed).isTrue();

    Recorder<String> refused = new Recorder<>();
    GrpcErrors.answer(
        refused,
        "x",
        () -> {
          throw new IllegalArgumentException("phone: not a number");
        });
    assertThat(refused.values).isEmpty();
    assertThat(refused.completed).isFalse();
    assertThat(Status.fromThrowable(refused.error).getCode())
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
  }

  private static final class Recorder<T> implements StreamObserver<T> {
    final List<T> values = new ArrayList<>();
    Throwable error;
    boolean completed;

    @Override
    public void onNext(T value) {
      values.add(value);
    }

    @Override
    public void onError(Throwable t) {
      error = t;
    }

    @Override
    public void onCompleted() {
      completed = true;
    }
  }
}
