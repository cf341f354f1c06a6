package dev.relais.common.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relais.common.config.ServiceConfig;
import dev.relais.common.grpc.GrpcChannels;
import dev.relais.common.grpc.HostPort;
import dev.relais.common.telemetry.Telemetry;
import dev.relais.common.tls.ServiceTls;
import dev.relais.common.tls.TestPki;
import dev.relais.proto.contacts.v1.Contact;
import dev.relais.proto.contacts.v1.ContactsServiceGrpc;
import dev.relais.proto.contacts.v1.GetContactRequest;
import dev.relais.proto.contacts.v1.ValidateSegmentFilterRequest;
import dev.relais.proto.contacts.v1.ValidateSegmentFilterResponse;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.helidon.common.configurable.Resource;
import io.helidon.common.pki.Keys;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service with mutual TLS on, over loopback: it answers callers with a certificate of the
 * platform's CA, tells the service who calls, refuses callers without one and callers the table
 * does not allow, and still serves its health to probes that present no certificate.
 */
class MutualTlsTest {

  @TempDir static Path secrets;

  private static TestPki platform;
  private static Telemetry telemetry;
  private static ServiceServer server;
  private static HostPort address;
  private static final Map<String, Channel> channels = new HashMap<>();
  private static final InMemorySpanExporter spans = InMemorySpanExporter.create();

  @BeforeAll
  static void start() throws Exception {
    platform = TestPki.newCa("relais-platform-ca");
    Map<String, String> settings = new HashMap<>(platform.issue(secrets, "relais-contacts"));
    settings.put("callers.admin", "relais-admin, crm-sync");
    telemetry = Telemetry.create("contacts", spans, 1.0);
    server =
        ServiceServer.builder(ServiceConfig.of("contacts", settings), telemetry)
            .grpc(new CallerEcho())
            .start();
    address = new HostPort("127.0.0.1", server.port());
  }

  @AfterAll
  static void stop() {
    server.close();
    telemetry.close();
  }

  @Test
  void aCallerWithACertificateOfThePlatformIsAnsweredAndNamedToTheService() throws Exception {
    var stub = contacts(connect("relais-scheduler"));

    ValidateSegmentFilterResponse answer =
        stub.validateSegmentFilter(ValidateSegmentFilterRequest.getDefaultInstance());

    assertThat(answer.getCanonicalFilter()).isEqualTo("called by relais-scheduler");
  }

  @Test
  void onlyTheCallersOfTheTableGetPersonalData() throws Exception {
    GetContactRequest request = GetContactRequest.newBuilder().setPhone("+33612345678").build();

    assertThat(contacts(connect("relais-admin")).getContact(request).getFirstName())
        .isEqualTo("relais-admin");
    assertThat(contacts(connect("crm-sync")).getContact(request).getFirstName())
        .isEqualTo("crm-sync");
    Span test = telemetry.tracer().spanBuilder("test").startSpan();
    try (Scope ignored = test.makeCurrent()) {
      assertThatThrownBy(() -> contacts(connect("relais-scheduler")).getContact(request))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
                assertThat(e.getStatus().getDescription())
                    .isEqualTo(
                        "caller relais-scheduler may not call"
                            + " relais.contacts.v1.ContactsService/GetContact")
                    .doesNotContain("612345678");
              });
    } finally {
      test.end();
    }
    assertThat(refusedServerSpan(test.getSpanContext().getTraceId()))
        .as("the refused call's server span, in the caller's trace")
        .isTrue();
  }

  /** Whether the server ended a span for a call refused PERMISSION_DENIED in this trace. */
  private static boolean refusedServerSpan(String traceId) throws InterruptedException {
    for (int tries = 0; tries < 50; tries++) {
      boolean found =
          spans.getFinishedSpanItems().stream()
              .anyMatch(span ->
                  span.getTraceId().equals(traceId)
                      && span.getKind() == SpanKind.SERVER
                      && Long.valueOf(Status.Code.PERMISSION_DENIED.value())
                          .equals(
                              span.getAttributes()
                                  .get(AttributeKey.longKey("rpc.grpc.status_code"))));
      if (found) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  @Test
  void aCallerWithoutACertificateIsRefused() throws Exception {
    ManagedChannel channel =
        NettyChannelBuilder.forAddress(address.host(), address.port())
            .sslContext(GrpcSslContexts.forClient().trustManager(caFile().toFile()).build())
            .build();
    try {
      assertThatThrownBy(() ->
              contacts(channel)
                  .validateSegmentFilter(ValidateSegmentFilterRequest.getDefaultInstance()))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    } finally {
      channel.shutdownNow();
    }
  }

  @Test
  void aCallerWithACertificateOfAnotherCaIsRefused(@TempDir Path elsewhere) throws Exception {
    // The server names the CA it accepts: a well-behaved client then offers no certificate.
    Map<String, String> foreign = new HashMap<>(TestPki.newCa("another-ca").issue(elsewhere, "x"));
    foreign.put(ServiceTls.CA, caFile().toString());

    assertThatThrownBy(() ->
            contacts(GrpcChannels.connect(address, telemetry, tls(foreign)))
                .validateSegmentFilter(ValidateSegmentFilterRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
  }

  @Test
  void aCertificateOfAnotherCaForcedOnTheServerFailsTheHandshake(@TempDir Path elsewhere)
      throws Exception {
    Map<String, String> foreign = TestPki.newCa("another-ca").issue(elsewhere, "relais-admin");
    Keys impostor =
        Keys.builder()
            .pem(pem ->
                pem.key(Resource.create(Path.of(foreign.get(ServiceTls.KEY))))
                    .certChain(Resource.create(Path.of(foreign.get(ServiceTls.CERT)))))
            .build();
    ManagedChannel channel =
        NettyChannelBuilder.forAddress(address.host(), address.port())
            .sslContext(
                GrpcSslContexts.forClient()
                    .keyManager(new AlwaysOffered(impostor))
                    .trustManager(caFile().toFile())
                    .build())
            .build();
    try {
      assertThatThrownBy(() ->
              contacts(channel)
                  .validateSegmentFilter(ValidateSegmentFilterRequest.getDefaultInstance()))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    } finally {
      channel.shutdownNow();
    }
  }

  @Test
  void aServerWhoseCertificateTheCaDidNotSignIsNotTrusted(@TempDir Path elsewhere)
      throws Exception {
    Map<String, String> otherPlatform =
        TestPki.newCa("another-ca").issue(elsewhere, "relais-admin");

    assertThatThrownBy(() ->
            contacts(GrpcChannels.connect(address, telemetry, tls(otherPlatform)))
                .validateSegmentFilter(ValidateSegmentFilterRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
  }

  @Test
  void aPlainTextCallerIsNotServed() {
    assertThatThrownBy(() ->
            contacts(GrpcChannels.connect(address, telemetry))
                .validateSegmentFilter(ValidateSegmentFilterRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e ->
                assertThat(e.getStatus().getCode())
                    .isIn(Status.Code.UNAVAILABLE, Status.Code.INTERNAL));
  }

  @Test
  void probesReachHealthAndMetricsWithoutACertificate() throws Exception {
    HttpClient probe = HttpClient.newBuilder().sslContext(trustingTheCa()).build();

    HttpResponse<String> live =
        probe.send(
            HttpRequest.newBuilder(
                    URI.create("https://localhost:" + server.port() + "/health/live"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> metrics =
        probe.send(
            HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + "/metrics"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(metrics.statusCode()).isEqualTo(200);
  }

  private static ContactsServiceGrpc.ContactsServiceBlockingStub contacts(Channel channel) {
    return ContactsServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  /** A channel of the component {@code identity}, issued its certificate on first use. */
  private static Channel connect(String identity) throws Exception {
    Channel channel = channels.get(identity);
    if (channel == null) {
      channel = GrpcChannels.connect(address, telemetry, tls(platform.issue(secrets, identity)));
      channels.put(identity, channel);
    }
    return channel;
  }

  private static ServiceTls tls(Map<String, String> files) {
    return ServiceTls.from(ServiceConfig.of("client", files));
  }

  private static Path caFile() {
    return secrets.resolve("relais-contacts").resolve("ca.crt");
  }

  private static SSLContext trustingTheCa() throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    try (var in = Files.newInputStream(caFile())) {
      store.setCertificateEntry(
          "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  /** Offers its certificate whatever CAs the server asks for, as a forged client would. */
  private static final class AlwaysOffered extends X509ExtendedKeyManager {
    private final Keys keys;

    AlwaysOffered(Keys keys) {
      this.keys = keys;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return "impostor";
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
      return "impostor";
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return keys.certChain().toArray(X509Certificate[]::new);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return keys.privateKey().orElseThrow();
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return new String[] {"impostor"};
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return null;
    }
  }

  /** Answers with the identity of its caller, as a service handler sees it. */
  private static final class CallerEcho extends ContactsServiceGrpc.ContactsServiceImplBase {
    @Override
    public void validateSegmentFilter(
        ValidateSegmentFilterRequest request, StreamObserver<ValidateSegmentFilterResponse> out) {
      out.onNext(
          ValidateSegmentFilterResponse.newBuilder()
              .setCanonicalFilter("called by " + CallerIdentity.current().orElse("nobody"))
              .build());
      out.onCompleted();
    }

    @Override
    public void getContact(GetContactRequest request, StreamObserver<Contact> out) {
      out.onNext(
          Contact.newBuilder().setFirstName(CallerIdentity.current().orElse("nobody")).build());
      out.onCompleted();
    }
  }
}
