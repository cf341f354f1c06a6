package dev.relais.common.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.relais.common.config.ServiceConfig;
import dev.relais.common.server.ServiceServer;
import dev.relais.common.telemetry.Telemetry;
import dev.relais.common.tls.TestPki;
import dev.relais.proto.contacts.v1.ContactsServiceGrpc;
import dev.relais.proto.contacts.v1.ValidateSegmentFilterRequest;
import dev.relais.proto.contacts.v1.ValidateSegmentFilterResponse;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The channels a service opens to another, from its settings: with its {@code tls.*} settings they
 * present its certificate and accept only a server whose certificate names the host dialled;
 * without them they talk plain text, which a server in TLS mode refuses.
 */
class GrpcChannelsTlsTest {

  @TempDir static Path secrets;

  private static TestPki platform;
  private static Telemetry telemetry;
  private static ServiceServer server;

  @BeforeAll
  static void start() throws Exception {
    platform = TestPki.newCa("relais-platform-ca");
    telemetry = Telemetry.create("channels", null, 1.0);
    // Named as a cluster names it, and localhost: not 127.0.0.1.
    Map<String, String> contacts =
        platform.issue(secrets, "relais-contacts", "relais-contacts.shop.svc", "localhost");
    server =
        ServiceServer.builder(ServiceConfig.of("contacts", contacts), telemetry)
            .grpc(new Echo())
            .start();
  }

  @AfterAll
  static void stop() {
    server.close();
    telemetry.close();
  }

  @Test
  void aServiceWithItsCertificateCallsAServerNamedAsDialled() throws Exception {
    ServiceConfig scheduler =
        ServiceConfig.of("scheduler", platform.issue(secrets, "relais-scheduler"));

    Channel channel =
        GrpcChannels.connect(new HostPort("localhost", server.port()), telemetry, scheduler);

    assertThat(call(channel).getCanonicalFilter()).isEqualTo("answered");
  }

  @Test
  void aServerWhoseCertificateDoesNotNameTheHostDialledIsNotTrusted() throws Exception {
    ServiceConfig scheduler =
        ServiceConfig.of("scheduler", platform.issue(secrets, "relais-scheduler-2"));

    Channel channel =
        GrpcChannels.connect(new HostPort("127.0.0.1", server.port()), telemetry, scheduler);

    StatusRuntimeException refused =
        catchThrowableOfType(StatusRuntimeException.class, () -> call(channel));
    assertThat(refused).isNotNull();
    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
  }

  @Test
  void aServiceWithoutTlsSettingsTalksPlainTextWhichATlsServerRefuses() {
    Channel channel =
        GrpcChannels.connect(
            new HostPort("localhost", server.port()),
            telemetry,
            ServiceConfig.of("scheduler", Map.of()));

    StatusRuntimeException refused =
        catchThrowableOfType(StatusRuntimeException.class, () -> call(channel));
    assertThat(refused).isNotNull();
    // The TLS server's first bytes are not HTTP/2: the call fails as the transport reports it.
    assertThat(refused.getStatus().getCode()).isIn(Status.Code.UNAVAILABLE, Status.Code.INTERNAL);
  }

  private static ValidateSegmentFilterResponse call(Channel channel) {
    return ContactsServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(30, TimeUnit.SECONDS)
        .validateSegmentFilter(ValidateSegmentFilterRequest.getDefaultInstance());
  }

  private static final class Echo extends ContactsServiceGrpc.ContactsServiceImplBase {
    @Override
    public void validateSegmentFilter(
        ValidateSegmentFilterRequest request,
        StreamObserver<ValidateSegmentFilterResponse> response) {
      response.onNext(
          ValidateSegmentFilterResponse.newBuilder().setCanonicalFilter("answered").build());
      response.onCompleted();
    }
  }
}
