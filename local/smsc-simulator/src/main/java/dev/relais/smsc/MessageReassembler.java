package dev.relais.smsc;

import dev.relais.smsc.text.ConcatPart;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Joins the parts of concatenated messages back into whole texts, so that a test can assert on what
 * the handset would display.
 */
final class MessageReassembler {

  private MessageReassembler() {}

  /**
   * Whole texts in order of their first part's arrival. Parts are grouped by account, source,
   * destination, reference and total; a message with missing parts is joined from what arrived,
   * with "[part n missing]" in each gap so that the gap fails any text assertion visibly.
   */
  static List<String> texts(List<SubmittedMessage> messages) {
    Map<Object, TreeMap<Integer, String>> wholes = new LinkedHashMap<>();
    int single = 0;
    for (SubmittedMessage message : messages) {
      if (message.part().isEmpty()) {
        wholes.put(single++, new TreeMap<>(Map.of(1, message.text())));
        continue;
      }
      ConcatPart part = message.part().get();
      List<Object> key =
          List.of(
              message.systemId(),
              message.sourceAddress(),
              message.destinationAddress(),
              part.reference(),
              part.totalParts());
      wholes.computeIfAbsent(key, k -> new TreeMap<>()).put(part.partNumber(), message.text());
    }
    List<String> texts = new ArrayList<>(wholes.size());
    for (Map.Entry<Object, TreeMap<Integer, String>> whole : wholes.entrySet()) {
      TreeMap<Integer, String> parts = whole.getValue();
      int total = whole.getKey() instanceof List<?> key ? (Integer) key.get(4) : 1;
      StringBuilder text = new StringBuilder();
      for (int n = 1; n <= total; n++) {
        String piece = parts.get(n);
        text.append(piece != null ? piece : "[part " + n + " missing]");
      }
      texts.add(text.toString());
    }
    return texts;
  }
}
