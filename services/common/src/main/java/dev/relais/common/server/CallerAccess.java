package dev.relais.common.server;

import static java.util.Map.entry;

import dev.relais.common.config.ServiceConfig;
import dev.relais.proto.analytics.v1.ConversionsServiceGrpc;
import dev.relais.proto.contacts.v1.ContactsServiceGrpc;
import dev.relais.proto.links.v1.LinksServiceGrpc;
import dev.relais.proto.scheduler.v1.QueueErasureServiceGrpc;
import io.grpc.MethodDescriptor;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which callers may use the RPCs that change or return personal data: the one table of the
 * platform, applied to every call when mutual TLS identifies callers.
 *
 * <p>An RPC is allowed to roles ({@link Caller}); each role is a set of certificate identities
 * ({@link CallerIdentity}), set by {@code callers.<role>} (comma-separated) or its default. An RPC
 * that is not in the table (a count, a filter check) is open to any caller with a valid
 * certificate.
 */
public final class CallerAccess {

  /** The roles of the callers of personal-data RPCs. */
  public enum Caller {
    /** People and their tools: the CLI, a CRM integration. */
    ADMIN("relais-admin"),
    /** Expands campaigns: reads audiences, records marketing sends. */
    SCHEDULER("relais-scheduler"),
    /** Sends messages: reads opt-outs, records STOP replies and other inbound messages. */
    DISPATCH("relais-dispatch"),
    /** Holds the contacts: erases and exports a contact's queued messages and tracked links. */
    CONTACTS("relais-contacts"),
    /**
     * Attributes conversions: reads a contact's messages with tracked links, and its marketing
     * messages.
     */
    ANALYTICS("relais-analytics"),
    /** A shop's backend: reports orders (conversions) with the customer's number. */
    SHOP("relais-shop");

    private final String defaultIdentity;

    Caller(String defaultIdentity) {
      this.defaultIdentity = defaultIdentity;
    }

    /** The configuration key of this role's identities, e.g. callers.admin. */
    public String setting() {
      return "callers." + name().toLowerCase();
    }

    /** The identity of this role when {@link #setting()} is not set. */
    public String defaultIdentity() {
      return defaultIdentity;
    }
  }

  /** The personal-data RPCs, by full method name, and the roles allowed to call them. */
  static final Map<String, Set<Caller>> PERSONAL_DATA =
      Map.ofEntries(
          allow(ContactsServiceGrpc.getImportContactsMethod(), Caller.ADMIN),
          allow(ContactsServiceGrpc.getGetContactMethod(), Caller.ADMIN),
          allow(ContactsServiceGrpc.getExportContactMethod(), Caller.ADMIN),
          allow(ContactsServiceGrpc.getEraseContactMethod(), Caller.ADMIN),
          allow(ContactsServiceGrpc.getResubscribeMethod(), Caller.ADMIN),
          allow(ContactsServiceGrpc.getListInboundTextsMethod(), Caller.ADMIN),
          allow(ContactsServiceGrpc.getOptOutMethod(), Caller.ADMIN, Caller.DISPATCH),
          allow(ContactsServiceGrpc.getProcessInboundMethod(), Caller.DISPATCH),
          allow(ContactsServiceGrpc.getListOptOutsMethod(), Caller.DISPATCH),
          allow(ContactsServiceGrpc.getListAudienceMethod(), Caller.SCHEDULER),
          allow(ContactsServiceGrpc.getRecordMarketingSendsMethod(), Caller.SCHEDULER),
          allow(ContactsServiceGrpc.getListMarketingMessagesMethod(), Caller.ANALYTICS),
          allow(QueueErasureServiceGrpc.getEraseQueuedMessagesMethod(), Caller.CONTACTS),
          allow(QueueErasureServiceGrpc.getExportQueuedMessagesMethod(), Caller.CONTACTS),
          allow(LinksServiceGrpc.getCreateLinksMethod(), Caller.SCHEDULER),
          allow(LinksServiceGrpc.getEraseContactLinksMethod(), Caller.CONTACTS),
          allow(LinksServiceGrpc.getExportContactLinksMethod(), Caller.CONTACTS),
          allow(LinksServiceGrpc.getListContactMessagesMethod(), Caller.ANALYTICS),
          allow(ConversionsServiceGrpc.getRecordConversionMethod(), Caller.ADMIN, Caller.SHOP));

  private final Map<Caller, Set<String>> identities;

  private CallerAccess(Map<Caller, Set<String>> identities) {
    this.identities = identities;
  }

  /** The table with the identities of {@code callers.admin}, {@code callers.scheduler}... */
  public static CallerAccess from(ServiceConfig config) {
    Map<Caller, Set<String>> identities = new EnumMap<>(Caller.class);
    for (Caller caller : Caller.values()) {
      identities.put(
          caller,
          Arrays.stream(config.string(caller.setting(), caller.defaultIdentity()).split(","))
              .map(String::strip)
              .filter(name -> !name.isEmpty())
              .collect(Collectors.toUnmodifiableSet()));
    }
    return new CallerAccess(identities);
  }

  /** Whether {@code identity} may call the RPC {@code fullMethodName}. */
  public boolean allows(String fullMethodName, String identity) {
    Set<Caller> allowed = PERSONAL_DATA.get(fullMethodName);
    return allowed == null
        || allowed.stream().anyMatch(role -> identities.get(role).contains(identity));
  }

  private static Map.Entry<String, Set<Caller>> allow(
      MethodDescriptor<?, ?> method, Caller first, Caller... more) {
    return entry(method.getFullMethodName(), Set.copyOf(EnumSet.of(first, more)));
  }
}
