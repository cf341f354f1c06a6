package dev.relais.contacts.api;

import static dev.relais.common.time.ProtoTime.instant;
import static dev.relais.common.time.ProtoTime.timestamp;

import dev.relais.common.grpc.GrpcErrors;
import dev.relais.common.privacy.PersonalData;
import dev.relais.common.privacy.PrivacyKey;
import dev.relais.contacts.consent.ConfirmationKeywords;
import dev.relais.contacts.consent.DoubleOptIn;
import dev.relais.contacts.consent.ResubscribeKeywords;
import dev.relais.contacts.consent.Resubscription;
import dev.relais.contacts.gdpr.ContactErasure;
import dev.relais.contacts.gdpr.ContactExporter;
import dev.relais.contacts.gdpr.ContactLinks;
import dev.relais.contacts.gdpr.NumberErasure;
import dev.relais.contacts.gdpr.QueueErasure;
import dev.relais.contacts.gdpr.UnreachableException;
import dev.relais.contacts.importing.ContactImport;
import dev.relais.contacts.optout.OptOutKeywords;
import dev.relais.contacts.optout.OptOutRecorder;
import dev.relais.contacts.segment.SegmentFilter;
import dev.relais.contacts.segment.SegmentFilterException;
import dev.relais.contacts.store.AudienceReader;
import dev.relais.contacts.store.AudienceToken;
import dev.relais.contacts.store.ContactsTable;
import dev.relais.contacts.store.InboundTexts;
import dev.relais.contacts.store.MarketingSends;
import dev.relais.contacts.store.OptOutFeed;
import dev.relais.contacts.store.SegmentEstimator;
import dev.relais.proto.contacts.v1.Contact;
import dev.relais.proto.contacts.v1.ContactExport;
import dev.relais.proto.contacts.v1.ContactsServiceGrpc;
import dev.relais.proto.contacts.v1.EraseContactRequest;
import dev.relais.proto.contacts.v1.EraseContactResponse;
import dev.relais.proto.contacts.v1.EstimateSegmentRequest;
import dev.relais.proto.contacts.v1.ExportContactRequest;
import dev.relais.proto.contacts.v1.GetContactRequest;
import dev.relais.proto.contacts.v1.ImportContactsRequest;
import dev.relais.proto.contacts.v1.ImportReport;
import dev.relais.proto.contacts.v1.InboundAction;
import dev.relais.proto.contacts.v1.InboundMessage;
import dev.relais.proto.contacts.v1.InboundResult;
import dev.relais.proto.contacts.v1.ListAudienceRequest;
import dev.relais.proto.contacts.v1.ListAudienceResponse;
import dev.relais.proto.contacts.v1.ListInboundTextsRequest;
import dev.relais.proto.contacts.v1.ListInboundTextsResponse;
import dev.relais.proto.contacts.v1.ListMarketingMessagesRequest;
import dev.relais.proto.contacts.v1.ListMarketingMessagesResponse;
import dev.relais.proto.contacts.v1.ListOptOutsRequest;
import dev.relais.proto.contacts.v1.ListOptOutsResponse;
import dev.relais.proto.contacts.v1.OptOutEntry;
import dev.relais.proto.contacts.v1.OptOutRequest;
import dev.relais.proto.contacts.v1.OptOutResponse;
import dev.relais.proto.contacts.v1.OptOutSource;
import dev.relais.proto.contacts.v1.RecordMarketingSendsRequest;
import dev.relais.proto.contacts.v1.RecordMarketingSendsResponse;
import dev.relais.proto.contacts.v1.ResubscribeRequest;
import dev.relais.proto.contacts.v1.ResubscribeResponse;
import dev.relais.proto.contacts.v1.SegmentEstimate;
import dev.relais.proto.contacts.v1.ValidateSegmentFilterRequest;
import dev.relais.proto.contacts.v1.ValidateSegmentFilterResponse;
import dev.relais.sms.phone.PhoneNumbers;
import dev.relais.sms.phone.Regions;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Logger;

/** The {@code relais.contacts.v1.ContactsService} gRPC API. */
public final class ContactsGrpcService extends ContactsServiceGrpc.ContactsServiceImplBase {

  private static final Logger LOG = Logger.getLogger(ContactsGrpcService.class.getName());

  /** Page size when the caller gives none. */
  public static final int DEFAULT_PAGE_SIZE = 500;

  /** Numbers per RecordMarketingSends call: one expansion page, bounded memory. */
  public static final int MAX_SENDS_PER_CALL = 10_000;

  /** Largest page served, whatever the caller asks: pages are held in memory on both sides. */
  public static final int MAX_PAGE_SIZE = 5000;

  private final ContactImport.Resources imports;
  private final ContactsTable contacts;
  private final OptOutRecorder optOuts;
  private final AudienceReader audience;
  private final OptOutFeed optOutFeed;
  private final SegmentEstimator estimator;
  private final MarketingSends marketingSends;
  private final DoubleOptIn doubleOptIn;
  private final Resubscription resubscription;
  private final Clock clock;
  private final NumberErasure erasure;
  private final ContactExporter exporter;
  private final InboundTexts inboundTexts;
  private final String defaultRegion;
  private final PrivacyKey privacyKey;

  public ContactsGrpcService(
      ContactImport.Resources imports,
      ContactsTable contacts,
      OptOutRecorder optOuts,
      AudienceReader audience,
      OptOutFeed optOutFeed,
      SegmentEstimator estimator,
      MarketingSends marketingSends,
      DoubleOptIn doubleOptIn,
      Resubscription resubscription,
      NumberErasure erasure,
      ContactExporter exporter,
      InboundTexts inboundTexts,
      Clock clock,
      PrivacyKey privacyKey) {
    this.imports = imports;
    this.privacyKey = privacyKey;
    this.resubscription = resubscription;
    this.inboundTexts = inboundTexts;
    this.clock = clock;
    this.erasure = erasure;
    this.exporter = exporter;
    this.doubleOptIn = doubleOptIn;
    this.marketingSends = marketingSends;
    this.estimator = estimator;
    this.optOutFeed = optOutFeed;
    this.contacts = contacts;
    this.optOuts = optOuts;
    this.audience = audience;
    this.defaultRegion = imports.defaultRegion();
  }

  @Override
  public StreamObserver<ImportContactsRequest> importContacts(
      StreamObserver<ImportReport> responses) {
    return ContactImport.start(imports, responses);
  }

  @Override
  public void getContact(GetContactRequest request, StreamObserver<Contact> responses) {
    handle(
        responses,
        () -> {
          String phone = lookupNumber(request.getPhone(), request.getDefaultRegion());
          return contacts
              .find(phone)
              .orElseThrow(() ->
                  Status.NOT_FOUND
                      .withDescription("no contact with this number")
                      .asRuntimeException());
        });
  }

  @Override
  public void optOut(OptOutRequest request, StreamObserver<OptOutResponse> responses) {
    handle(
        responses,
        () -> {
          String region = region(request.getDefaultRegion());
          PhoneNumbers.Normalised number =
              normalised(PhoneNumbers.normalise(request.getPhone(), region));
          String source =
              request.getSource() == OptOutSource.OPT_OUT_SOURCE_UNSPECIFIED
                  ? "API"
                  : request.getSource().name().substring("OPT_OUT_SOURCE_".length());
          boolean already = optOuts.optOut(number.e164(), number.region(), source, clock.instant());
          return OptOutResponse.newBuilder().setAlreadyOptedOut(already).build();
        });
  }

  @Override
  public void processInbound(InboundMessage request, StreamObserver<InboundResult> responses) {
    handle(
        responses,
        () -> {
          PhoneNumbers.Result sender =
              PhoneNumbers.normaliseSender(request.getFrom(), defaultRegion);
          boolean stop = OptOutKeywords.isOptOut(request.getText());
          if (!(sender instanceof PhoneNumbers.Normalised number)) {
            if (stop) {
              // Cannot be honoured without a number: say so loudly, without the number itself.
              LOG.warning(() ->
                  "STOP keyword from an unparseable sender ("
                      + PersonalData.maskPhone(request.getFrom())
                      + ") on route "
                      + request.getRoute()
                      + " was not recorded");
            }
            return InboundResult.newBuilder().setAction(InboundAction.INBOUND_ACTION_NONE).build();
          }
          InboundResult.Builder result = InboundResult.newBuilder().setPhone(number.e164());
          Instant at = request.hasReceivedAt() ? instant(request.getReceivedAt()) : clock.instant();
          // Any reply is a sign of life for inactivity segments, even STOP (suppression wins).
          contacts.recordInteraction(number.e164(), at);
          if (!stop) {
            InboundAction resubscribing = resubscriptionStep(number.e164(), request.getText(), at);
            if (resubscribing != null) {
              return result.setAction(resubscribing).build();
            }
            if (ConfirmationKeywords.isConfirmation(request.getText())
                && doubleOptIn.confirm(number.e164(), request.getText(), at)) {
              LOG.info(() ->
                  "double opt-in confirmed by "
                      + PersonalData.hashPhone(number.e164(), privacyKey));
              return result.setAction(InboundAction.INBOUND_ACTION_CONSENT_CONFIRMED).build();
            }
            // Not understood: kept for a person to read (ListInboundTexts), never logged.
            inboundTexts.store(
                number.e164(), at, request.getRoute(), request.getTo(), request.getText());
            return result.setAction(InboundAction.INBOUND_ACTION_NONE).build();
          }
          optOuts.optOut(number.e164(), number.region(), "KEYWORD", at);
          LOG.info(
              () -> "opt-out by keyword from " + PersonalData.hashPhone(number.e164(), privacyKey));
          return result.setAction(InboundAction.INBOUND_ACTION_OPTED_OUT).build();
        });
  }

  /**
   * The re-subscription steps of a reply that is not STOP: START from an opted-out contact opens
   * one, a confirmation closes a pending one; null when the reply is about none.
   */
  private InboundAction resubscriptionStep(String phone, String text, Instant at) {
    if (ResubscribeKeywords.isResubscribe(text)) {
      if (!resubscription.request(phone, text, at)) {
        return null;
      }
      LOG.info(() -> "re-subscription asked by " + PersonalData.hashPhone(phone, privacyKey));
      return InboundAction.INBOUND_ACTION_RESUBSCRIBE_REQUESTED;
    }
    if (!ConfirmationKeywords.isConfirmation(text)) {
      return null;
    }
    return switch (resubscription.confirm(phone, text, at)) {
      case LIFTED -> {
        LOG.info(
            () -> "opt-out lifted by keyword for " + PersonalData.hashPhone(phone, privacyKey));
        yield InboundAction.INBOUND_ACTION_OPT_OUT_LIFTED;
      }
      case EXPIRED -> InboundAction.INBOUND_ACTION_NONE;
      case NOT_PENDING -> null;
    };
  }

  @Override
  public void resubscribe(
      ResubscribeRequest request, StreamObserver<ResubscribeResponse> responses) {
    handle(
        responses,
        () -> {
          String phone = lookupNumber(request.getPhone(), request.getDefaultRegion());
          Instant optedOutAt;
          try {
            optedOutAt =
                resubscription.lift(
                    phone,
                    new Resubscription.Evidence(
                        request.getSource(),
                        request.getWording(),
                        request.getProof(),
                        request.hasConsentedAt() ? instant(request.getConsentedAt()) : null));
          } catch (Resubscription.RefusedException e) {
            throw (e.precondition() ? Status.FAILED_PRECONDITION : Status.INVALID_ARGUMENT)
                .withDescription(e.getMessage())
                .asRuntimeException();
          }
          LOG.info(() ->
              "opt-out lifted through the API for " + PersonalData.hashPhone(phone, privacyKey));
          return ResubscribeResponse.newBuilder().setOptedOutAt(timestamp(optedOutAt)).build();
        });
  }

  @Override
  public void listInboundTexts(
      ListInboundTextsRequest request, StreamObserver<ListInboundTextsResponse> responses) {
    handle(
        responses,
        () -> {
          int pageSize = pageSize(request.getPageSize());
          InboundTexts.Page page;
          try {
            InboundTexts.Position from =
                request.getPageToken().isEmpty()
                    ? null
                    : InboundTexts.Position.decode(request.getPageToken());
            page =
                inboundTexts.read(
                    request.hasSince() ? instant(request.getSince()) : null, from, pageSize);
          } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
          }
          ListInboundTextsResponse.Builder response = ListInboundTextsResponse.newBuilder();
          page.texts().forEach(text -> response.addTexts(ContactExporter.inboundText(text)));
          return response.setNextPageToken(page.next() == null ? "" : page.next().encode()).build();
        });
  }

  @Override
  public void listAudience(
      ListAudienceRequest request, StreamObserver<ListAudienceResponse> responses) {
    handle(
        responses,
        () -> {
          int pageSize = pageSize(request.getPageSize());
          String list = request.getFilter().getList().strip();
          List<String> tags = audienceTags(request.getFilter().getTagsList());
          SegmentFilter segment = segment(request.getSegmentFilter(), "segment_filter");
          AudienceReader.Page page;
          try {
            AudienceToken from =
                request.getPageToken().isEmpty()
                    ? null
                    : AudienceToken.decode(request.getPageToken());
            page = audience.read(list, tags, segment, from, pageSize);
          } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
          }
          return ListAudienceResponse.newBuilder()
              .addAllContacts(page.contacts())
              .setNextPageToken(page.next() == null ? "" : page.next().encode())
              .build();
        });
  }

  @Override
  public void listOptOuts(
      ListOptOutsRequest request, StreamObserver<ListOptOutsResponse> responses) {
    handle(
        responses,
        () -> {
          int pageSize = pageSize(request.getPageSize());
          ListOptOutsResponse.Builder response = ListOptOutsResponse.newBuilder();
          if (request.hasAfterPosition()) {
            if (request.getAfterPosition() < 0) {
              throw invalid("after_position must not be negative");
            }
            OptOutFeed.LogPage page = optOutFeed.readLog(request.getAfterPosition(), pageSize);
            page.entries().forEach(entry -> addEntry(response, entry));
            return response
                .setLogPosition(page.position())
                .setNextPageToken(page.more() ? "more" : "")
                .build();
          }
          // Read first: every opt-out recorded after it is on the pages or after it in the log.
          long logPosition = optOutFeed.logPosition();
          OptOutFeed.Page page;
          try {
            OptOutFeed.Position from =
                request.getPageToken().isEmpty()
                    ? null
                    : OptOutFeed.Position.decode(request.getPageToken());
            page =
                optOutFeed.read(
                    request.hasSince() ? instant(request.getSince()) : null, from, pageSize);
          } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
          }
          page.entries().forEach(entry -> addEntry(response, entry));
          return response
              .setNextPageToken(page.next() == null ? "" : page.next().encode())
              .setReadAt(timestamp(page.readAt()))
              .setLogPosition(logPosition)
              .build();
        });
  }

  private static void addEntry(ListOptOutsResponse.Builder response, OptOutFeed.Entry entry) {
    OptOutEntry.Builder added =
        response
            .addEntriesBuilder()
            .setPhone(entry.phone())
            .setAt(timestamp(entry.at()))
            .setLifted(entry.lifted());
    if (entry.traceparent() != null) {
      added.setTraceparent(entry.traceparent());
    }
  }

  /** Tags an audience must carry, as contacts store them: trimmed, lower case, each once. */
  private static List<String> audienceTags(List<String> requested) {
    return requested.stream()
        .map(t -> t.strip().toLowerCase(Locale.ROOT))
        .filter(t -> !t.isEmpty())
        .distinct()
        .toList();
  }

  @Override
  public void estimateSegment(
      EstimateSegmentRequest request, StreamObserver<SegmentEstimate> responses) {
    handle(
        responses,
        () -> {
          SegmentFilter segment = segment(request.getFilter(), "filter");
          if (request.getSample() < 0) {
            throw invalid("sample must not be negative");
          }
          List<String> tags = audienceTags(request.getTagsList());
          SegmentEstimator.Estimate estimate;
          try {
            estimate =
                estimator.estimate(request.getList().strip(), tags, segment, request.getSample());
          } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
          }
          return SegmentEstimate.newBuilder()
              .setEstimatedSize(estimate.estimatedSize())
              .setScanned(estimate.scanned())
              .setMatched(estimate.matched())
              .setPartitionsScanned(estimate.bucketsScanned())
              .setExact(estimate.exact())
              .setCanonicalFilter(segment.canonical())
              .build();
        });
  }

  @Override
  public void validateSegmentFilter(
      ValidateSegmentFilterRequest request,
      StreamObserver<ValidateSegmentFilterResponse> responses) {
    handle(
        responses,
        () -> {
          try {
            SegmentFilter segment = SegmentFilter.parse(request.getFilter());
            return ValidateSegmentFilterResponse.newBuilder()
                .setValid(true)
                .setCanonicalFilter(segment.canonical())
                .build();
          } catch (SegmentFilterException e) {
            return ValidateSegmentFilterResponse.newBuilder()
                .setValid(false)
                .setError(e.getMessage())
                .setErrorColumn(e.column())
                .build();
          }
        });
  }

  @Override
  public void recordMarketingSends(
      RecordMarketingSendsRequest request, StreamObserver<RecordMarketingSendsResponse> responses) {
    handle(
        responses,
        () -> {
          String campaign = request.getCampaignId().strip();
          if (campaign.isEmpty() || campaign.length() > 253) {
            throw invalid("campaign_id must be 1 to 253 characters");
          }
          if (request.getRecipientsCount() > MAX_SENDS_PER_CALL) {
            throw invalid("at most " + MAX_SENDS_PER_CALL + " recipients per call");
          }
          Instant now = clock.instant();
          Instant sentAt = request.hasSentAt() ? instant(request.getSentAt()) : now;
          if (sentAt.isAfter(now.plus(Duration.ofDays(31)))) {
            throw invalid("sent_at is more than a month ahead");
          }
          List<MarketingSends.Recipient> recipients;
          try {
            recipients = MarketingRecipients.of(request.getRecipientsList(), defaultRegion);
          } catch (MarketingRecipients.RefusedException e) {
            throw invalid(e.getMessage() + " (nothing was recorded)");
          }
          int recorded = marketingSends.record(campaign, sentAt, recipients, now);
          return RecordMarketingSendsResponse.newBuilder().setRecorded(recorded).build();
        });
  }

  @Override
  public void listMarketingMessages(
      ListMarketingMessagesRequest request,
      StreamObserver<ListMarketingMessagesResponse> responses) {
    handle(
        responses,
        () -> {
          String phone = lookupNumber(request.getPhone(), request.getDefaultRegion());
          Instant since = request.hasSince() ? instant(request.getSince()) : null;
          ListMarketingMessagesResponse.Builder response =
              ListMarketingMessagesResponse.newBuilder();
          for (MarketingSends.Send send : marketingSends.messages(phone, since)) {
            response.addMessages(ContactExporter.marketingSend(send));
          }
          return response.build();
        });
  }

  @Override
  public void eraseContact(
      EraseContactRequest request, StreamObserver<EraseContactResponse> responses) {
    handle(
        responses,
        () -> {
          String phone = lookupNumber(request.getPhone(), request.getDefaultRegion());
          NumberErasure.Result result;
          try {
            result = erasure.erase(phone);
          } catch (UnreachableException e) {
            LOG.warning(() ->
                "erasure of "
                    + PersonalData.hashPhone(phone, privacyKey)
                    + " incomplete, the caller must retry: "
                    + e.getMessage());
            throw Status.UNAVAILABLE
                .withDescription(
                    e.getMessage() + " (nothing is claimed erased; retry: erasure is idempotent)")
                .asRuntimeException();
          }
          ContactErasure.Result contact = result.contact();
          QueueErasure.Result queued = result.queued();
          ContactLinks.Erased links = result.links();
          LOG.info(() ->
              "erased "
                  + PersonalData.hashPhone(phone, privacyKey)
                  + (contact.found() ? "" : " (nothing held)")
                  + (contact.suppressionKept() ? ", suppression kept" : "")
                  + (queued.searched()
                      ? ", " + queued.erased() + " queued message(s) scrubbed"
                      : ", queue not searched")
                  + (links.searched()
                      ? ", " + links.erased() + " tracked link(s) erased"
                      : ", links not searched"));
          return EraseContactResponse.newBuilder()
              .setFound(contact.found())
              .setSuppressionKept(contact.suppressionKept())
              .setQueuedMessagesErased(queued.erased())
              .setQueuedMessagesUnsent(queued.unsent())
              .setQueueSearched(queued.searched())
              .setLinksErased(links.erased())
              .setLinksSearched(links.searched())
              .setLinksAggregateOnly(links.aggregateOnly())
              .build();
        });
  }

  @Override
  public void exportContact(ExportContactRequest request, StreamObserver<ContactExport> responses) {
    handle(
        responses,
        () -> {
          String phone = lookupNumber(request.getPhone(), request.getDefaultRegion());
          Optional<ContactExport> export;
          try {
            export = exporter.export(phone, erasure.queue(), erasure.links());
          } catch (UnreachableException e) {
            LOG.warning(() ->
                "export of "
                    + PersonalData.hashPhone(phone, privacyKey)
                    + " refused, the caller must retry: "
                    + e.getMessage());
            throw Status.UNAVAILABLE
                .withDescription(e.getMessage() + " (no export without them; retry)")
                .asRuntimeException();
          }
          return export.orElseThrow(() ->
              Status.NOT_FOUND
                  .withDescription("nothing is held about this number")
                  .asRuntimeException());
        });
  }

  /** A segment filter of a request, else INVALID_ARGUMENT naming the field and the position. */
  private static SegmentFilter segment(String filter, String field) {
    try {
      return SegmentFilter.parse(filter);
    } catch (SegmentFilterException e) {
      throw invalid(field + ": " + e.getMessage());
    }
  }

  /** A number for a look-up: any possible number, else INVALID_ARGUMENT. */
  private String lookupNumber(String raw, String requestRegion) {
    return normalised(PhoneNumbers.normalise(raw, region(requestRegion))).e164();
  }

  private PhoneNumbers.Normalised normalised(PhoneNumbers.Result result) {
    if (result instanceof PhoneNumbers.Normalised number) {
      return number;
    }
    throw invalid("phone: " + ((PhoneNumbers.Rejected) result).reason());
  }

  private String region(String requested) {
    if (requested == null || requested.isBlank()) {
      return defaultRegion;
    }
    return Regions.resolve(requested)
        .orElseThrow(() -> invalid("default_region is not an ISO 3166 region code such as FR"));
  }

  private static StatusRuntimeException invalid(String message) {
    return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
  }

  /** Runs a unary call: one answer, or a status that says what went wrong. */
  private static <T> void handle(StreamObserver<T> responses, UnaryCall<T> call) {
    GrpcErrors.answer(responses, "contacts", call::run);
  }

  /** The body of a unary call. */
  @FunctionalInterface
  private interface UnaryCall<T> {
    T run();
  }

  /** The page size a caller asked for: the default when 0, capped, never negative. */
  private static int pageSize(int requested) {
    if (requested < 0) {
      throw invalid("page_size must not be negative");
    }
    return requested == 0 ? DEFAULT_PAGE_SIZE : Math.min(requested, MAX_PAGE_SIZE);
  }
}
