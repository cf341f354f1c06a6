package dev.relais.cli.report;

import dev.relais.operator.api.Campaign;
import dev.relais.operator.api.CampaignSpec;
import dev.relais.operator.api.Condition;
import dev.relais.operator.model.CampaignKpis;
import dev.relais.proto.analytics.v1.CampaignStats;
import dev.relais.proto.analytics.v1.ErrorCodeCount;
import dev.relais.proto.analytics.v1.EventType;
import dev.relais.proto.analytics.v1.VariantStats;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Builds a campaign's {@link Report}: its figures as the Campaign status states them (the operator
 * keeps them, from the scheduler and analytics), completed with what only analytics knows (in
 * doubt, failures split by stage and error code, events over time).
 */
public final class CampaignReportBuilder {

  /** How the report shows a time, in the campaign's zone. */
  static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm:ss zzz", Locale.ENGLISH);

  private CampaignReportBuilder() {}

  /** The zone a campaign's times are shown in: its schedule's, Europe/Paris by default. */
  public static ZoneId zoneOf(Campaign campaign) {
    CampaignSpec spec = campaign.getSpec();
    String zone =
        spec == null || spec.schedule == null || spec.schedule.timeZone == null
            ? "Europe/Paris"
            : spec.schedule.timeZone;
    try {
      return ZoneId.of(zone);
    } catch (RuntimeException e) {
      return ZoneId.of("Europe/Paris");
    }
  }

  /** The report of {@code results}. */
  public static Report build(CampaignResults results) {
    ZoneId zone = zoneOf(results.campaign());
    Campaign.Status status = results.status();
    CampaignStats stats = results.stats();
    List<Report.Section> sections = new ArrayList<>();
    sections.add(new Report.Section("results", "Results", List.of(summary(status, stats))));
    sections.add(
        new Report.Section(
            "delivery-over-time",
            "Delivery over time",
            List.of(DeliveryTimeline.chart(results.timeline()))));
    sections.add(new Report.Section("outcomes", "Outcomes", outcomes(status, stats, results)));
    sections.add(
        new Report.Section(
            "engagement",
            "Clicks, conversions and return",
            List.of(engagement(status, stats, kpis(status, stats)))));
    variants(status, stats)
        .ifPresent(v -> {
          List<Report.Block> blocks = new ArrayList<>();
          blocks.add(v);
          blocks.addAll(variantComparison(status, stats));
          sections.add(new Report.Section("variants", "A/B variants", blocks));
        });
    AbTestSection.of(status, zone).ifPresent(sections::add);
    sections.add(new Report.Section("audience", "Audience and suppressions", audience(status)));
    sections.add(new Report.Section("cost", "Cost", cost(status, stats)));
    return new Report("Campaign " + results.id(), facts(results, zone), sections);
  }

  /**
   * One row per A/B variant: its queued messages, then its weight, what analytics counts for it and
   * how its template travels. Empty for a campaign without variants.
   */
  static Optional<Report.Figures> variants(Campaign.Status status, CampaignStats stats) {
    Map<String, VariantStats> counted = new LinkedHashMap<>();
    stats.getVariantsList().forEach(v -> counted.put(v.getVariant(), v));
    List<Campaign.VariantStatus> declared = status.variants == null ? List.of() : status.variants;
    List<String> names = new ArrayList<>();
    declared.forEach(v -> names.add(v.name));
    counted.keySet().stream().filter(n -> !names.contains(n)).forEach(names::add);
    if (names.isEmpty()) {
      return Optional.empty();
    }
    List<Report.Figure> rows = new ArrayList<>();
    for (String name : names) {
      Campaign.VariantStatus variant =
          declared.stream().filter(v -> name.equals(v.name)).findFirst().orElse(null);
      VariantStats analytics = counted.getOrDefault(name, VariantStats.getDefaultInstance());
      List<String> detail = new ArrayList<>();
      if (variant != null && variant.weight != null) {
        detail.add("weight " + variant.weight);
      }
      detail.add(Numbers.count(analytics.getSubmitted()) + " submitted");
      detail.add(
          Numbers.count(analytics.getDelivered())
              + " delivered"
              + (analytics.getSubmitted() == 0
                  ? ""
                  : " (" + Numbers.percent(analytics.getDeliveryRate()) + ")"));
      detail.add(
          Numbers.count(analytics.getSubmitFailed() + analytics.getUndelivered()) + " failed");
      if (variant != null && variant.encoding != null && variant.encoding.encoding != null) {
        detail.add(
            variant.encoding.encoding
                + ", "
                + variant.encoding.parts
                + (Objects.equals(variant.encoding.parts, 1) ? " part" : " parts"));
      }
      long queued =
          variant != null && variant.queued != null ? variant.queued : analytics.getQueued();
      rows.add(
          new Report.Figure(
              "Variant " + name + " queued", new Report.Count(queued), String.join(", ", detail)));
    }
    return Optional.of(new Report.Figures(rows));
  }

  /**
   * The campaign's KPIs ({@link CampaignKpis}, the arithmetic the Campaign status uses): clicks as
   * the status states them (the operator has them from the links service), conversions and revenue
   * as analytics counts them now, the cost from the status.
   */
  static CampaignKpis kpis(Campaign.Status status, CampaignStats stats) {
    return new CampaignKpis(
        or(status.delivered, stats.getDelivered()),
        or(status.optedOut, stats.getOptedOut()),
        clicks(status.kpis),
        stats.getConversions(),
        revenue(stats.getRevenueList()),
        status.cost == null
            ? List.of()
            : CampaignKpis.Money.parse(status.cost.amount, status.cost.currency).stream().toList());
  }

  /** One A/B variant's KPIs, from its entry in the status and its counts in analytics. */
  static CampaignKpis kpis(Campaign.VariantStatus variant, VariantStats stats) {
    return new CampaignKpis(
        stats.getDelivered(),
        stats.getOptedOut(),
        variant == null ? Optional.empty() : clicks(variant.kpis),
        stats.getConversions(),
        revenue(stats.getRevenueList()),
        variant == null || variant.cost == null
            ? List.of()
            : variant.cost.stream()
                .flatMap(m -> CampaignKpis.Money.parse(m.amount, m.currency).stream())
                .toList());
  }

  private static Optional<CampaignKpis.Clicks> clicks(Campaign.Kpis kpis) {
    // Clicks without a unique count: the links service keeps tracking aggregate-only.
    return kpis == null || kpis.clicks == null
        ? Optional.empty()
        : Optional.of(
            new CampaignKpis.Clicks(
                kpis.clicks,
                kpis.uniqueClicks == null
                    ? OptionalLong.empty()
                    : OptionalLong.of(kpis.uniqueClicks),
                or(kpis.botClicks, 0)));
  }

  private static List<CampaignKpis.Money> revenue(
      List<dev.relais.proto.analytics.v1.Money> revenue) {
    return revenue.stream()
        .flatMap(m -> CampaignKpis.Money.parse(m.getAmount(), m.getCurrency()).stream())
        .toList();
  }

  private static Report.Figures engagement(
      Campaign.Status status, CampaignStats stats, CampaignKpis kpis) {
    List<Report.Figure> figures = new ArrayList<>();
    figures.add(
        kpis.clicks()
            .map(c ->
                c.uniqueClicks().isPresent()
                    ? new Report.Figure(
                        "Unique clicks",
                        new Report.Count(c.uniqueClicks().getAsLong()),
                        Numbers.count(c.clicks())
                            + " clicks in all; "
                            + Numbers.count(c.botClicks())
                            + " by link previews and bots, not counted")
                    : new Report.Figure(
                        "Clicks",
                        new Report.Count(c.clicks()),
                        "aggregate-only tracking: unique clicks are not counted; "
                            + Numbers.count(c.botClicks())
                            + " by link previews and bots, not counted"))
            .orElse(
                new Report.Figure(
                    "Unique clicks",
                    new Report.Text("not tracked"),
                    "no tracked link in the campaign, or no links service")));
    figures.add(rate("Click rate", kpis.clickRate(), "unique clicks / delivered"));
    figures.add(rate("Opt-out rate", kpis.optOutRate(), "opt-outs / delivered"));
    figures.add(
        new Report.Figure(
            "Conversions",
            new Report.Count(kpis.conversions()),
            "orders attributed to the campaign's messages"));
    figures.add(rate("Conversion rate", kpis.conversionRate(), "conversions / delivered"));
    if (kpis.revenue().isEmpty()) {
      figures.add(new Report.Figure("Revenue", new Report.Text("none recorded")));
    }
    // One figure per currency, named after it when there are several.
    boolean currencies = kpis.revenue().size() > 1;
    for (CampaignKpis.Money revenue : kpis.revenue()) {
      figures.add(
          new Report.Figure(
              currencies ? "Revenue (" + revenue.currency() + ")" : "Revenue",
              new Report.Money(revenue.amountText(), revenue.currency()),
              "of the conversions"));
    }
    for (CampaignKpis.Money perMessage : kpis.revenuePerMessage()) {
      figures.add(
          new Report.Figure(
              currencies
                  ? "Revenue per message (" + perMessage.currency() + ")"
                  : "Revenue per message",
              new Report.Money(perMessage.amountText(), perMessage.currency()),
              "revenue / delivered"));
    }
    figures.add(
        kpis.roi()
            .map(r ->
                new Report.Figure(
                    "ROI", new Report.Ratio(r.doubleValue()), "(revenue - cost) / cost"))
            .orElse(
                new Report.Figure(
                    "ROI",
                    new Report.Text("not known"),
                    kpis.cost().isEmpty()
                        ? "no cost in one currency known"
                        : "revenue in another currency than the cost")));
    return new Report.Figures(figures);
  }

  private static Report.Figure rate(String label, OptionalDouble rate, String detail) {
    return new Report.Figure(
        label,
        rate.isPresent() ? new Report.Ratio(rate.getAsDouble()) : new Report.Text("not known"),
        detail);
  }

  /**
   * The A/B variants side by side: a table of their KPIs, and their unique clicks and conversions
   * as bars.
   */
  static List<Report.Block> variantComparison(Campaign.Status status, CampaignStats stats) {
    List<Campaign.VariantStatus> declared = status.variants == null ? List.of() : status.variants;
    Map<String, VariantStats> counted = new LinkedHashMap<>();
    stats.getVariantsList().forEach(v -> counted.put(v.getVariant(), v));
    List<String> names = new ArrayList<>();
    declared.forEach(v -> names.add(v.name));
    counted.keySet().stream().filter(n -> !names.contains(n)).forEach(names::add);
    List<List<Report.Value>> rows = new ArrayList<>();
    List<Report.Bar> clicks = new ArrayList<>();
    List<Report.Bar> conversions = new ArrayList<>();
    for (String name : names) {
      Campaign.VariantStatus variant =
          declared.stream().filter(v -> name.equals(v.name)).findFirst().orElse(null);
      VariantStats analytics = counted.getOrDefault(name, VariantStats.getDefaultInstance());
      CampaignKpis kpis = kpis(variant, analytics);
      rows.add(
          List.of(
              new Report.Text(name),
              new Report.Count(kpis.delivered()),
              kpis.clicks()
                  .filter(c -> c.uniqueClicks().isPresent())
                  .<Report.Value>map(c -> new Report.Count(c.uniqueClicks().getAsLong()))
                  .orElse(Report.Table.ABSENT),
              cell(kpis.clickRate()),
              cell(kpis.optOutRate()),
              new Report.Count(kpis.conversions()),
              cell(kpis.conversionRate()),
              money(kpis.revenue()),
              money(kpis.cost()),
              kpis.roi()
                  .<Report.Value>map(r -> new Report.Ratio(r.doubleValue()))
                  .orElse(Report.Table.ABSENT)));
      kpis.clicks()
          .filter(c -> c.uniqueClicks().isPresent())
          .ifPresent(c ->
              clicks.add(new Report.Bar(name, c.uniqueClicks().getAsLong(), Report.Tone.GOOD)));
      conversions.add(new Report.Bar(name, kpis.conversions(), Report.Tone.GOOD));
    }
    List<Report.Block> blocks = new ArrayList<>();
    blocks.add(
        new Report.Table(
            "Variants compared",
            List.of(
                "Variant",
                "Delivered",
                "Unique clicks",
                "Click rate",
                "Opt-out rate",
                "Conversions",
                "Conversion rate",
                "Revenue",
                "Cost",
                "ROI"),
            rows));
    if (!clicks.isEmpty()) {
      blocks.add(new Report.BarChart("Unique clicks by variant", "clicks", clicks));
    }
    blocks.add(new Report.BarChart("Conversions by variant", "conversions", conversions));
    return blocks;
  }

  private static Report.Value cell(OptionalDouble rate) {
    return rate.isPresent() ? new Report.Ratio(rate.getAsDouble()) : Report.Table.ABSENT;
  }

  /** Amounts in one cell: "12.00 EUR", or "12.00 EUR + 5.00 USD"; absent when there is none. */
  private static Report.Value money(List<CampaignKpis.Money> amounts) {
    if (amounts.isEmpty()) {
      return Report.Table.ABSENT;
    }
    if (amounts.size() == 1) {
      return new Report.Money(amounts.get(0).amountText(), amounts.get(0).currency());
    }
    return new Report.Text(
        String.join(
            " + ",
            amounts.stream().map(m -> Numbers.money(m.amountText(), m.currency())).toList()));
  }

  private static List<Report.Fact> facts(CampaignResults results, ZoneId zone) {
    Campaign campaign = results.campaign();
    Campaign.Status status = results.status();
    List<Report.Fact> facts = new ArrayList<>();
    facts.add(new Report.Fact("Phase", Objects.requireNonNullElse(status.phase, "Pending")));
    parse(campaign.getMetadata().getCreationTimestamp())
        .ifPresent(t -> facts.add(new Report.Fact("Created", TIME.format(t.atZone(zone)))));
    CampaignSpec.Schedule schedule =
        campaign.getSpec() == null ? null : campaign.getSpec().schedule;
    facts.add(
        new Report.Fact(
            "Start",
            schedule == null || schedule.start == null
                ? "on creation"
                : parse(schedule.start)
                    .map(t -> TIME.format(t.atZone(zone)))
                    .orElse(schedule.start)));
    if (schedule != null && schedule.deadline != null) {
      facts.add(
          new Report.Fact(
              "Deadline",
              parse(schedule.deadline)
                  .map(t -> TIME.format(t.atZone(zone)))
                  .orElse(schedule.deadline)));
    }
    completedAt(status)
        .ifPresent(t -> facts.add(new Report.Fact("Completed", TIME.format(t.atZone(zone)))));
    facts.add(new Report.Fact("Report of", TIME.format(results.readAt().atZone(zone))));
    return facts;
  }

  private static Report.Figures summary(Campaign.Status status, CampaignStats stats) {
    List<Report.Figure> figures = new ArrayList<>();
    figures.add(figure("Audience", status.audience, "contacts read from the audience"));
    long suppressed = suppressed(status).values().stream().mapToLong(Long::longValue).sum();
    figures.add(
        new Report.Figure(
            "Suppressed",
            new Report.Count(suppressed),
            "left out before queueing, by reason below"));
    figures.add(figure("Queued", status.queued, "messages written to the dispatch queue"));
    long submitted = or(status.submitted, stats.getSubmitted());
    long delivered = or(status.delivered, stats.getDelivered());
    figures.add(
        new Report.Figure("Submitted", new Report.Count(submitted), "accepted by the SMSC"));
    figures.add(
        new Report.Figure("Delivered", new Report.Count(delivered), "confirmed by a receipt"));
    figures.add(
        new Report.Figure(
            "Delivery rate",
            status.deliveryRate != null
                ? new Report.Text(status.deliveryRate)
                : new Report.Ratio(stats.getDeliveryRate()),
            "delivered / submitted"));
    figures.add(
        new Report.Figure(
            "Failed",
            new Report.Count(or(status.failed, stats.getSubmitFailed() + stats.getUndelivered())),
            Numbers.count(stats.getSubmitFailed())
                + " refused at submission, "
                + Numbers.count(stats.getUndelivered())
                + " undelivered"));
    figures.add(
        new Report.Figure(
            "Expired",
            new Report.Count(or(status.expired, stats.getExpired())),
            "reached the deadline unsent"));
    figures.add(
        new Report.Figure(
            "In doubt",
            new Report.Count(stats.getInDoubt()),
            "sent again after an unanswered submit: may have arrived twice"));
    figures.add(
        new Report.Figure(
            "Delivery unknown",
            new Report.Count(or(status.deliveryUnknown, stats.getDeliveryUnknown())),
            "accepted without an SMSC id: no receipt can name them"));
    long optedOut = or(status.optedOut, stats.getOptedOut());
    OptionalDouble optOutRate = kpis(status, stats).optOutRate();
    figures.add(
        new Report.Figure(
            "Opt-outs",
            new Report.Count(optedOut),
            optOutRate.isEmpty()
                ? "replied STOP"
                : Numbers.percent(optOutRate.getAsDouble()) + " of delivered replied STOP"));
    if (status.cost != null && status.cost.amount != null) {
      figures.add(
          new Report.Figure(
              "Estimated cost",
              new Report.Money(status.cost.amount, status.cost.currency),
              Numbers.count(or(status.cost.pricedParts, 0)) + " SMS parts priced"));
    }
    return new Report.Figures(figures);
  }

  private static List<Report.Block> outcomes(
      Campaign.Status status, CampaignStats stats, CampaignResults results) {
    long queued = or(status.queued, stats.getQueued());
    long awaiting =
        stats.getSubmitted()
            - stats.getDelivered()
            - stats.getUndelivered()
            - stats.getDeliveryUnknown();
    long unsent = queued - stats.getSubmitted() - stats.getSubmitFailed() - stats.getExpired();
    List<Report.Bar> bars = new ArrayList<>();
    bars.add(new Report.Bar("Delivered", stats.getDelivered(), Report.Tone.GOOD));
    bars.add(new Report.Bar("Undelivered", stats.getUndelivered(), Report.Tone.BAD));
    bars.add(new Report.Bar("Refused at submission", stats.getSubmitFailed(), Report.Tone.BAD));
    bars.add(new Report.Bar("Expired", stats.getExpired(), Report.Tone.WARNING));
    bars.add(new Report.Bar("Delivery unknown", stats.getDeliveryUnknown(), Report.Tone.MUTED));
    bars.add(new Report.Bar("Awaiting receipt", Math.max(0, awaiting), Report.Tone.MUTED));
    bars.add(new Report.Bar("Not sent yet", Math.max(0, unsent), Report.Tone.NEUTRAL));
    List<Report.Block> blocks = new ArrayList<>();
    blocks.add(new Report.BarChart("Messages by outcome", "messages", bars));
    List<ErrorCodeCount> failures = results.timeline().getFailuresList();
    if (failures.isEmpty()) {
      blocks.add(new Report.Note("No failure recorded: no error code to show."));
    } else {
      blocks.add(
          new Report.BarChart(
              "Failures by error code",
              "messages",
              failures.stream()
                  .map(f -> new Report.Bar(errorLabel(f), f.getMessages(), Report.Tone.BAD))
                  .toList()));
    }
    return blocks;
  }

  /** "Undelivered, error 0x0b" or "Refused at submission, status 0x58". */
  static String errorLabel(ErrorCodeCount failure) {
    String code = String.format(Locale.ROOT, "0x%02x", failure.getErrorCode());
    return failure.getType() == EventType.EVENT_TYPE_SUBMIT_FAILED
        ? "Refused, status " + code
        : "Undelivered, error " + code;
  }

  private static List<Report.Block> audience(Campaign.Status status) {
    if (suppressed(status).isEmpty()) {
      return List.of(new Report.Note("No contact was left out."));
    }
    List<Report.Bar> bars =
        suppressed(status).entrySet().stream()
            .sorted(
                Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                    .thenComparing(Map.Entry.comparingByKey()))
            .map(e -> new Report.Bar(e.getKey(), e.getValue(), Report.Tone.WARNING))
            .toList();
    return List.of(new Report.BarChart("Suppressed by reason", "contacts", bars));
  }

  private static List<Report.Block> cost(Campaign.Status status, CampaignStats stats) {
    Campaign.Cost cost = status.cost;
    if (cost == null || cost.amount == null) {
      return List.of(
          new Report.Note(
              "No cost known: nothing is queued yet, or no route of the campaign has a"
                  + " costPerSegment."));
    }
    List<Report.Figure> figures = new ArrayList<>();
    figures.add(
        new Report.Figure(
            "Estimated cost",
            new Report.Money(cost.amount, cost.currency),
            "queued parts at their routes' costPerSegment"));
    figures.add(new Report.Figure("Priced parts", new Report.Count(or(cost.pricedParts, 0))));
    figures.add(
        new Report.Figure(
            "Unpriced parts",
            new Report.Count(or(cost.unpricedParts, 0)),
            "on routes without costPerSegment, not in the amount"));
    long delivered = or(status.delivered, stats.getDelivered());
    if (delivered > 0) {
      BigDecimal perDelivered =
          new BigDecimal(cost.amount)
              .divide(BigDecimal.valueOf(delivered), 4, RoundingMode.HALF_UP);
      figures.add(
          new Report.Figure(
              "Cost per delivered message",
              new Report.Money(perDelivered.toPlainString(), cost.currency)));
    }
    return List.of(new Report.Figures(figures));
  }

  private static Map<String, Long> suppressed(Campaign.Status status) {
    return status.suppressed == null ? Map.of() : status.suppressed;
  }

  private static Optional<Instant> completedAt(Campaign.Status status) {
    if (status.conditions == null) {
      return Optional.empty();
    }
    return status.conditions.stream()
        .filter(c -> "Completed".equals(c.type) && "True".equals(c.status))
        .map((Condition c) -> c.lastTransitionTime)
        .flatMap(t -> parse(t).stream())
        .findFirst();
  }

  private static Optional<Instant> parse(String rfc3339) {
    if (rfc3339 == null || rfc3339.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(rfc3339).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static Report.Figure figure(String label, Long value, String detail) {
    return new Report.Figure(
        label, value == null ? new Report.Text("not known yet") : new Report.Count(value), detail);
  }

  private static long or(Long value, long fallback) {
    return value == null ? fallback : value;
  }
}
