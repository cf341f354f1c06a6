package dev.relais.dispatch.smpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relais.common.config.ServiceConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the SmppRoute decides comes from the route: dispatch has no default of its own for it. */
class SmppSettingsTest {

  /** The settings the operator gives every dispatcher from its route, plus {@code extra}. */
  static Map<String, String> route(String... extra) {
    Map<String, String> values = new HashMap<>();
    values.put("smpp.host", "smsc.carrier.example");
    values.put("smpp.port", "2776");
    values.put("smpp.systemid", "acme");
    values.put("smpp.sessions", "3");
    values.put("smpp.window", "16");
    values.put("smpp.enquirelink", "PT45S");
    for (int i = 0; i < extra.length; i += 2) {
      values.put(extra[i], extra[i + 1]);
    }
    return values;
  }

  @Test
  void theRoutesSettingsAreTakenAsGiven() {
    SmppSettings settings = SmppSettings.from(ServiceConfig.of("dispatch", route()));

    assertThat(settings.host()).isEqualTo("smsc.carrier.example");
    assertThat(settings.port()).isEqualTo(2776);
    assertThat(settings.sessions()).isEqualTo(3);
    assertThat(settings.window()).isEqualTo(16);
    assertThat(settings.enquireLink()).isEqualTo(Duration.ofSeconds(45));
  }

  @Test
  void aDispatcherMissingARouteSettingRefusesToStartNamingItsVariable() {
    for (String key :
        new String[] {
          "smpp.host", "smpp.port", "smpp.sessions", "smpp.window", "smpp.enquirelink"
        }) {
      Map<String, String> values = route();
      values.remove(key);

      assertThatThrownBy(() -> SmppSettings.from(ServiceConfig.of("dispatch", values)))
          .as(key)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(key.toUpperCase().replace('.', '_'));
    }
  }
}
