package dev.relais.operator.reconciler;

import dev.relais.operator.api.Campaign;
import dev.relais.operator.api.CampaignSpec;
import dev.relais.operator.api.SecretKeyRef;
import dev.relais.operator.api.Segment;
import dev.relais.operator.api.SegmentSpec;
import dev.relais.operator.api.SenderId;
import dev.relais.operator.api.SenderIdSpec;
import dev.relais.operator.api.SmppRoute;
import dev.relais.operator.api.SmppRouteSpec;
import dev.relais.operator.api.SmsPlatform;
import dev.relais.operator.api.SmsPlatformSpec;
import dev.relais.operator.api.TlsTrust;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;

/** Relais resources as a user would write them, for reconciler tests. */
final class Manifests {

  private Manifests() {}

  static SmsPlatform platform(String namespace, String name) {
    SmsPlatform platform = new SmsPlatform();
    platform.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    SmsPlatformSpec spec = new SmsPlatformSpec();
    spec.version = "1.4.0";
    spec.image = "registry.example/relais";
    spec.cassandra = new SmsPlatformSpec.Cassandra();
    spec.cassandra.contactPoints = List.of("cass-0.db:9042", "cass-1.db:9042");
    spec.cassandra.datacenter = "dc1";
    spec.cassandra.keyspacePrefix = "acme";
    spec.cassandra.credentialsSecretRef = "cassandra-credentials";
    spec.cassandra.replication = new SmsPlatformSpec.Replication();
    spec.cassandra.replication.strategy = "NetworkTopologyStrategy";
    spec.cassandra.replication.datacenters = Map.of("dc1", 3, "dc2", 2);
    spec.cassandra.tls = true;
    spec.cassandra.tlsTrust = new TlsTrust();
    spec.cassandra.tlsTrust.configMapKeyRef = new TlsTrust.ConfigMapKey();
    spec.cassandra.tlsTrust.configMapKeyRef.name = "cassandra-ca";
    spec.cassandra.tlsTrust.configMapKeyRef.key = "ca.crt";
    spec.privacyKeySecretRef = new SecretKeyRef();
    spec.privacyKeySecretRef.name = "contacts-privacy";
    spec.privacyKeySecretRef.key = "key";
    spec.scheduler = new SmsPlatformSpec.ServiceSpec();
    spec.scheduler.replicas = 2;
    spec.scheduler.memory = "768Mi";
    spec.telemetry = new SmsPlatformSpec.Telemetry();
    spec.telemetry.otlpEndpoint = "http://otel:4318";
    spec.telemetry.sampling = "0.5";
    platform.setSpec(spec);
    return platform;
  }

  static SmppRoute route(String namespace, String name, int maxTps) {
    SmppRoute route = new SmppRoute();
    route.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    SmppRouteSpec spec = new SmppRouteSpec();
    spec.host = "smsc." + name + ".example";
    spec.systemId = "acme";
    spec.passwordSecretRef = new SecretKeyRef();
    spec.passwordSecretRef.name = name + "-smpp";
    spec.passwordSecretRef.key = "password";
    spec.maxTps = maxTps;
    spec.prefixes = List.of("+33");
    route.setSpec(spec);
    return route;
  }

  static SenderId sender(String namespace, String name, String value) {
    SenderId sender = new SenderId();
    sender.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    SenderIdSpec spec = new SenderIdSpec();
    spec.type = "alphanumeric";
    spec.value = value;
    spec.countries = List.of("FR");
    spec.stopMention = "STOP 36111";
    sender.setSpec(spec);
    return sender;
  }

  static Segment segment(String namespace, String name, String list, String filter) {
    Segment segment = new Segment();
    segment.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    SegmentSpec spec = new SegmentSpec();
    spec.list = list;
    spec.filter = filter;
    spec.tags = List.of("vip");
    segment.setSpec(spec);
    return segment;
  }

  static Campaign campaign(String namespace, String name, String sender) {
    Campaign campaign = new Campaign();
    campaign.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    CampaignSpec spec = new CampaignSpec();
    spec.type = "marketing";
    spec.senderIdRef = sender;
    spec.audience = new CampaignSpec.Audience();
    spec.audience.list = "customers";
    spec.template = "Bonjour {{firstName|client}}, -20% ce week-end";
    spec.policy = "fr-marketing";
    campaign.setSpec(spec);
    return campaign;
  }
}
