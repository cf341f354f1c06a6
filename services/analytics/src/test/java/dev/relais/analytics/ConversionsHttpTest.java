package dev.relais.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.analytics.conversion.ConversionIngest;
import dev.relais.common.config.ServiceConfig;
import dev.relais.common.server.ServiceServer;
import dev.relais.common.telemetry.Telemetry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/conversions} on a real server, for the answers that need no store: a body that is
 * not a conversion, and an ingest that is off (what ConversionsIT cannot show).
 */
class ConversionsHttpTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static Telemetry telemetry;
  private static ServiceServer server;

  @BeforeAll
  static void start() {
    telemetry = Telemetry.create("analytics-conversions-http-test", null, 1.0);
    server =
        ServiceServer.builder(ServiceConfig.of("analytics", Map.of()), telemetry)
            .http(new ConversionsHttp(ConversionIngest.off()))
            .start();
  }

  @AfterAll
  static void stop() {
    server.close();
    telemetry.close();
  }

  @Test
  void anIngestWithoutContactsAndLinksSaysSoWith503() throws Exception {
    HttpResponse<String> response =
        post(
            "{\"orderId\":\"A-1\",\"phone\":\"+33612345678\",\"amount\":\"1\",\"currency\":\"EUR\"}");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body())
        .contains("conversion ingest is off")
        .contains("contacts.address")
        .contains("links.address");
  }

  @Test
  void aBodyThatIsNoConversionIs400NamingTheProblem() throws Exception {
    HttpResponse<String> notJson = post("order A-1, 49.90 EUR");
    HttpResponse<String> unknownField = post("{\"orderid\":\"A-1\"}");

    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(notJson.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(notJson.body()).startsWith("{").contains("\"error\"");
    assertThat(unknownField.statusCode()).isEqualTo(400);
    assertThat(unknownField.body()).contains("orderid");
  }

  @Test
  void anOversizedBodyIsRefusedUnread() throws Exception {
    HttpResponse<String> response =
        post("{\"orderId\":\"" + "x".repeat(ConversionsHttp.MAX_BODY) + "\"}");

    assertThat(response.statusCode()).isEqualTo(413);
  }

  private static HttpResponse<String> post(String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + ConversionsHttp.PATH))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
