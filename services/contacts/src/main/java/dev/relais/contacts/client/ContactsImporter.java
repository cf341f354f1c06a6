package dev.relais.contacts.client;

import com.google.protobuf.ByteString;
import dev.relais.proto.contacts.v1.ContactRecord;
import dev.relais.proto.contacts.v1.ContactsServiceGrpc;
import dev.relais.proto.contacts.v1.ImportContactsRequest;
import dev.relais.proto.contacts.v1.ImportOptions;
import dev.relais.proto.contacts.v1.ImportReport;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Client side of {@code ImportContacts}: streams a CSV file (or records) to the contacts service
 * and waits for its report. The file is read and sent in {@value #CHUNK_BYTES}-byte chunks, never
 * loaded whole; the transport's readiness is honoured where the channel reports it.
 */
public final class ContactsImporter {

  /** Size of the CSV pieces sent. */
  public static final int CHUNK_BYTES = 64 * 1024;

  private final ContactsServiceGrpc.ContactsServiceStub stub;
  private final Duration timeout;

  public ContactsImporter(Channel channel, Duration timeout) {
    this(ContactsServiceGrpc.newStub(channel), timeout);
  }

  public ContactsImporter(ContactsServiceGrpc.ContactsServiceStub stub, Duration timeout) {
    this.stub = stub;
    this.timeout = timeout;
  }

  /**
   * Imports a CSV file.
   *
   * @throws StatusRuntimeException with the service's status when the import is refused (e.g.
   *     INVALID_ARGUMENT for a file that is not a contacts CSV)
   */
  public ImportReport importCsv(Path csv, ImportOptions options) throws IOException {
    Call call = start(options);
    try (InputStream in = Files.newInputStream(csv)) {
      byte[] buffer = new byte[CHUNK_BYTES];
      for (int n = in.readNBytes(buffer, 0, buffer.length);
          n > 0 && !call.result.isDone();
          n = in.readNBytes(buffer, 0, buffer.length)) {
        call.send(
            ImportContactsRequest.newBuilder()
                .setCsvChunk(ByteString.copyFrom(buffer, 0, n))
                .build());
      }
    } catch (IOException | RuntimeException e) {
      call.requests.onError(Status.CANCELLED.withDescription("client failed").asException());
      throw e;
    }
    return call.finish();
  }

  /** Imports structured records. */
  public ImportReport importRecords(Iterable<ContactRecord> records, ImportOptions options) {
    Call call = start(options);
    for (ContactRecord record : records) {
      if (call.result.isDone()) {
        break;
      }
      call.send(ImportContactsRequest.newBuilder().setRecord(record).build());
    }
    return call.finish();
  }

  private Call start(ImportOptions options) {
    Call call = new Call();
    stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS).importContacts(call);
    call.send(ImportContactsRequest.newBuilder().setOptions(options).build());
    return call;
  }

  /** One streaming call: the request side, and the report it resolves to. */
  private final class Call implements ClientResponseObserver<ImportContactsRequest, ImportReport> {
    private final CompletableFuture<ImportReport> result = new CompletableFuture<>();
    private final Object readiness = new Object();
    private volatile ClientCallStreamObserver<ImportContactsRequest> requests;
    private ImportReport report;

    @Override
    public void beforeStart(ClientCallStreamObserver<ImportContactsRequest> requestStream) {
      this.requests = requestStream;
      requestStream.setOnReadyHandler(() -> {
        synchronized (readiness) {
          readiness.notifyAll();
        }
      });
    }

    /** Sends one message once the transport can take it (bounded client-side buffering). */
    void send(ImportContactsRequest message) {
      synchronized (readiness) {
        while (!requests.isReady() && !result.isDone()) {
          try {
            readiness.wait(50);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            requests.cancel("interrupted", e);
            throw Status.CANCELLED.withDescription("interrupted").asRuntimeException();
          }
        }
      }
      requests.onNext(message);
    }

    ImportReport finish() {
      if (!result.isDone()) {
        requests.onCompleted();
      }
      try {
        return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof StatusRuntimeException status) {
          throw status;
        }
        throw Status.fromThrowable(e.getCause()).asRuntimeException();
      } catch (TimeoutException e) {
        requests.cancel("timed out", e);
        throw Status.DEADLINE_EXCEEDED
            .withDescription("no import report within " + timeout)
            .asRuntimeException();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        requests.cancel("interrupted", e);
        throw Status.CANCELLED.withDescription("interrupted").asRuntimeException();
      }
    }

    @Override
    public void onNext(ImportReport value) {
      report = value;
    }

    @Override
    public void onError(Throwable error) {
      result.completeExceptionally(
          error instanceof StatusRuntimeException
              ? error
              : Status.fromThrowable(error).asRuntimeException());
    }

    @Override
    public void onCompleted() {
      if (report == null) {
        result.completeExceptionally(
            Status.INTERNAL.withDescription("import ended without a report").asRuntimeException());
      } else {
        result.complete(report);
      }
    }
  }
}
