package dev.relais.dispatch;

import dev.relais.common.config.ServiceConfig;
import dev.relais.common.grpc.HostPort;
import dev.relais.dispatch.optout.OptOutRefresher;
import dev.relais.dispatch.pump.ShardPump;
import dev.relais.dispatch.smpp.SmppSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.UUID;

/**
 * Configuration of one dispatch process ({@code dispatch.*}, {@code smpp.*}, addresses of contacts
 * and analytics); Cassandra and queue settings are read by their own classes.
 *
 * @param route the SmppRoute this process serves
 * @param owner lease owner name, unique per process
 * @param tps most submit_sm per second from this process, 0 for no limit
 * @param drainTimeout how long a graceful stop may wait for in-flight submits and their events
 * @param maxInDoubtRetries resubmissions of a submit_sm that got no response
 * @param optOuts the recent opt-outs kept to suppress marketing messages queued before them: a
 *     window (default 15 days) longer than a queued message lives (14 days), polled every second
 * @param failover the route this route's messages move to when it is down ({@code
 *     dispatch.failover}, the SmppRoute's failoverRoute), or empty for none
 * @param failoverAfter how long no SMPP session must have been bound before messages move ({@code
 *     dispatch.failoverafter}, default 30 s)
 */
public record DispatchSettings(
    String route,
    String owner,
    SmppSettings smpp,
    double tps,
    ShardPump.Settings pump,
    Duration drainTimeout,
    int maxInDoubtRetries,
    HostPort contacts,
    HostPort analytics,
    Duration callTimeout,
    OptOutRefresher.Settings optOuts,
    String failover,
    Duration failoverAfter) {

  public DispatchSettings {
    failover = failover == null ? "" : failover.trim();
    if (failover.equals(route)) {
      throw new IllegalArgumentException("dispatch.failover must name another route than " + route);
    }
    if (failoverAfter.isNegative()) {
      throw new IllegalArgumentException("dispatch.failoverafter must not be negative");
    }
  }

  public static DispatchSettings from(ServiceConfig config) {
    return new DispatchSettings(
        config.requiredString("dispatch.route"),
        config.string("dispatch.owner", defaultOwner()),
        SmppSettings.from(config),
        config.decimal("dispatch.tps", 0),
        new ShardPump.Settings(
            config.integer("dispatch.batch", 500),
            config.duration("dispatch.idle", Duration.ofMillis(75)),
            config.duration("dispatch.idlemax", Duration.ofSeconds(1)),
            config.duration("dispatch.commit", Duration.ofMillis(200)),
            config.integer("dispatch.unresolved", 5000)),
        config.duration("dispatch.drain", Duration.ofSeconds(20)),
        config.integer("dispatch.indoubtretries", 2),
        HostPort.parse(config.string("contacts.address", "127.0.0.1:9091"), 9091),
        HostPort.parse(config.string("analytics.address", "127.0.0.1:9094"), 9094),
        config.duration("dispatch.calltimeout", Duration.ofSeconds(5)),
        new OptOutRefresher.Settings(
            config.duration("dispatch.optoutwindow", Duration.ofDays(15)),
            config.duration("dispatch.optoutpoll", Duration.ofSeconds(1)),
            config.integer("dispatch.optoutcapacity", 2_000_000)),
        config.string("dispatch.failover", ""),
        config.duration("dispatch.failoverafter", Duration.ofSeconds(30)));
  }

  /** Hostname (the pod name in a cluster) plus a random suffix, so restarts get a new identity. */
  static String defaultOwner() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "dispatch";
    }
    return host + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
