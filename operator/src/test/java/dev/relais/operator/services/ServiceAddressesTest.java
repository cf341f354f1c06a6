package dev.relais.operator.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relais.operator.api.SmsPlatform;
import dev.relais.operator.api.SmsPlatformSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServiceAddressesTest {

  @Test
  void byDefaultTheServicesOfTheNamespacesPlatform() {
    PlatformEndpoints endpoints = ServiceAddresses.parse("").of(Optional.of(platform()), "shop");

    assertThat(endpoints.scheduler()).contains("relais-scheduler.shop.svc:9092");
    assertThat(endpoints.contacts()).contains("relais-contacts.shop.svc:9091");
    assertThat(endpoints.analytics()).contains("relais-analytics.shop.svc:9094");
    assertThat(ServiceAddresses.parse(null).of(Optional.empty(), "shop"))
        .isEqualTo(PlatformEndpoints.NONE);
  }

  @Test
  void fixedAddressesWinForTheLocalMode() {
    ServiceAddresses fixed =
        ServiceAddresses.parse("scheduler=127.0.0.1:19092, contacts=localhost:19091");

    PlatformEndpoints endpoints = fixed.of(Optional.of(platform()), "shop");
    assertThat(endpoints.scheduler()).contains("127.0.0.1:19092");
    assertThat(endpoints.contacts()).contains("localhost:19091");
    assertThat(endpoints.analytics()).contains("relais-analytics.shop.svc:9094");
  }

  @Test
  void aRoutesDispatchIsItsServiceUnlessGivenByServiceName() {
    ServiceAddresses addresses =
        ServiceAddresses.parse("scheduler=127.0.0.1:19092,relais-dispatch-orange=127.0.0.1:19093");

    assertThat(addresses.dispatch("shop", "orange", 9093)).isEqualTo("127.0.0.1:19093");
    assertThat(addresses.dispatch("shop", "sfr", 9093))
        .isEqualTo("relais-dispatch-sfr.shop.svc:9093");
  }

  @Test
  void aMalformedEntryIsNamed() {
    assertThatThrownBy(() -> ServiceAddresses.parse("scheduler:9092"))
        .hasMessageContaining("\"scheduler:9092\" is not name=host:port");
    assertThatThrownBy(() -> ServiceAddresses.parse("Billing_X=h:1"))
        .hasMessageContaining("names no service \"Billing_X\"");
  }

  @Test
  void aPlatformWithMutualTlsIsCalledOverTlsCheckingEachServiceByItsNameAndDispatchByItsIdentity() {
    SmsPlatform platform = platform();
    platform.setSpec(new SmsPlatformSpec());
    platform.getSpec().tls = new SmsPlatformSpec.Tls();
    platform.getSpec().tls.mode = SmsPlatformSpec.Tls.SECRETS;
    ServiceAddresses addresses = ServiceAddresses.parse("contacts=127.0.0.1:19091");

    PlatformEndpoints endpoints = addresses.of(Optional.of(platform), "shop");

    assertThat(endpoints.scheduler().map(ServiceTarget::parse))
        .contains(new ServiceTarget("relais-scheduler.shop.svc:9092", true, null));
    assertThat(endpoints.contacts().map(ServiceTarget::parse))
        .contains(new ServiceTarget("127.0.0.1:19091", true, null));
    assertThat(ServiceTarget.parse(addresses.dispatch("shop", "orange", 9093, true)))
        .isEqualTo(
            new ServiceTarget("relais-dispatch-orange.shop.svc:9093", true, "relais-dispatch"));
    assertThat(ServiceTarget.parse(addresses.dispatch("shop", "orange", 9093, false)))
        .isEqualTo(new ServiceTarget("relais-dispatch-orange.shop.svc:9093", false, null));
  }

  @Test
  void withoutACertificateTheOperatorRefusesToCallATlsPlatformAndSaysWhy() {
    try (GrpcChannels channels =
        new GrpcChannels(io.opentelemetry.api.OpenTelemetry.noop(), OperatorTls.NONE)) {
      assertThatThrownBy(() -> channels.to(ServiceTarget.mutualTls("127.0.0.1:19092")))
          .isInstanceOf(ServiceCallException.class)
          .hasMessageContaining("the operator has no certificate")
          .hasMessageContaining("tls.secretName");
    }
  }

  @Test
  void theOperatorsCertificateNeedsItsThreeFiles() {
    assertThat(OperatorTls.from(java.util.Map.of()).present()).isFalse();
    assertThatThrownBy(
            () -> OperatorTls.from(java.util.Map.of("TLS_CERT", "/etc/relais/tls/tls.crt")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TLS_KEY is not set");
  }

  private static SmsPlatform platform() {
    SmsPlatform platform = new SmsPlatform();
    platform.setMetadata(new ObjectMetaBuilder().withName("relais").withNamespace("shop").build());
    return platform;
  }
}
