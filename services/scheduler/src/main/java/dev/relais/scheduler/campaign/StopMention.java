package dev.relais.scheduler.campaign;

/**
 * How a marketing message carries its sender's STOP mention: after the text and a space, or right
 * after the text when it already ends in a blank.
 */
public final class StopMention {

  private StopMention() {}

  /** Appends {@code mention} to the message being built in {@code body}. */
  public static void appendTo(StringBuilder body, String mention) {
    if (body.length() > 0 && !Character.isWhitespace(body.charAt(body.length() - 1))) {
      body.append(' ');
    }
    body.append(mention);
  }

  /** {@code body} with {@code mention} appended; {@code body} itself when the mention is empty. */
  public static String appended(String body, String mention) {
    if (mention.isEmpty()) {
      return body;
    }
    StringBuilder out = new StringBuilder(body.length() + 1 + mention.length()).append(body);
    appendTo(out, mention);
    return out.toString();
  }
}
