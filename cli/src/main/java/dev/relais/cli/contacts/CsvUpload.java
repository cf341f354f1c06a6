package dev.relais.cli.contacts;

import com.google.protobuf.ByteString;
import dev.relais.cli.connect.ServiceConnection;
import dev.relais.proto.contacts.v1.ContactsServiceGrpc;
import dev.relais.proto.contacts.v1.ImportContactsRequest;
import dev.relais.proto.contacts.v1.ImportOptions;
import dev.relais.proto.contacts.v1.ImportReport;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Streams a contacts file to {@code ImportContacts} as it is on disk: the service detects its
 * character set and delimiter (a French Excel export is Windows-1252 with semicolons), so the bytes
 * are never decoded here. Chunks are sent as the transport takes them, so a large file is never
 * held in memory, and sending stops as soon as the service has answered (a refused file).
 */
final class CsvUpload {

  /** Size of the pieces sent; the service reassembles lines cut between them. */
  static final int CHUNK_BYTES = 64 * 1024;

  private CsvUpload() {}

  /**
   * Sends {@code file} and returns the service's report.
   *
   * @throws StatusRuntimeException when the service refuses the import or the call fails
   * @throws IOException when the file cannot be read (the call is then cancelled)
   */
  static ImportReport send(
      ServiceConnection contacts, Path file, ImportOptions options, UploadProgress progress)
      throws IOException {
    Call call = new Call();
    ContactsServiceGrpc.newStub(contacts.channel())
        .withDeadlineAfter(contacts.deadlineMillis(), TimeUnit.MILLISECONDS)
        .importContacts(call);
    call.send(ImportContactsRequest.newBuilder().setOptions(options).build());
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[CHUNK_BYTES];
      for (int n = in.readNBytes(buffer, 0, buffer.length);
          n > 0 && !call.result.isDone();
          n = in.readNBytes(buffer, 0, buffer.length)) {
        call.send(
            ImportContactsRequest.newBuilder()
                .setCsvChunk(ByteString.copyFrom(buffer, 0, n))
                .build());
        progress.sent(buffer, n);
      }
    } catch (IOException | RuntimeException e) {
      call.requests.cancel("the client stopped: " + e.getMessage(), e);
      throw e;
    }
    if (!call.result.isDone()) {
      progress.finished();
      call.requests.onCompleted();
    }
    return call.await();
  }

  /** One streaming call: the request side, and the report it resolves to. */
  private static final class Call
      implements ClientResponseObserver<ImportContactsRequest, ImportReport> {
    private final CompletableFuture<ImportReport> result = new CompletableFuture<>();
    private final Object readiness = new Object();
    private ClientCallStreamObserver<ImportContactsRequest> requests;
    private ImportReport report;

    @Override
    public void beforeStart(ClientCallStreamObserver<ImportContactsRequest> requestStream) {
      this.requests = requestStream;
      requestStream.setOnReadyHandler(this::wake);
    }

    /** Sends one message once the transport can take it, so the client buffers one chunk. */
    void send(ImportContactsRequest message) {
      synchronized (readiness) {
        while (!requests.isReady() && !result.isDone()) {
          try {
            readiness.wait(100);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            requests.cancel("interrupted", e);
            throw Status.CANCELLED.withDescription("interrupted").asRuntimeException();
          }
        }
      }
      if (!result.isDone()) {
        requests.onNext(message);
      }
    }

    ImportReport await() {
      try {
        return result.get();
      } catch (ExecutionException e) {
        throw e.getCause() instanceof StatusRuntimeException status
            ? status
            : Status.fromThrowable(e.getCause()).asRuntimeException();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        requests.cancel("interrupted", e);
        throw Status.CANCELLED.withDescription("interrupted").asRuntimeException();
      }
    }

    private void wake() {
      synchronized (readiness) {
        readiness.notifyAll();
      }
    }

    @Override
    public void onNext(ImportReport value) {
      report = value;
    }

    @Override
    public void onError(Throwable error) {
      result.completeExceptionally(error);
      wake();
    }

    @Override
    public void onCompleted() {
      if (report == null) {
        result.completeExceptionally(
            Status.INTERNAL
                .withDescription("the import ended without a report")
                .asRuntimeException());
      } else {
        result.complete(report);
      }
      wake();
    }
  }
}
