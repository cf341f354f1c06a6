package dev.relais.cli.report;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Draws the report's charts as inline SVG: no script, no font or style sheet to fetch, readable
 * with assistive technology (a title and a description on every chart, a tooltip on every mark).
 * Colours are the Okabe-Ito palette, which stays distinguishable with the common colour-vision
 * deficiencies; every series also has its name in a legend, so colour is never the only cue.
 */
public final class SvgCharts {

  static final int BAR_WIDTH = 680;
  static final int BAR_LABEL_WIDTH = 190;
  static final int BAR_AREA = 400;
  static final int BAR_ROW = 30;
  static final int TIME_WIDTH = 720;
  static final int TIME_HEIGHT = 300;
  static final int TIME_LEFT = 64;
  static final int TIME_TOP = 36;
  static final int TIME_PLOT_HEIGHT = 200;
  static final int TIME_PLOT_WIDTH = TIME_WIDTH - TIME_LEFT - 16;
  private static final int MAX_TIME_LABELS = 8;

  private final ZoneId zone;

  public SvgCharts(ZoneId zone) {
    this.zone = zone;
  }

  /** The colour of a tone. */
  public static String colour(Report.Tone tone) {
    return switch (tone) {
      case NEUTRAL -> "#0072B2";
      case GOOD -> "#009E73";
      case BAD -> "#D55E00";
      case WARNING -> "#E69F00";
      case MUTED -> "#8C8C8C";
    };
  }

  /** Horizontal bars, their lengths proportional to their values on a shared 0-based axis. */
  public String bars(Report.BarChart chart, String id) {
    List<Report.Bar> bars = chart.bars();
    ChartScale scale = ChartScale.upTo(bars.stream().mapToLong(Report.Bar::value).max().orElse(0));
    int top = 8;
    int height = top + bars.size() * BAR_ROW + 28;
    StringBuilder svg = open(BAR_WIDTH, height, id, chart.title(), describe(chart));
    int axisY = top + bars.size() * BAR_ROW;
    for (long tick : scale.ticks()) {
      double x = BAR_LABEL_WIDTH + scale.lengthOf(tick, BAR_AREA);
      svg.append(
          String.format(
              Locale.ROOT,
              "<line class=\"grid\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>"
                  + "<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
              x,
              top,
              x,
              axisY,
              x,
              axisY + 18,
              Numbers.count(tick)));
    }
    for (int i = 0; i < bars.size(); i++) {
      Report.Bar bar = bars.get(i);
      int y = top + i * BAR_ROW;
      double length = scale.lengthOf(bar.value(), BAR_AREA);
      svg.append(
          String.format(
              Locale.ROOT,
              "<text class=\"label\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>"
                  + "<rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%.2f\" height=\"%d\""
                  + " fill=\"%s\" data-value=\"%d\"><title>%s: %s %s</title></rect>"
                  + "<text class=\"value\" x=\"%.1f\" y=\"%d\">%s</text>",
              BAR_LABEL_WIDTH - 10,
              y + 19,
              Html.escape(bar.label()),
              BAR_LABEL_WIDTH,
              y + 5,
              length,
              BAR_ROW - 10,
              colour(bar.tone()),
              bar.value(),
              Html.escape(bar.label()),
              Numbers.count(bar.value()),
              Html.escape(chart.unit()),
              BAR_LABEL_WIDTH + length + 6,
              y + 19,
              Numbers.count(bar.value())));
    }
    return svg.append("</svg>").toString();
  }

  /** Columns per time bucket, one per series side by side, on a shared 0-based axis. */
  public String columns(Report.TimeChart chart, String id) {
    int buckets = chart.starts().size();
    long largest =
        chart.series().stream()
            .flatMap(s -> s.values().stream())
            .mapToLong(Long::longValue)
            .max()
            .orElse(0);
    ChartScale scale = ChartScale.upTo(largest);
    StringBuilder svg = open(TIME_WIDTH, TIME_HEIGHT, id, chart.title(), describe(chart));
    int axisY = TIME_TOP + TIME_PLOT_HEIGHT;
    for (long tick : scale.ticks()) {
      double y = axisY - scale.lengthOf(tick, TIME_PLOT_HEIGHT);
      svg.append(
          String.format(
              Locale.ROOT,
              "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>"
                  + "<text class=\"tick\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
              TIME_LEFT,
              y,
              TIME_LEFT + TIME_PLOT_WIDTH,
              y,
              TIME_LEFT - 6,
              y + 4,
              Numbers.count(tick)));
    }
    int legendX = TIME_LEFT;
    for (Report.Series series : chart.series()) {
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"8\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                  + "<text class=\"legend\" x=\"%d\" y=\"18\">%s</text>",
              legendX,
              colour(series.tone()),
              legendX + 18,
              Html.escape(series.name())));
      legendX += 28 + 8 * series.name().length();
    }
    if (buckets > 0) {
      double group = (double) TIME_PLOT_WIDTH / buckets;
      double column = group * 0.8 / Math.max(1, chart.series().size());
      DateTimeFormatter time = labelFormat(chart);
      int every = Math.max(1, (int) Math.ceil((double) buckets / MAX_TIME_LABELS));
      for (int b = 0; b < buckets; b++) {
        double groupX = TIME_LEFT + b * group + group * 0.1;
        String when = time.format(chart.starts().get(b).atZone(zone));
        for (int s = 0; s < chart.series().size(); s++) {
          Report.Series series = chart.series().get(s);
          long value = series.values().get(b);
          double h = scale.lengthOf(value, TIME_PLOT_HEIGHT);
          svg.append(
              String.format(
                  Locale.ROOT,
                  "<rect class=\"column\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\""
                      + " fill=\"%s\" data-series=\"%s\" data-value=\"%d\"><title>%s %s: %s"
                      + "</title></rect>",
                  groupX + s * column,
                  axisY - h,
                  column,
                  h,
                  colour(series.tone()),
                  Html.escape(series.name()),
                  value,
                  Html.escape(series.name()),
                  when,
                  Numbers.count(value)));
        }
        if (b % every == 0) {
          svg.append(
              String.format(
                  Locale.ROOT,
                  "<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                  TIME_LEFT + b * group + group / 2,
                  axisY + 18,
                  when));
        }
      }
    }
    svg.append(
        String.format(
            Locale.ROOT,
            "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>"
                + "<text class=\"tick\" x=\"%d\" y=\"%d\">%s</text>",
            TIME_LEFT,
            axisY,
            TIME_LEFT + TIME_PLOT_WIDTH,
            axisY,
            TIME_LEFT,
            axisY + 40,
            Html.escape("Time (" + zone.getId() + "), " + bucketWords(chart) + " per column")));
    return svg.append("</svg>").toString();
  }

  private DateTimeFormatter labelFormat(Report.TimeChart chart) {
    if (chart.starts().isEmpty()) {
      return DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);
    }
    Instant first = chart.starts().get(0);
    Instant last = chart.starts().get(chart.starts().size() - 1);
    boolean oneDay =
        first.atZone(zone).toLocalDate().equals(last.atZone(zone).toLocalDate())
            && chart.bucket().toHours() < 24;
    String pattern = oneDay ? "HH:mm" : chart.bucket().toHours() >= 24 ? "d MMM" : "d MMM HH:mm";
    if (chart.bucket().toSeconds() < 60) {
      pattern += ":ss";
    }
    return DateTimeFormatter.ofPattern(pattern, Locale.ENGLISH);
  }

  static String bucketWords(Report.TimeChart chart) {
    return bucketWords(chart.bucket());
  }

  /** 60 s -> "one minute", 7200 s -> "2 hours". */
  static String bucketWords(java.time.Duration bucket) {
    long seconds = bucket.toSeconds();
    if (seconds % 86_400 == 0) {
      return plural(seconds / 86_400, "day");
    }
    if (seconds % 3_600 == 0) {
      return plural(seconds / 3_600, "hour");
    }
    if (seconds % 60 == 0) {
      return plural(seconds / 60, "minute");
    }
    return plural(seconds, "second");
  }

  private static String plural(long n, String unit) {
    return n == 1 ? "one " + unit : n + " " + unit + "s";
  }

  private static StringBuilder open(int width, int height, String id, String title, String desc) {
    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"%s\" viewBox=\"0 0 %d"
                + " %d\" width=\"%d\" height=\"%d\" role=\"img\" aria-labelledby=\"%s-title"
                + " %s-desc\"><title id=\"%s-title\">%s</title><desc id=\"%s-desc\">%s</desc>",
            id,
            width,
            height,
            width,
            height,
            id,
            id,
            id,
            Html.escape(title),
            id,
            Html.escape(desc)));
    return svg;
  }

  private static String describe(Report.BarChart chart) {
    StringBuilder text = new StringBuilder();
    for (Report.Bar bar : chart.bars()) {
      if (!text.isEmpty()) {
        text.append("; ");
      }
      text.append(bar.label()).append(": ").append(Numbers.count(bar.value()));
    }
    return text.isEmpty() ? "nothing to show" : text.toString();
  }

  private String describe(Report.TimeChart chart) {
    StringBuilder text = new StringBuilder();
    for (Report.Series series : chart.series()) {
      if (!text.isEmpty()) {
        text.append("; ");
      }
      text.append(series.name())
          .append(": ")
          .append(Numbers.count(series.values().stream().mapToLong(Long::longValue).sum()))
          .append(" in ")
          .append(chart.starts().size())
          .append(" periods of ")
          .append(bucketWords(chart));
    }
    return text.toString();
  }
}
