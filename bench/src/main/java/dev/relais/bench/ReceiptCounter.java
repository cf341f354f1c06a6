package dev.relais.bench;

import java.util.concurrent.atomic.AtomicLong;
import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.Session;

/** Counts the deliver_sm a baseline session receives, answering each as an ESME must. */
final class ReceiptCounter implements MessageReceiverListener {

  private final AtomicLong receipts;

  ReceiptCounter(AtomicLong receipts) {
    this.receipts = receipts;
  }

  @Override
  public void onAcceptDeliverSm(DeliverSm deliverSm) {
    receipts.incrementAndGet();
  }

  @Override
  public void onAcceptAlertNotification(AlertNotification alertNotification) {}

  @Override
  public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
    throw new ProcessRequestException("data_sm is not used by the baseline", 0x03);
  }
}
