package dev.relais.cli.lint;

import dev.relais.manifests.ManifestValidator;
import dev.relais.scheduler.compliance.PolicyRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code relais-cli lint}: checks manifests offline with the rules the platform applies. */
@Command(
    name = "lint",
    mixinStandardHelpOptions = true,
    description = {
      "Checks Relais manifests offline with the platform's own rules: the CRD schemas and CEL"
          + " rules the API server applies, then the operator's and the scheduler's checks."
          + " Errors are what the platform would refuse; warnings what it would accept but"
          + " treat otherwise than you may expect (held by quiet hours, UCS-2, missing"
          + " references...).",
      "Exit status: 0 no error, 1 errors, 2 usage or I/O problem."
    })
public final class LintCommand implements Callable<Integer> {

  /** Exit status when a manifest would be refused. */
  public static final int ERRORS = 1;

  /** Exit status for a usage or I/O problem. */
  public static final int TROUBLE = 2;

  @Parameters(
      arity = "1..*",
      paramLabel = "DIR|FILE",
      description =
          "Manifest files, or directories searched for *.yaml and *.yml files. References"
              + " between documents (SenderId, Segment, SmppRoute, SmsPlatform) are resolved"
              + " among all of them.")
  List<Path> paths;

  @Option(
      names = "--junit",
      paramLabel = "FILE",
      description = "Also write a JUnit XML report: one test case per document, failed by errors.")
  Path junit;

  @Option(
      names = "--policies",
      paramLabel = "DECLARATIONS",
      description =
          "Compliance policies the scheduler declares (its COMPLIANCE_POLICIES), e.g."
              + " 'be-marketing MON-SAT 09:00-20:00 marketing', beyond those an SmsPlatform"
              + " among the manifests declares for its namespace (spec.compliance.policies);"
              + " fr-marketing and transactional are always known.")
  String policies;

  @Spec CommandSpec spec;

  private final Clock clock;

  public LintCommand() {
    this(Clock.systemUTC());
  }

  /** A lint that judges schedules (deadlines passed...) as of {@code clock}. */
  public LintCommand(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      PolicyRegistry.withDeclared(policies);
    } catch (IllegalArgumentException e) {
      err.println("relais-cli lint: --policies: " + e.getMessage());
      return TROUBLE;
    }
    List<Path> files;
    try {
      files = files(paths);
    } catch (IOException | UncheckedIOException e) {
      err.println("relais-cli lint: " + e.getMessage());
      return TROUBLE;
    }
    ManifestLint.Outcome outcome;
    try {
      outcome = new ManifestLint(ManifestValidator.bundled(), policies, clock).lint(files);
    } catch (IOException | UncheckedIOException e) {
      err.println("relais-cli lint: cannot read " + e.getMessage());
      return TROUBLE;
    }
    outcome.findings().forEach(f -> out.println(f.line()));
    out.println(
        files.size()
            + (files.size() == 1 ? " file, " : " files, ")
            + outcome.documents().size()
            + (outcome.documents().size() == 1 ? " document: " : " documents: ")
            + outcome.errors()
            + (outcome.errors() == 1 ? " error, " : " errors, ")
            + outcome.warnings()
            + (outcome.warnings() == 1 ? " warning" : " warnings"));
    out.flush();
    if (junit != null) {
      try {
        JUnitReport.write(outcome, junit);
      } catch (IOException e) {
        err.println("relais-cli lint: --junit: " + e.getMessage());
        return TROUBLE;
      }
    }
    return outcome.errors() > 0 ? ERRORS : 0;
  }

  /** The YAML files named or found under the directories named, each once, in order. */
  static List<Path> files(List<Path> paths) throws IOException {
    Set<Path> files = new LinkedHashSet<>();
    for (Path path : paths) {
      if (Files.isDirectory(path)) {
        List<Path> found;
        try (Stream<Path> walk = Files.walk(path)) {
          found =
              walk.filter(Files::isRegularFile)
                  .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                  .sorted()
                  .toList();
        }
        if (found.isEmpty()) {
          throw new IOException("no *.yaml or *.yml file under " + path);
        }
        files.addAll(found);
      } else if (Files.isRegularFile(path)) {
        files.add(path);
      } else {
        throw new IOException("no such file or directory: " + path);
      }
    }
    return new ArrayList<>(files);
  }
}
