package dev.relais.smsc;

import java.util.Queue;
import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.MessageType;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.Session;

/** Client-side listener sorting incoming deliver_sm into receipts and MOs. */
final class DeliverSmCollector implements MessageReceiverListener {

  private final Queue<DeliverSm> receipts;
  private final Queue<DeliverSm> mos;

  DeliverSmCollector(Queue<DeliverSm> receipts, Queue<DeliverSm> mos) {
    this.receipts = receipts;
    this.mos = mos;
  }

  @Override
  public void onAcceptDeliverSm(DeliverSm deliverSm) {
    if (MessageType.SMSC_DEL_RECEIPT.containedIn(deliverSm.getEsmClass())) {
      receipts.add(deliverSm);
    } else {
      mos.add(deliverSm);
    }
  }

  @Override
  public void onAcceptAlertNotification(AlertNotification alertNotification) {}

  @Override
  public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
    throw new ProcessRequestException("data_sm not expected", 0x03);
  }
}
