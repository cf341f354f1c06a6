package dev.relais.cli.contacts;

import com.google.protobuf.Timestamp;
import dev.relais.common.time.ProtoTime;
import dev.relais.proto.contacts.v1.ConsentEvidence;
import dev.relais.proto.contacts.v1.Contact;
import dev.relais.proto.contacts.v1.ContactExport;
import dev.relais.proto.contacts.v1.InboundText;
import dev.relais.proto.contacts.v1.MarketingSend;
import dev.relais.proto.contacts.v1.OptOutRecord;
import dev.relais.proto.contacts.v1.QueuedMessageRecord;
import java.io.PrintWriter;
import java.util.List;
import java.util.TreeMap;

/** A contact export as a person reads it (the JSON form is the service's own). */
final class ContactExportText {

  private ContactExportText() {}

  static void print(ContactExport export, PrintWriter out) {
    out.printf("Number %s, exported %s%n", export.getPhone(), time(export.getExportedAt()));
    if (export.hasContact()) {
      Contact c = export.getContact();
      out.println("Contact");
      field(out, "first name", c.getFirstName());
      field(out, "last name", c.getLastName());
      field(out, "city", c.getCity());
      field(out, "postal code", c.getPostalCode());
      field(out, "region", c.getRegion());
      field(out, "lists", String.join(", ", c.getListsList()));
      field(out, "tags", String.join(", ", c.getTagsList()));
      new TreeMap<>(c.getAttributesMap()).forEach((k, v) -> field(out, k, v));
      field(
          out,
          "marketing consent",
          c.getMarketingConsent()
              ? "yes" + (c.hasConsentAt() ? ", since " + time(c.getConsentAt()) : "")
              : c.getConsentPending()
                  ? "pending confirmation, asked " + time(c.getConsentRequestedAt())
                  : "no");
      field(
          out,
          "opted out",
          c.getOptedOut()
              ? "yes" + (c.hasOptedOutAt() ? ", " + time(c.getOptedOutAt()) : "")
              : "no");
      if (c.hasLastInteractionAt()) {
        field(out, "last interaction", time(c.getLastInteractionAt()));
      }
    } else {
      out.println("Contact: none (the number is not in any list)");
    }
    section(out, "Consent evidence", export.getConsentHistoryList());
    for (ConsentEvidence e : export.getConsentHistoryList()) {
      out.printf(
          "  %s  %s %s, source %s%s%n",
          time(e.getAt()),
          e.getPurpose(),
          e.getGranted() ? "granted" : "withdrawn",
          e.getSource(),
          e.getWording().isEmpty() ? "" : ", wording \"" + e.getWording() + "\"");
    }
    section(out, "Opt-outs", export.getOptOutsList());
    for (OptOutRecord o : export.getOptOutsList()) {
      out.printf("  %s  %s%n", time(o.getAt()), o.getSource());
    }
    section(out, "Marketing campaigns sent (last 90 days)", export.getMarketingSendsList());
    for (MarketingSend s : export.getMarketingSendsList()) {
      out.printf(
          "  %s  %s%s%s%n",
          time(s.getSentAt()),
          s.getCampaignId(),
          s.getMessageId().isEmpty() ? "" : "  message " + s.getMessageId(),
          s.getVariant().isEmpty() ? "" : "  variant " + s.getVariant());
    }
    section(
        out, "Texts received that no rule understood (last 30 days)", export.getInboundTextsList());
    for (InboundText t : export.getInboundTextsList()) {
      out.printf("  %s  route %s  to %s%n", time(t.getReceivedAt()), t.getRoute(), t.getTo());
      out.printf("    \"%s\"%n", t.getText());
    }
    if (export.getQueueSearched()) {
      section(out, "Messages in the dispatch queue", export.getQueuedMessagesList());
      for (QueuedMessageRecord m : export.getQueuedMessagesList()) {
        out.printf(
            "  due %s  %s  campaign %s  route %s  from %s  %d part(s)  message %s%n",
            time(m.getDueAt()),
            m.getUnsent() ? "not sent yet" : "passed by dispatch",
            m.getCampaignId(),
            m.getRoute(),
            m.getSender(),
            m.getParts(),
            m.getMessageId());
        out.printf("    \"%s\"%n", m.getBody());
      }
    } else {
      out.println("Messages in the dispatch queue: not searched");
    }
    if (export.getSuppressedAfterErasure()) {
      out.println(
          "Suppressed: the number was erased after opting out; only a keyed hash of it is kept,"
              + " so that it never gets marketing again");
    }
  }

  private static void section(PrintWriter out, String title, List<?> items) {
    out.println(title + (items.isEmpty() ? ": none" : ""));
  }

  private static void field(PrintWriter out, String name, String value) {
    if (!value.isEmpty()) {
      out.printf("  %-18s %s%n", name, value);
    }
  }

  static String time(Timestamp t) {
    return ProtoTime.instant(t).toString();
  }
}
