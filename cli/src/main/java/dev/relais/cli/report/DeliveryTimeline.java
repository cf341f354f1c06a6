package dev.relais.cli.report;

import dev.relais.proto.analytics.v1.CampaignTimeline;
import dev.relais.proto.analytics.v1.TimelineBucket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The "delivery over time" chart from analytics' timeline: submitted, delivered and failed per
 * bucket, in as few round buckets (1, 2, 5, 10, 15, 30 minutes, 1, 2, 3, 6, 12 hours, a day) as
 * keep the chart at most {@value #MAX_COLUMNS} columns wide, empty buckets included so that time
 * runs evenly along the axis.
 */
public final class DeliveryTimeline {

  static final int MAX_COLUMNS = 60;

  private static final long[] WIDTHS = {
    60, 120, 300, 600, 900, 1_800, 3_600, 7_200, 10_800, 21_600, 43_200, 86_400
  };

  private DeliveryTimeline() {}

  /** The chart, or a note when analytics recorded no event yet. */
  public static Report.Block chart(CampaignTimeline timeline) {
    if (timeline.getBucketsCount() == 0) {
      return new Report.Note(
          "Nothing to draw over time: analytics holds no event of this campaign in its timeline yet.");
    }
    long recorded = Math.max(1, timeline.getBucketSeconds());
    long first = timeline.getBuckets(0).getStart().getSeconds();
    long last = timeline.getBuckets(timeline.getBucketsCount() - 1).getStart().getSeconds();
    long width = widthFor(recorded, last + recorded - first);
    TreeMap<Long, long[]> merged = new TreeMap<>();
    for (TimelineBucket bucket : timeline.getBucketsList()) {
      long start = Math.floorDiv(bucket.getStart().getSeconds(), width) * width;
      long[] sums = merged.computeIfAbsent(start, s -> new long[3]);
      sums[0] += bucket.getSubmitted();
      sums[1] += bucket.getDelivered();
      sums[2] += bucket.getSubmitFailed() + bucket.getUndelivered();
    }
    List<Instant> starts = new ArrayList<>();
    List<Long> submitted = new ArrayList<>();
    List<Long> delivered = new ArrayList<>();
    List<Long> failed = new ArrayList<>();
    for (long start = merged.firstKey(); start <= merged.lastKey(); start += width) {
      long[] sums = merged.getOrDefault(start, new long[3]);
      starts.add(Instant.ofEpochSecond(start));
      submitted.add(sums[0]);
      delivered.add(sums[1]);
      failed.add(sums[2]);
    }
    Duration bucket = Duration.ofSeconds(width);
    return new Report.TimeChart(
        "Submitted, delivered and failed per " + SvgCharts.bucketWords(bucket).replace("one ", ""),
        bucket,
        starts,
        List.of(
            new Report.Series("Submitted", Report.Tone.NEUTRAL, submitted),
            new Report.Series("Delivered", Report.Tone.GOOD, delivered),
            new Report.Series("Failed", Report.Tone.BAD, failed)));
  }

  /** The narrowest round width, a multiple of {@code recorded}, that fits {@code span} in view. */
  static long widthFor(long recorded, long span) {
    for (long width : WIDTHS) {
      if (width >= recorded && width % recorded == 0 && Math.ceilDiv(span, width) <= MAX_COLUMNS) {
        return width;
      }
    }
    long width = Math.max(recorded, WIDTHS[WIDTHS.length - 1]);
    while (Math.ceilDiv(span, width) > MAX_COLUMNS) {
      width *= 2;
    }
    return width;
  }
}
