package dev.relais.dispatch.smpp;

import dev.relais.common.config.ServiceConfig;
import java.time.Duration;

/**
 * How this dispatcher binds to its carrier's SMSC ({@code smpp.*} keys).
 *
 * @param host SMSC host
 * @param port SMSC port
 * @param systemId account name
 * @param password account password; in a cluster it comes from a Secret as {@code SMPP_PASSWORD}
 * @param systemType system_type sent in the bind, often empty
 * @param sessions transceiver binds held at once
 * @param window most submit_sm awaiting their response per session
 * @param enquireLink interval of enquire_link on idle sessions
 * @param responseTimeout how long a submit_sm waits for its response before it is in doubt
 * @param bindTimeout how long a bind may take
 * @param reconnectInitial first wait before rebinding a lost session
 * @param reconnectMax longest wait between bind attempts
 * @param pduProcessorDegree threads per session processing incoming PDUs, as jsmpp is asked; jsmpp
 *     3.0.2 processes an ESME session's PDUs on one thread whatever this says
 * @param receiveQueue PDUs from the SMSC a session holds while its processing thread is busy. jsmpp
 *     answers a deliver_sm that finds it full with ESME_RTHROTTLED, and some SMSCs never send such
 *     a receipt again, so it is sized for a burst of receipts, not for the submit window (about
 *     half a KiB each while queued)
 * @param tls connect over TLS, verifying the SMSC's certificate and host name
 * @param tlsTrust PEM CA certificates the SMSC's certificate must chain to (a carrier's private
 *     CA); empty trusts the JDK's default CAs. In a cluster it comes from the route's tlsTrust
 *     reference as {@code SMPP_TLSTRUST}
 * @param maxPduLength largest command_length accepted from the SMSC; a larger one is malformed
 */
public record SmppSettings(
    String host,
    int port,
    String systemId,
    String password,
    String systemType,
    int sessions,
    int window,
    Duration enquireLink,
    Duration responseTimeout,
    Duration bindTimeout,
    Duration reconnectInitial,
    Duration reconnectMax,
    int pduProcessorDegree,
    int receiveQueue,
    boolean tls,
    String tlsTrust,
    int maxPduLength) {

  /** deliver_sm with a 64 KiB message_payload plus its mandatory fields fits. */
  public static final int DEFAULT_MAX_PDU_LENGTH = 70_000;

  /**
   * A few seconds of receipts of a fast route, for about 10 MiB per session at most; the old size
   * (4 submit windows, 128 PDUs) was overrun by bursts of receipts.
   */
  public static final int DEFAULT_RECEIVE_QUEUE = 20_000;

  public SmppSettings {
    if (sessions < 1 || window < 1) {
      throw new IllegalArgumentException("smpp.sessions and smpp.window must be at least 1");
    }
    tlsTrust = tlsTrust == null ? "" : tlsTrust.strip();
    if (!tls && !tlsTrust.isEmpty()) {
      throw new IllegalArgumentException("smpp.tlstrust is set but smpp.tls is false");
    }
    if (receiveQueue < 1) {
      throw new IllegalArgumentException("smpp.receivequeue must be at least 1");
    }
    if (maxPduLength < 1024) {
      throw new IllegalArgumentException("smpp.maxpdu must be at least 1024");
    }
  }

  /**
   * The settings of {@code smpp.*}. What the SmppRoute decides (its SMSC, account, sessions,
   * window, enquire_link) has no default here: the operator always sets it from the route, whose
   * CRD holds the defaults, so that they live in one place.
   */
  public static SmppSettings from(ServiceConfig config) {
    return new SmppSettings(
        config.requiredString("smpp.host"),
        config.requiredInteger("smpp.port"),
        config.requiredString("smpp.systemid"),
        config.string("smpp.password", ""),
        config.string("smpp.systemtype", ""),
        config.requiredInteger("smpp.sessions"),
        config.requiredInteger("smpp.window"),
        config.requiredDuration("smpp.enquirelink"),
        config.duration("smpp.timeout", Duration.ofSeconds(10)),
        config.duration("smpp.bindtimeout", Duration.ofSeconds(10)),
        config.duration("smpp.reconnect", Duration.ofSeconds(1)),
        config.duration("smpp.reconnectmax", Duration.ofSeconds(60)),
        config.integer("smpp.pduthreads", 3),
        config.integer("smpp.receivequeue", DEFAULT_RECEIVE_QUEUE),
        config.bool("smpp.tls", false),
        config.string("smpp.tlstrust", ""),
        config.integer("smpp.maxpdu", DEFAULT_MAX_PDU_LENGTH));
  }

  /** The password is a secret: never in logs. */
  @Override
  public String toString() {
    return "SmppSettings["
        + systemId
        + "@"
        + host
        + ":"
        + port
        + (tls ? (tlsTrust.isEmpty() ? ", tls" : ", tls with a private trust bundle") : "")
        + ", sessions="
        + sessions
        + ", window="
        + window
        + "]";
  }
}
