package dev.relais.operator.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relais.proto.dispatch.v1.DispatchServiceGrpc;
import dev.relais.proto.dispatch.v1.GetRouteStatsRequest;
import dev.relais.proto.dispatch.v1.RouteStats;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.api.OpenTelemetry;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLSession;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's calls to a platform with mutual TLS, over real gRPC on loopback: it presents its
 * certificate, and checks the server's against the CA and the name it expects.
 */
class OperatorTlsTest {

  @TempDir Path dir;

  private KeyPair caKeys;
  private X509Certificate ca;
  private Server server;
  private final List<String> callers = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startADispatchServingMutualTls() throws Exception {
    caKeys = keys();
    ca = certificate("relais test CA", caKeys, caKeys, List.of(), true);
    Path caFile = write("ca.crt", ca);
    KeyPair serverKeys = keys();
    X509Certificate serverCertificate =
        certificate("relais-dispatch", serverKeys, caKeys, List.of("relais-dispatch"), false);
    ServerInterceptor identity =
        new ServerInterceptor() {
          @Override
          public <Q, R> ServerCall.Listener<Q> interceptCall(
              ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
            SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
            try {
              callers.add(
                  ((X509Certificate) session.getPeerCertificates()[0])
                      .getSubjectX500Principal()
                      .getName());
            } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
              callers.add("none");
            }
            return next.startCall(call, headers);
          }
        };
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .sslContext(
                GrpcSslContexts.forServer(
                        write("server.crt", serverCertificate).toFile(),
                        pkcs8("server.key", serverKeys).toFile())
                    .trustManager(caFile.toFile())
                    .clientAuth(ClientAuth.REQUIRE)
                    .build())
            .addService(
                ServerInterceptors.intercept(
                    new DispatchServiceGrpc.DispatchServiceImplBase() {
                      @Override
                      public void getRouteStats(
                          GetRouteStatsRequest request, StreamObserver<RouteStats> response) {
                        response.onNext(
                            RouteStats.newBuilder()
                                .setRoute(request.getRoute())
                                .setQueueDepth(42)
                                .build());
                        response.onCompleted();
                      }
                    },
                    identity))
            .build()
            .start();
  }

  @AfterEach
  void stop() {
    server.shutdownNow();
  }

  @Test
  void theOperatorPresentsItsCertificateAndChecksTheServersName() throws Exception {
    OperatorTls tls = operatorCertificate();
    String address = "127.0.0.1:" + server.getPort();
    try (GrpcChannels channels = new GrpcChannels(OpenTelemetry.noop(), tls)) {
      GrpcRouteStatsSource source = new GrpcRouteStatsSource(channels, Duration.ofSeconds(10));

      assertThat(
              source
                  .stats(ServiceTarget.mutualTls(address, "relais-dispatch"), "orange")
                  .map(RouteStatsSource.RouteStats::queueDepth))
          .contains(42L);
      assertThat(callers).containsExactly("CN=relais-operator");
      // A server whose certificate does not name the host dialled is not the one meant.
      assertThatThrownBy(
              () -> source.stats(ServiceTarget.mutualTls(address, "relais-contacts"), "orange"))
          .isInstanceOf(ServiceCallException.class);
      // Plain text to a TLS port gets nowhere.
      assertThatThrownBy(() -> source.stats(ServiceTarget.plain(address), "orange"))
          .isInstanceOf(ServiceCallException.class);
      assertThat(callers).containsExactly("CN=relais-operator");
    }
  }

  private OperatorTls operatorCertificate() throws Exception {
    KeyPair keys = keys();
    X509Certificate certificate =
        certificate("relais-operator", keys, caKeys, List.of("relais-operator"), false);
    return OperatorTls.from(
        Map.of(
            "TLS_CERT", write("operator.crt", certificate).toString(),
            "TLS_KEY", pkcs8("operator.key", keys).toString(),
            "TLS_CA", dir.resolve("ca.crt").toString()));
  }

  private static X509Certificate certificate(
      String name, KeyPair subject, KeyPair issuer, List<String> dnsNames, boolean authority)
      throws Exception {
    JcaX509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            new X500Name(authority ? "CN=" + name : "CN=relais test CA"),
            BigInteger.valueOf(System.nanoTime()),
            Date.from(Instant.now().minus(Duration.ofHours(1))),
            Date.from(Instant.now().plus(Duration.ofDays(1))),
            new X500Name("CN=" + name),
            subject.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(authority));
    if (!dnsNames.isEmpty()) {
      List<GeneralName> names = new ArrayList<>();
      dnsNames.forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(names.toArray(GeneralName[]::new)));
    }
    return new JcaX509CertificateConverter()
        .getCertificate(
            builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuer.getPrivate())));
  }

  private static KeyPair keys() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }

  private Path write(String file, Object pem) throws Exception {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(pem);
    }
    return Files.writeString(dir.resolve(file), out.toString());
  }

  private Path pkcs8(String file, KeyPair keys) throws Exception {
    StringWriter out = new StringWriter();
    try (PemWriter writer = new PemWriter(out)) {
      writer.writeObject(new JcaPKCS8Generator(keys.getPrivate(), null));
    }
    return Files.writeString(dir.resolve(file), out.toString());
  }
}
