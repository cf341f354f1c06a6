package dev.relais.contacts.importing;

import dev.relais.proto.contacts.v1.ImportColumn;
import dev.relais.proto.contacts.v1.ImportReport;
import dev.relais.proto.contacts.v1.ImportWarning;
import dev.relais.proto.contacts.v1.RowError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts the outcome of one import as rows are read and writes are acknowledged, and turns it into
 * the {@link ImportReport}. Rejections come from the reading thread, acknowledgements from the
 * driver's threads: every method is synchronized.
 */
public final class ImportTally {

  /** Rejected rows listed one by one in the report; the rest are only counted. */
  public static final int MAX_LISTED_ERRORS = 100;

  private long rows;
  private long imported;
  private long updated;
  private long rejected;
  private final Map<String, Long> rejectedByReason = new TreeMap<>();
  private final List<RowError> errors = new ArrayList<>();
  private boolean errorsTruncated;
  private final List<ImportColumn> columns = new ArrayList<>();
  private final List<ImportWarning> warnings = new ArrayList<>();
  private String charset = "";

  /** How the file's columns were understood, and what its header line calls to check. */
  public synchronized void columns(List<ImportColumn> mapping, List<ImportWarning> headerWarnings) {
    columns.addAll(mapping);
    warnings.addAll(headerWarnings);
  }

  /** Something about the import as a whole for a person to check. */
  public synchronized void warn(ImportWarning warning) {
    warnings.add(warning);
  }

  /** The character set the file was read in. */
  public synchronized void charset(String name) {
    charset = name;
  }

  /** A data row was read (whatever becomes of it). */
  public synchronized void rowRead() {
    rows++;
  }

  /** A row was refused. */
  public synchronized void rejected(long line, String reason, String detail) {
    rejected++;
    rejectedByReason.merge(reason, 1L, Long::sum);
    if (errors.size() < MAX_LISTED_ERRORS) {
      errors.add(RowError.newBuilder().setLine(line).setReason(reason).setDetail(detail).build());
    } else {
      errorsTruncated = true;
    }
  }

  /**
   * Rows were stored: {@code newContacts} numbers were not in the store before, {@code merged} rows
   * updated a contact that was (or that an earlier row of this import created).
   */
  public synchronized void stored(long newContacts, long merged) {
    imported += newContacts;
    updated += merged;
  }

  public synchronized long rows() {
    return rows;
  }

  public synchronized ImportReport report() {
    return ImportReport.newBuilder()
        .setRows(rows)
        .setImported(imported)
        .setUpdated(updated)
        .setRejected(rejected)
        .putAllRejectedByReason(rejectedByReason)
        .addAllErrors(errors)
        .setErrorsTruncated(errorsTruncated)
        .addAllColumns(columns)
        .addAllWarnings(warnings)
        .setCharset(charset)
        .build();
  }
}
