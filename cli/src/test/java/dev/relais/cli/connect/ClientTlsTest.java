package dev.relais.cli.connect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.cli.RelaisCli;
import dev.relais.common.config.ServiceConfig;
import dev.relais.common.server.CallerIdentity;
import dev.relais.common.server.ServiceServer;
import dev.relais.common.telemetry.Telemetry;
import dev.relais.common.tls.ServiceTls;
import dev.relais.common.tls.TestPki;
import dev.relais.proto.contacts.v1.ContactExport;
import dev.relais.proto.contacts.v1.ContactsServiceGrpc;
import dev.relais.proto.contacts.v1.ExportContactRequest;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The tool against a contacts service that talks mutual TLS over loopback: it presents the local
 * platform's administrator certificate by default, the files its options or environment name
 * instead, and checks the service's certificate against the host dialled or the name given.
 */
class ClientTlsTest {

  @TempDir static Path secrets;

  private static TestPki platform;
  private static Telemetry telemetry;

  /** Named localhost and 127.0.0.1, as the local platform's services are. */
  private static ServiceServer local;

  /** Named as a cluster's Service only: reached through a port-forward. */
  private static ServiceServer cluster;

  @TempDir Path repository;

  @BeforeAll
  static void start() throws Exception {
    platform = TestPki.newCa("relais-platform-ca");
    telemetry = Telemetry.create("cli-tls", null, 1.0);
    local = contacts(platform.issue(secrets.resolve("local"), "relais-contacts"));
    cluster =
        contacts(
            platform.issue(
                secrets.resolve("cluster"),
                "relais-contacts",
                "main-contacts",
                "main-contacts.shop.svc"));
  }

  @AfterAll
  static void stop() {
    local.close();
    cluster.close();
    telemetry.close();
  }

  @Test
  void theLocalPlatformsAdministratorCertificateIsPresentedByDefault() throws Exception {
    writeLocalAdminFiles("relais-admin");

    CliResult run = run(Map.of(), "contacts", "export", "+33612345678", "--contacts", at(local));

    assertThat(run.exitCode).as(run.toString()).isZero();
    assertThat(run.out).contains("\"caller\":\"relais-admin\"");
  }

  @Test
  void optionsWinOverTheEnvironmentWhichWinsOverTheLocalFiles() throws Exception {
    writeLocalAdminFiles("relais-scheduler");
    Map<String, String> crm = platform.issue(secrets.resolve("options"), "crm-sync");
    Map<String, String> admin = platform.issue(secrets.resolve("environment"), "relais-admin");

    CliResult fromOptions =
        run(
            Map.of(
                "RELAIS_TLS_CERT", admin.get(ServiceTls.CERT),
                "RELAIS_TLS_KEY", admin.get(ServiceTls.KEY),
                "RELAIS_TLS_CA", admin.get(ServiceTls.CA)),
            "contacts",
            "export",
            "+33612345678",
            "--contacts",
            at(local),
            "--tls-cert",
            crm.get(ServiceTls.CERT),
            "--tls-key",
            crm.get(ServiceTls.KEY),
            "--tls-ca",
            crm.get(ServiceTls.CA));
    CliResult fromEnvironment =
        run(
            Map.of(
                "RELAIS_TLS_CERT", admin.get(ServiceTls.CERT),
                "RELAIS_TLS_KEY", admin.get(ServiceTls.KEY),
                "RELAIS_TLS_CA", admin.get(ServiceTls.CA)),
            "contacts",
            "export",
            "+33612345678",
            "--contacts",
            at(local));
    CliResult fromLocalFiles =
        run(Map.of(), "contacts", "export", "+33612345678", "--contacts", at(local));

    // crm-sync is an administrator of this service (callers.admin); the scheduler is not.
    assertThat(fromOptions.out).as(fromOptions.toString()).contains("\"caller\":\"crm-sync\"");
    assertThat(fromEnvironment.out)
        .as(fromEnvironment.toString())
        .contains("\"caller\":\"relais-admin\"");
    assertThat(fromLocalFiles.exitCode).as(fromLocalFiles.toString()).isEqualTo(ExitCodes.REFUSED);
    assertThat(fromLocalFiles.err)
        .contains(
            "caller relais-scheduler may not call relais.contacts.v1.ContactsService/ExportContact");
  }

  @Test
  void withoutACertificateTheServiceCannotBeReached() {
    CliResult run = run(Map.of(), "contacts", "export", "+33612345678", "--contacts", at(local));

    assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(run.err).contains("talks mutual TLS and the tool has no client certificate");
    assertThat(run.out).isEmpty();
  }

  @Test
  void aCertificateWithoutItsKeyAndCaIsRefusedNamingWhatIsMissing() throws Exception {
    Map<String, String> admin = platform.issue(secrets.resolve("partial"), "relais-admin");

    CliResult run =
        run(
            Map.of(),
            "contacts",
            "export",
            "+33612345678",
            "--contacts",
            at(local),
            "--tls-cert",
            admin.get(ServiceTls.CERT));

    assertThat(run.exitCode).as(run.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err)
        .contains("missing: --tls-key (or RELAIS_TLS_KEY), --tls-ca (or RELAIS_TLS_CA)");
  }

  @Test
  void behindAPortForwardTheServiceIsCheckedAgainstTheNameGiven() throws Exception {
    writeLocalAdminFiles("relais-admin");

    CliResult dialled =
        run(Map.of(), "contacts", "export", "+33612345678", "--contacts", at(cluster));
    CliResult named =
        run(
            Map.of(),
            "contacts",
            "export",
            "+33612345678",
            "--contacts",
            at(cluster),
            "--tls-server-name",
            "main-contacts");

    assertThat(dialled.exitCode).as(dialled.toString()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(named.exitCode).as(named.toString()).isZero();
    assertThat(named.out).contains("\"caller\":\"relais-admin\"");
  }

  /** Writes what ./relais up writes: the administrator's certificate, key and the CA. */
  private void writeLocalAdminFiles(String identity) throws Exception {
    Files.createDirectories(repository.resolve(".git"));
    Path tls = Files.createDirectories(repository.resolve(".relais/tls"));
    Map<String, String> files = platform.issue(secrets.resolve("local-" + identity), identity);
    copy(files.get(ServiceTls.CERT), tls.resolve("admin.crt"));
    copy(files.get(ServiceTls.KEY), tls.resolve("admin.key"));
    copy(files.get(ServiceTls.CA), tls.resolve("ca.crt"));
  }

  private static void copy(String from, Path to) throws IOException {
    Files.copy(Path.of(from), to, StandardCopyOption.REPLACE_EXISTING);
  }

  private CliResult run(Map<String, String> environment, String... args) {
    CommandLine cli = RelaisCli.commandLine(new ServiceLocator(environment, repository));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--timeout", "20s"));
    int code = cli.execute(all.toArray(String[]::new));
    return new CliResult(code, out.toString(), err.toString());
  }

  private record CliResult(int exitCode, String out, String err) {}

  private static String at(ServiceServer server) {
    return "127.0.0.1:" + server.port();
  }

  private static ServiceServer contacts(Map<String, String> tls) {
    Map<String, String> settings = new java.util.HashMap<>(tls);
    settings.put("callers.admin", "relais-admin,crm-sync");
    return ServiceServer.builder(ServiceConfig.of("contacts", settings), telemetry)
        .grpc(new ExportEcho())
        .start();
  }

  /** Exports, as its whole JSON, who called. */
  private static final class ExportEcho extends ContactsServiceGrpc.ContactsServiceImplBase {
    @Override
    public void exportContact(
        ExportContactRequest request, StreamObserver<ContactExport> response) {
      response.onNext(
          ContactExport.newBuilder()
              .setJson("{\"caller\":\"" + CallerIdentity.current().orElse("nobody") + "\"}")
              .setQueueSearched(true)
              .build());
      response.onCompleted();
    }
  }
}
