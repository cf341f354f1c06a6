package dev.relais.cli.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import dev.relais.cli.CliRun;
import dev.relais.cli.ServiceUnderTest;
import dev.relais.cli.connect.ExitCodes;
import dev.relais.proto.contacts.v1.ContactsServiceGrpc;
import dev.relais.proto.contacts.v1.InboundMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code inbound list} in process against a real contacts service on the shared Cassandra. */
class InboundCommandIT {

  @TempDir static Path directory;

  private static ServiceUnderTest contacts;

  @BeforeAll
  static void start() {
    contacts = ServiceUnderTest.contacts(Map.of());
  }

  @AfterAll
  static void stop() throws Exception {
    if (contacts != null) {
      contacts.close();
    }
  }

  @Test
  void listsTheTextsNoRuleUnderstoodSinceAGivenTime() {
    Instant twoHoursAgo = Instant.now().minus(Duration.ofHours(2));
    receive("0690123456", "Vous êtes ouverts dimanche ?\nMerci", twoHoursAgo);
    receive("0690123456", "STOP 36111", Instant.now()); // understood: not listed
    receive("33612345678", "Arrêtez de m'écrire", Instant.now());

    CliRun all = cli("inbound", "list");
    assertThat(all.exitCode()).as(all.toString()).isEqualTo(ExitCodes.OK);
    assertThat(all.out())
        .contains("+590690123456  orange  36111  Vous êtes ouverts dimanche ? ⏎ Merci")
        .contains("+33612345678  orange  36111  Arrêtez de m'écrire")
        .contains("2 text(s) received over the 30 days kept")
        .doesNotContain("STOP 36111");
    assertThat(all.out().indexOf("Vous êtes")).isLessThan(all.out().indexOf("Arrêtez"));

    CliRun recent = cli("inbound", "list", "--since", "1h");
    assertThat(recent.exitCode()).as(recent.toString()).isEqualTo(ExitCodes.OK);
    assertThat(recent.out())
        .contains("Arrêtez de m'écrire")
        .doesNotContain("dimanche")
        .contains("1 text(s) received since");

    CliRun bad = cli("inbound", "list", "--since", "yesterday");
    assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(bad.err()).contains("--since 'yesterday' is neither a duration");
  }

  private static void receive(String from, String text, Instant at) {
    ContactsServiceGrpc.newBlockingStub(contacts.channel())
        .processInbound(
            InboundMessage.newBuilder()
                .setFrom(from)
                .setTo("36111")
                .setText(text)
                .setRoute("orange")
                .setReceivedAt(Timestamp.newBuilder().setSeconds(at.getEpochSecond()))
                .build());
  }

  private static CliRun cli(String... args) {
    String[] withAddress = new String[args.length + 2];
    System.arraycopy(args, 0, withAddress, 0, args.length);
    withAddress[args.length] = "--contacts";
    withAddress[args.length + 1] = contacts.address();
    return CliRun.run(directory, withAddress);
  }
}
