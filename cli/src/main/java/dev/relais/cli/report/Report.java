package dev.relais.cli.report;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A report as data: a title, facts about what it covers, and sections of blocks (figures, charts,
 * notes). Renderers ({@link HtmlReport}, {@link KpiTable}) know how to draw each kind of block; new
 * KPIs or charts are new blocks in a section, not a new page.
 */
public record Report(String title, List<Fact> facts, List<Section> sections) {

  public Report {
    facts = List.copyOf(facts);
    sections = List.copyOf(sections);
  }

  /** A labelled fact shown under the title, e.g. "Completed" and its time. */
  public record Fact(String label, String value) {}

  /** A titled part of the report. */
  public record Section(String id, String title, List<Block> blocks) {
    public Section {
      Objects.requireNonNull(id);
      blocks = List.copyOf(blocks);
    }
  }

  /** What a section is made of. */
  public sealed interface Block permits Figures, BarChart, TimeChart, Table, Note {}

  /** Key figures, shown as tiles on the page and as rows of the terminal table. */
  public record Figures(List<Figure> figures) implements Block {
    public Figures {
      figures = List.copyOf(figures);
    }
  }

  /**
   * One figure.
   *
   * @param label what it counts, e.g. "Delivered"
   * @param value its value
   * @param detail a short explanation or breakdown; empty for none
   */
  public record Figure(String label, Value value, String detail) {
    public Figure(String label, Value value) {
      this(label, value, "");
    }
  }

  /** A figure's value, formatted by {@link Numbers}. */
  public sealed interface Value permits Count, Ratio, Money, Text {}

  /** A number of things. */
  public record Count(long value) implements Value {}

  /** A share, 0.975 for 97.5 %. */
  public record Ratio(double value) implements Value {}

  /** An amount in a currency, as the platform states it (decimal text, e.g. "12.34"). */
  public record Money(String amount, String currency) implements Value {}

  /** A value already in words, e.g. a rate the platform formatted itself. */
  public record Text(String value) implements Value {}

  /**
   * Horizontal bars, one per category, lengths proportional to their values.
   *
   * @param title the chart's title
   * @param unit what the values count, e.g. "messages"
   * @param bars the categories in the order shown
   */
  public record BarChart(String title, String unit, List<Bar> bars) implements Block {
    public BarChart {
      bars = List.copyOf(bars);
    }
  }

  /** One category of a bar chart; {@code tone} chooses its colour. */
  public record Bar(String label, long value, Tone tone) {}

  /** Colours by meaning, so that "delivered" looks the same in every chart. */
  public enum Tone {
    NEUTRAL,
    GOOD,
    BAD,
    WARNING,
    MUTED
  }

  /**
   * Series over time in buckets of equal width: several series drawn side by side per bucket.
   *
   * @param title the chart's title
   * @param bucket width of a bucket
   * @param starts start of each bucket, oldest first
   * @param series the series, each with one value per bucket
   */
  public record TimeChart(String title, Duration bucket, List<Instant> starts, List<Series> series)
      implements Block {
    public TimeChart {
      starts = List.copyOf(starts);
      series = List.copyOf(series);
      for (Series s : series) {
        if (s.values().size() != starts.size()) {
          throw new IllegalArgumentException(
              "series "
                  + s.name()
                  + " has "
                  + s.values().size()
                  + " values for "
                  + starts.size()
                  + " buckets");
        }
      }
    }
  }

  /** One named series of a time chart. */
  public record Series(String name, Tone tone, List<Long> values) {
    public Series {
      values = List.copyOf(values);
    }
  }

  /**
   * Rows compared column by column, e.g. one row per A/B variant.
   *
   * @param title the table's title
   * @param columns the column headings, the first naming what each row is
   * @param rows one value per column each; {@link #ABSENT} where a figure is not known
   */
  public record Table(String title, List<String> columns, List<List<Value>> rows) implements Block {

    /** A cell whose figure is not known. */
    public static final Value ABSENT = new Text("—");

    public Table {
      columns = List.copyOf(columns);
      rows = rows.stream().map(List::copyOf).toList();
      for (List<Value> row : rows) {
        if (row.size() != columns.size()) {
          throw new IllegalArgumentException(
              "a row of " + row.size() + " cells for " + columns.size() + " columns");
        }
      }
    }
  }

  /** A sentence for the reader, e.g. why a chart is empty. */
  public record Note(String text) implements Block {}
}
