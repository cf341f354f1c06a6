package dev.relais.cli.lint;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The lint's outcome as a JUnit XML report, which CI systems display: one test case per document
 * (class name: the file; name: document number, kind and name), failed by its errors; its warnings
 * go to the test case's system-out.
 */
final class JUnitReport {

  private JUnitReport() {}

  static void write(ManifestLint.Outcome outcome, Path target) throws IOException {
    Path parent = target.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (Writer out = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
      XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
      xml.writeStartDocument("UTF-8", "1.0");
      xml.writeCharacters("\n");
      xml.writeStartElement("testsuite");
      xml.writeAttribute("name", "relais lint");
      xml.writeAttribute("tests", String.valueOf(outcome.documents().size()));
      xml.writeAttribute(
          "failures",
          String.valueOf(
              outcome.documents().stream().filter(d -> !errors(outcome, d).isEmpty()).count()));
      xml.writeAttribute("errors", "0");
      xml.writeAttribute("skipped", "0");
      for (ManifestLint.Checked document : outcome.documents()) {
        xml.writeCharacters("\n  ");
        testCase(xml, outcome, document);
      }
      xml.writeCharacters("\n");
      xml.writeEndElement();
      xml.writeCharacters("\n");
      xml.writeEndDocument();
      xml.close();
    } catch (XMLStreamException e) {
      throw new IOException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  private static void testCase(
      XMLStreamWriter xml, ManifestLint.Outcome outcome, ManifestLint.Checked document)
      throws XMLStreamException {
    List<Finding> errors = errors(outcome, document);
    List<Finding> warnings =
        of(outcome, document).stream()
            .filter(f -> f.severity() == Finding.Severity.WARNING)
            .toList();
    xml.writeStartElement("testcase");
    xml.writeAttribute("classname", document.file().toString());
    xml.writeAttribute("name", name(document));
    xml.writeAttribute("time", "0");
    if (!errors.isEmpty()) {
      xml.writeStartElement("failure");
      xml.writeAttribute(
          "message", errors.size() == 1 ? errors.get(0).message() : errors.size() + " errors");
      xml.writeAttribute("type", "error");
      xml.writeCharacters(lines(errors));
      xml.writeEndElement();
    }
    if (!warnings.isEmpty()) {
      xml.writeStartElement("system-out");
      xml.writeCharacters(lines(warnings));
      xml.writeEndElement();
    }
    xml.writeEndElement();
  }

  private static String name(ManifestLint.Checked document) {
    if (document.document() == 0) {
      return "file";
    }
    return "document "
        + document.document()
        + (document.kind().isEmpty() && document.name().isEmpty()
            ? ""
            : ": " + document.kind() + "/" + document.name());
  }

  private static List<Finding> of(ManifestLint.Outcome outcome, ManifestLint.Checked document) {
    return outcome.findings().stream()
        .filter(f -> f.file().equals(document.file()) && f.document() == document.document())
        .toList();
  }

  private static List<Finding> errors(ManifestLint.Outcome outcome, ManifestLint.Checked document) {
    return of(outcome, document).stream()
        .filter(f -> f.severity() == Finding.Severity.ERROR)
        .toList();
  }

  private static String lines(List<Finding> findings) {
    StringBuilder out = new StringBuilder();
    findings.forEach(f -> out.append(f.line()).append('\n'));
    return out.toString();
  }
}
