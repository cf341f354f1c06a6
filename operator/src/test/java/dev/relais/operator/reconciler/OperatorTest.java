package dev.relais.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.operator.OperatorMain;
import dev.relais.operator.OperatorSettings;
import dev.relais.operator.api.Condition;
import dev.relais.operator.api.SecretKeyRef;
import dev.relais.operator.api.SenderId;
import dev.relais.operator.api.SenderIdSpec;
import dev.relais.operator.api.SmppRoute;
import dev.relais.operator.api.SmppRouteSpec;
import dev.relais.operator.model.Conditions;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real operator (JOSDK, every reconciler) against the Fabric8 mock API server in CRUD mode,
 * which has no server-side apply: what a user sees after `kubectl apply`.
 */
class OperatorTest {

  private static final String NAMESPACE = "sms";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private static KubernetesMockServer server;
  private static KubernetesClient client;
  private static OperatorMain operator;

  @BeforeAll
  static void startOperator() throws IOException {
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(List.of()),
            false);
    server.init();
    client = server.createClient();
    // The CRUD server learns the kinds (and their status subresource) from the CRDs themselves.
    for (String crd :
        List.of(
            "senderids.relais.dev.yaml",
            "smpproutes.relais.dev.yaml",
            "smsplatforms.relais.dev.yaml",
            "segments.relais.dev.yaml",
            "campaigns.relais.dev.yaml")) {
      try (var in = Files.newInputStream(committedCrds().resolve(crd))) {
        CustomResourceDefinition definition =
            client.apiextensions().v1().customResourceDefinitions().load(in).item();
        client.resource(definition).create();
      }
    }
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .create();
    OperatorSettings settings =
        OperatorSettings.from(
            Map.of(
                "RELAIS_USE_SSA", "false",
                "SERVER_PORT", "0",
                "RELAIS_DISPATCH_IMAGE", "relais-dispatch:test",
                "RELAIS_CASSANDRA_HOSTS", "10.0.0.7:9042",
                "RELAIS_CONTACTS_ADDRESS", "contacts.sms:9091",
                "RELAIS_ANALYTICS_ADDRESS", "analytics.sms:9094"));
    operator = OperatorMain.start(settings, client, false);
  }

  @AfterAll
  static void stopOperator() {
    if (operator != null) {
      operator.close();
    }
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.destroy();
    }
  }

  @Test
  void aValidSenderIsReadyWithItsRegisteredValue() {
    create(sender("relais", "alphanumeric", "RELAIS"));

    SenderId sender =
        await(
            () -> client.resources(SenderId.class).inNamespace(NAMESPACE).withName("relais").get(),
            s -> s.getStatus() != null && s.getStatus().observedGeneration != null);

    assertThat(sender.getStatus().observedGeneration)
        .isEqualTo(sender.getMetadata().getGeneration());
    assertThat(sender.getStatus().registered).isEqualTo("RELAIS");
    assertThat(ready(sender.getStatus().conditions).status).isEqualTo("True");
    assertThat(ready(sender.getStatus().conditions).lastTransitionTime).isNotBlank();
  }

  @Test
  void aFrenchMobileSenderIsRefusedWithAReasonAndAnEvent() {
    create(sender("mobile", "longnumber", "+33612345678"));

    SenderId sender =
        await(
            () -> client.resources(SenderId.class).inNamespace(NAMESPACE).withName("mobile").get(),
            s -> s.getStatus() != null && !s.getStatus().conditions.isEmpty());

    Condition ready = ready(sender.getStatus().conditions);
    assertThat(ready.status).isEqualTo("False");
    assertThat(ready.reason).isEqualTo("InvalidSpec");
    assertThat(ready.message).contains("mobile numbers of France and its overseas departments");
    assertThat(sender.getStatus().registered).isNull();
    assertThat(sender.getStatus().observedGeneration)
        .isEqualTo(sender.getMetadata().getGeneration());
    Event event = await(() -> eventFor("SenderId", "mobile"), Optional::isPresent).orElseThrow();
    assertThat(event.getType()).isEqualTo("Warning");
    assertThat(event.getReason()).isEqualTo("InvalidSpec");
    assertThat(event.getMessage())
        .contains("mobile numbers of France and its overseas departments");
  }

  @Test
  void anAlphanumericSenderWhoseStopMentionGivesNoNumberIsRefusedWithAReasonAndAnEvent() {
    SenderId bare = sender("bare-stop", "alphanumeric", "RELAIS");
    bare.getSpec().stopMention = "STOP";
    create(bare);

    SenderId sender =
        await(
            () ->
                client.resources(SenderId.class).inNamespace(NAMESPACE).withName("bare-stop").get(),
            s -> s.getStatus() != null && !s.getStatus().conditions.isEmpty());

    Condition ready = ready(sender.getStatus().conditions);
    assertThat(ready.status).isEqualTo("False");
    assertThat(ready.reason).isEqualTo("InvalidSpec");
    assertThat(ready.message)
        .isEqualTo(
            "an alphanumeric sender cannot receive replies, so its STOP mention must give the"
                + " number to send STOP to, e.g. 'STOP au 36111'");
    assertThat(sender.getStatus().registered).isNull();
    Event event = await(() -> eventFor("SenderId", "bare-stop"), Optional::isPresent).orElseThrow();
    assertThat(event.getReason()).isEqualTo("InvalidSpec");
    assertThat(event.getMessage()).isEqualTo(ready.message);
  }

  @Test
  void aRouteGetsItsDispatchDeploymentAndFollowsItsSpec() {
    SmppRoute created = create(route("orange", 100));

    Deployment deployment = await(() -> deployment("relais-dispatch-orange"), d -> d != null);
    Map<String, EnvVar> env = env(deployment);
    assertThat(env.get("DISPATCH_ROUTE").getValue()).isEqualTo("orange");
    assertThat(env.get("SMPP_HOST").getValue()).isEqualTo("smsc.orange.example");
    assertThat(env.get("DISPATCH_TPS").getValue()).isEqualTo("100");
    assertThat(env.get("CASSANDRA_HOSTS").getValue()).isEqualTo("10.0.0.7:9042");
    assertThat(env.get("CONTACTS_ADDRESS").getValue()).isEqualTo("contacts.sms:9091");
    assertThat(env.get("SMPP_PASSWORD").getValue()).isNull();
    assertThat(env.get("SMPP_PASSWORD").getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("orange-smpp");
    assertThat(env.get("SMPP_PASSWORD").getValueFrom().getSecretKeyRef().getKey())
        .isEqualTo("password");
    OwnerReference owner = deployment.getMetadata().getOwnerReferences().get(0);
    assertThat(owner.getKind()).isEqualTo("SmppRoute");
    assertThat(owner.getUid()).isEqualTo(created.getMetadata().getUid());
    assertThat(owner.getController()).isTrue();

    // No kubelet runs here: until its pod is ready, the route says so.
    SmppRoute progressing =
        await(() -> route("orange"), r -> r.getStatus() != null && r.getStatus().replicas != null);
    assertThat(ready(progressing.getStatus().conditions).status).isEqualTo("False");
    assertThat(ready(progressing.getStatus().conditions).reason).isEqualTo("DispatchProgressing");
    assertThat(progressing.getStatus().observedGeneration).isEqualTo(1L);

    // Play the kubelet: the dispatch pod became ready.
    client
        .apps()
        .deployments()
        .inNamespace(NAMESPACE)
        .withName("relais-dispatch-orange")
        .editStatus(d -> {
          d.setStatus(
              new DeploymentStatusBuilder()
                  .withReplicas(1)
                  .withReadyReplicas(1)
                  .withAvailableReplicas(1)
                  .build());
          return d;
        });
    SmppRoute ready =
        await(
            () -> route("orange"),
            r -> Conditions.isTrue(r.getStatus().conditions, Conditions.READY));
    assertThat(ready.getStatus().replicas).isEqualTo(1);
    assertThat(ready.getStatus().observedGeneration).isEqualTo(1L);

    // The carrier lowers the limit: the dispatch process gets the new share.
    client
        .resources(SmppRoute.class)
        .inNamespace(NAMESPACE)
        .withName("orange")
        .edit(r -> {
          r.getSpec().maxTps = 60;
          return r;
        });
    Deployment updated =
        await(
            () -> deployment("relais-dispatch-orange"),
            d -> "60".equals(env(d).get("DISPATCH_TPS").getValue()));
    assertThat(updated.getSpec().getReplicas()).isEqualTo(1);
    SmppRoute followed =
        await(
            () -> route("orange"),
            r -> r.getStatus().observedGeneration.equals(r.getMetadata().getGeneration()));
    assertThat(followed.getMetadata().getGeneration()).isEqualTo(2L);
  }

  @Test
  void anInvalidRouteChangesNothingAndSaysWhy() {
    SmppRoute route = route("broken", 100);
    route.getSpec().autoscaling = new SmppRouteSpec.Autoscaling();
    route.getSpec().autoscaling.minReplicas = 5;
    route.getSpec().autoscaling.maxReplicas = 2;
    create(route);

    SmppRoute refused =
        await(
            () -> route("broken"),
            r -> r.getStatus() != null && !r.getStatus().conditions.isEmpty());

    Condition ready = ready(refused.getStatus().conditions);
    assertThat(ready.status).isEqualTo("False");
    assertThat(ready.reason).isEqualTo("InvalidSpec");
    assertThat(ready.message).contains("minReplicas (5) exceeds autoscaling.maxReplicas (2)");
    assertThat(refused.getStatus().observedGeneration).isEqualTo(1L);
    assertThat(deployment("relais-dispatch-broken")).isNull();
    assertThat(await(() -> eventFor("SmppRoute", "broken"), Optional::isPresent)).isPresent();
  }

  @Test
  void reportsHealthOnceStarted() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + operator.healthPort() + "/health/ready"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("UP");
  }

  private static Path committedCrds() {
    Path module = Path.of("").toAbsolutePath();
    return module.resolveSibling("crds");
  }

  private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> T create(T resource) {
    return client.resource(resource).create();
  }

  private static SenderId sender(String name, String type, String value) {
    SenderId sender = new SenderId();
    sender.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
    SenderIdSpec spec = new SenderIdSpec();
    spec.type = type;
    spec.value = value;
    spec.countries = List.of("FR");
    sender.setSpec(spec);
    return sender;
  }

  private static SmppRoute route(String name, int maxTps) {
    SmppRoute route = new SmppRoute();
    route.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
    SmppRouteSpec spec = new SmppRouteSpec();
    spec.host = "smsc." + name + ".example";
    spec.systemId = "acme";
    spec.passwordSecretRef = new SecretKeyRef();
    spec.passwordSecretRef.name = name + "-smpp";
    spec.passwordSecretRef.key = "password";
    spec.maxTps = maxTps;
    route.setSpec(spec);
    return route;
  }

  private static SmppRoute route(String name) {
    return client.resources(SmppRoute.class).inNamespace(NAMESPACE).withName(name).get();
  }

  private static Deployment deployment(String name) {
    return client.apps().deployments().inNamespace(NAMESPACE).withName(name).get();
  }

  private static Optional<Event> eventFor(String kind, String name) {
    return client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
        .filter(e -> kind.equals(e.getInvolvedObject().getKind()))
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .findFirst();
  }

  private static Map<String, EnvVar> env(Deployment deployment) {
    Map<String, EnvVar> env = new HashMap<>();
    for (EnvVar var :
        deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
      env.put(var.getName(), var);
    }
    return env;
  }

  private static Condition ready(List<Condition> conditions) {
    return Conditions.find(conditions, Conditions.READY)
        .orElseThrow(() -> new AssertionError("no Ready condition in " + conditions));
  }

  /** Polls until the value satisfies the condition; the operator works asynchronously. */
  private static <T> T await(Supplier<T> value, Predicate<T> condition) {
    return MockCluster.await(value, condition);
  }
}
