package dev.relais.operator.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relais.operator.api.SmsPlatform;
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
  void aMalformedEntryIsNamed() {
    assertThatThrownBy(() -> ServiceAddresses.parse("scheduler:9092"))
        .hasMessageContaining("\"scheduler:9092\" is not service=host:port");
    assertThatThrownBy(() -> ServiceAddresses.parse("billing=h:1"))
        .hasMessageContaining("names no service \"billing\"");
  }

  private static SmsPlatform platform() {
    SmsPlatform platform = new SmsPlatform();
    platform.setMetadata(new ObjectMetaBuilder().withName("relais").withNamespace("shop").build());
    return platform;
  }
}
