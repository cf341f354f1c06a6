package dev.relais.smsc;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jsmpp.DefaultPDUSender;
import org.jsmpp.PDUStringException;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.util.DefaultComposer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session's PDU writer that can hold back or swallow chosen submit_sm_resp PDUs. jsmpp answers a
 * submit_sm synchronously from the listener's return value, so delaying or dropping the answer
 * without blocking a PDU thread has to happen here, at the write.
 */
final class ResponseFaultPduSender extends DefaultPDUSender {

  private static final Logger log = LoggerFactory.getLogger(ResponseFaultPduSender.class);
  private static final byte[] NOT_WRITTEN = new byte[0];

  private static final long NEVER = -1;

  /**
   * Message id to hold time in ms ({@link #NEVER} to drop). Empty on the normal path, which then
   * costs one isEmpty() per write.
   */
  private final ConcurrentHashMap<String, Long> heldResponses = new ConcurrentHashMap<>();

  private final ScheduledExecutorService scheduler;

  ResponseFaultPduSender(ScheduledExecutorService scheduler) {
    super(new DefaultComposer());
    this.scheduler = scheduler;
  }

  /** The response carrying {@code messageId} will be written {@code delay} later. */
  void delay(String messageId, Duration delay) {
    heldResponses.put(messageId, delay.toMillis());
  }

  /** The response carrying {@code messageId} will never be written. */
  void drop(String messageId) {
    heldResponses.put(messageId, NEVER);
  }

  @Override
  public byte[] sendSubmitSmResp(
      OutputStream os, int sequenceNumber, String messageId, OptionalParameter... parameters)
      throws PDUStringException, IOException {
    if (heldResponses.isEmpty()) {
      return super.sendSubmitSmResp(os, sequenceNumber, messageId, parameters);
    }
    Long holdMillis = heldResponses.remove(messageId);
    if (holdMillis == null) {
      return super.sendSubmitSmResp(os, sequenceNumber, messageId, parameters);
    }
    if (holdMillis != NEVER) {
      scheduler.schedule(
          () -> writeLater(os, sequenceNumber, messageId, parameters),
          holdMillis,
          TimeUnit.MILLISECONDS);
    }
    return NOT_WRITTEN;
  }

  private void writeLater(
      OutputStream os, int sequenceNumber, String messageId, OptionalParameter... parameters) {
    // jsmpp's SynchronizedPDUSender serialises writes by locking the stream; do the same.
    synchronized (os) {
      try {
        super.sendSubmitSmResp(os, sequenceNumber, messageId, parameters);
      } catch (IOException | PDUStringException e) {
        log.info("Delayed submit_sm_resp for message {} not written: {}", messageId, e.toString());
      }
    }
  }
}
