package dev.relais.cli.contacts;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The phone number a contacts command acts on, and the region that reads its national form. */
public final class ContactNumber {

  @Parameters(
      arity = "1..*",
      paramLabel = "NUMBER",
      description = "The phone number, in international or national form (spaces allowed).")
  private String[] number;

  @Option(
      names = "--region",
      paramLabel = "CC",
      description = "ISO 3166 region of a national number. Default: the contacts service's own.")
  private String region;

  /** The number as given, its words joined by a space. */
  String phone() {
    return String.join(" ", number);
  }

  /** The region given with --region, or null for the contacts service's own. */
  String region() {
    return region;
  }
}
