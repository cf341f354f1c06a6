package dev.relais.contacts.importing;

import com.datastax.oss.driver.api.core.CqlSession;
import com.google.protobuf.ByteString;
import dev.relais.contacts.ContactsMetrics;
import dev.relais.contacts.store.ComplianceLog;
import dev.relais.contacts.store.ContactsTable;
import dev.relais.contacts.store.ErasedSuppressions;
import dev.relais.proto.contacts.v1.ImportContactsRequest;
import dev.relais.proto.contacts.v1.ImportReport;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One {@code ImportContacts} call: receives the client's messages on the gRPC thread and reads,
 * validates and stores them on a virtual thread of its own, then answers with the report once every
 * write is acknowledged.
 *
 * <p>A file that is not a contacts CSV is refused whole with INVALID_ARGUMENT before anything is
 * written; a bad row is only counted and listed.
 */
public final class ContactImport implements StreamObserver<ImportContactsRequest> {

  private static final Logger LOG = Logger.getLogger(ContactImport.class.getName());
  private static final AtomicLong IMPORTS = new AtomicLong();

  /**
   * Rows of one partition read and written together. Measured on a 2-core machine: 64 needs about a
   * third less Cassandra CPU per row than 32, larger groups gain nothing more.
   */
  public static final int DEFAULT_GROUP_SIZE = 64;

  /** Groups written at once by one import: enough to keep Cassandra busy, bounded memory. */
  public static final int DEFAULT_IN_FLIGHT = 16;

  /** What an import needs from the service. */
  public record Resources(
      CqlSession session,
      ContactsTable contacts,
      ComplianceLog log,
      ErasedSuppressions suppressions,
      String defaultRegion,
      int groupSize,
      int maxInFlight,
      ContactsMetrics metrics) {}

  private final Resources resources;
  private final StreamObserver<ImportReport> responses;
  private final ImportFeed feed = new ImportFeed();
  private final ImportTally tally = new ImportTally();
  private final long id = IMPORTS.incrementAndGet();
  private ImportWriter writer;

  private ContactImport(Resources resources, StreamObserver<ImportReport> responses) {
    this.resources = resources;
    this.responses = responses;
  }

  /** Starts an import answering on {@code responses}; returns the observer of its requests. */
  public static ContactImport start(Resources resources, StreamObserver<ImportReport> responses) {
    ContactImport call = new ContactImport(resources, responses);
    Thread.ofVirtual().name("contacts-import-" + call.id).start(call::run);
    return call;
  }

  @Override
  public void onNext(ImportContactsRequest message) {
    feed.offer(message);
  }

  @Override
  public void onError(Throwable error) {
    feed.fail(error);
  }

  @Override
  public void onCompleted() {
    feed.end();
  }

  private void run() {
    long started = System.nanoTime();
    try {
      ImportContactsRequest first = feed.next();
      if (first == null || first.getPayloadCase() != ImportContactsRequest.PayloadCase.OPTIONS) {
        throw invalid("the first message of an import must carry its options");
      }
      ImportSettings settings = settings(first);
      ImportContactsRequest second = feed.next();
      if (second != null) {
        switch (second.getPayloadCase()) {
          case CSV_CHUNK -> importCsv(settings, second.getCsvChunk());
          case RECORD -> importRecords(settings, second);
          default -> throw invalid("an import carries CSV chunks or records after its options");
        }
      }
      if (writer != null) {
        writer.finish();
      }
      ImportReport report = tally.report();
      resources.metrics().imported(report);
      LOG.info(() ->
          String.format(
              "import %d finished in %d ms: %d rows, %d new, %d updated, %d rejected",
              id,
              (System.nanoTime() - started) / 1_000_000,
              report.getRows(),
              report.getImported(),
              report.getUpdated(),
              report.getRejected()));
      responses.onNext(report);
      responses.onCompleted();
    } catch (StatusException e) {
      giveUp();
      LOG.info(() -> "import " + id + " refused: " + e.getStatus().getDescription());
      responses.onError(e);
    } catch (ImportFeed.UnexpectedMessageException e) {
      giveUp();
      responses.onError(invalid(e.getMessage()));
    } catch (ImportFeed.CancelledException e) {
      giveUp();
      LOG.info(() -> "import " + id + " cancelled by the client after " + tally.rows() + " rows");
    } catch (ImportWriter.StoreFailedException e) {
      giveUp();
      LOG.log(Level.WARNING, "import " + id + " failed writing to Cassandra", e);
      responses.onError(
          Status.UNAVAILABLE
              .withDescription(
                  "the contacts store failed after "
                      + tally.rows()
                      + " rows; rows already stored stay and importing the file again is safe")
              .asException());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      giveUp();
      responses.onError(Status.CANCELLED.withDescription("service stopping").asException());
    } catch (Exception e) {
      giveUp();
      LOG.log(Level.SEVERE, "import " + id + " failed", e);
      responses.onError(Status.INTERNAL.withDescription("import failed").asException());
    } finally {
      // Whatever happened, the gRPC thread must never wait for this reader again.
      feed.abandon();
    }
  }

  private ImportSettings settings(ImportContactsRequest first) throws StatusException {
    try {
      return ImportSettings.from(first.getOptions(), resources.defaultRegion());
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
  }

  private void importCsv(ImportSettings settings, ByteString firstChunk)
      throws IOException, InterruptedException, StatusException {
    CsvContactReader reader;
    try {
      reader = CsvContactReader.open(feed.csvStream(firstChunk));
    } catch (NotCsvException e) {
      throw invalid("not a contacts CSV file: " + e.getMessage());
    } catch (MalformedCsvException e) {
      tally.rowRead(); // not even the header line can be read
      tally.rejected(
          e.line(), e.reason(), "the rest of the file could not be read: " + e.getMessage());
      return;
    } catch (UncheckedIOException e) {
      throw e.getCause(); // what the feed throws (cancellation), wrapped by commons-csv
    }
    try (reader) {
      tally.columns(reader.columns().mapping(), reader.columns().warnings());
      startWriting(settings);
      Instant now = resources.log().now();
      try {
        for (CsvContactReader.Row row = reader.next(); row != null; row = reader.next()) {
          tally.rowRead();
          RowOutcome<CsvColumns.Mapped> mapped = reader.columns().toRecord(row.values());
          switch (mapped) {
            case RowOutcome.Rejected<CsvColumns.Mapped> rejected ->
                tally.rejected(row.line(), rejected.reason(), rejected.detail());
            case RowOutcome.Accepted<CsvColumns.Mapped> accepted ->
                accept(
                    ContactValidation.validate(
                        accepted.value().record(),
                        accepted.value().consent(),
                        settings.defaultRegion(),
                        row.line(),
                        now),
                    row.line());
          }
        }
      } catch (MalformedCsvException e) {
        tally.rowRead();
        tally.rejected(
            e.line(), e.reason(), "the rest of the file could not be read: " + e.getMessage());
      } finally {
        tally.charset(reader.charset().name());
        reader.charsetWarning().ifPresent(tally::warn);
      }
    } catch (UncheckedIOException e) {
      // commons-csv wraps what the feed throws (cancellation, unexpected message) while parsing
      throw e.getCause();
    }
  }

  private void importRecords(ImportSettings settings, ImportContactsRequest first)
      throws IOException, InterruptedException, StatusException {
    startWriting(settings);
    Instant now = resources.log().now();
    long line = 0;
    for (ImportContactsRequest message = first; message != null; message = feed.next()) {
      if (message.getPayloadCase() != ImportContactsRequest.PayloadCase.RECORD) {
        throw invalid("after records, an import may only carry more records");
      }
      line++;
      tally.rowRead();
      accept(
          ContactValidation.validate(message.getRecord(), settings.defaultRegion(), line, now),
          line);
    }
  }

  private void accept(RowOutcome<ContactDraft> outcome, long line) throws InterruptedException {
    switch (outcome) {
      case RowOutcome.Accepted<ContactDraft> accepted -> writer.add(accepted.value());
      case RowOutcome.Rejected<ContactDraft> rejected ->
          tally.rejected(line, rejected.reason(), rejected.detail());
    }
  }

  private void startWriting(ImportSettings settings) {
    String wordingId = resources.log().saveWording(settings.consentWording());
    writer =
        new ImportWriter(
            resources.session(),
            resources.contacts(),
            resources.log(),
            resources.suppressions(),
            tally,
            settings,
            wordingId,
            resources.groupSize(),
            resources.maxInFlight(),
            resources.metrics());
  }

  private void giveUp() {
    feed.abandon();
    if (writer != null) {
      try {
        writer.awaitInFlight();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static StatusException invalid(String message) {
    return Status.INVALID_ARGUMENT.withDescription(message).asException();
  }
}
