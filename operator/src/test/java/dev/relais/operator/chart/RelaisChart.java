package dev.relais.operator.chart;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The Relais Helm chart, rendered by real Helm (helm-java, offline) into typed objects. */
final class RelaisChart {

  /** Surefire runs in the operator module; the chart lives at the repository root. */
  static final Path DIR = Path.of("../charts/relais");

  static final String RELEASE = "relais";
  static final String NAMESPACE = "relais-system";

  /**
   * A cluster version the chart supports: helm-java's built-in default (v1.20) is older than the
   * chart's kubeVersion constraint, whereas a real install takes the cluster's own version.
   */
  static final String KUBE_VERSION = "1.30.0";

  private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private RelaisChart() {}

  static Helm helm() {
    return new Helm(DIR);
  }

  /** Renders the chart with its default values. */
  static RenderedChart render() {
    return render("");
  }

  /** Renders the chart with the given values file content layered over the defaults. */
  static RenderedChart render(String valuesYaml) {
    return new RenderedChart(parse(renderManifests(valuesYaml)));
  }

  /** The manifests {@code helm template} prints; throws Helm's error when rendering fails. */
  static String renderManifests(String valuesYaml) {
    return renderManifests(helm(), valuesYaml);
  }

  /** As {@link #render(String)}, for a copy of the chart (e.g. with its hooks made visible). */
  static RenderedChart render(Path chartDir, String valuesYaml) {
    return new RenderedChart(parse(renderManifests(new Helm(chartDir), valuesYaml)));
  }

  private static String renderManifests(Helm helm, String valuesYaml) {
    Path values = writeValues(valuesYaml);
    try {
      return helm.template()
          .withName(RELEASE)
          .withNamespace(NAMESPACE)
          .withKubeVersion(KUBE_VERSION)
          .withValuesFile(values)
          .call();
    } finally {
      deleteQuietly(values);
    }
  }

  /** The NOTES.txt a user sees after {@code helm install}. */
  static String installNotes(String valuesYaml) {
    Path values = writeValues(valuesYaml);
    try {
      String output =
          helm()
              .install()
              .withName(RELEASE)
              .withNamespace(NAMESPACE)
              .withKubeVersion(KUBE_VERSION)
              .withValuesFile(values)
              .clientOnly()
              .dryRun()
              .call()
              .getOutput();
      int notes = output.indexOf("NOTES:");
      return notes < 0 ? "" : output.substring(notes);
    } finally {
      deleteQuietly(values);
    }
  }

  /** Parses a multi-document YAML stream into Kubernetes objects, skipping empty documents. */
  static List<HasMetadata> parse(String manifests) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : DOCUMENT_SEPARATOR.split(manifests)) {
      if (document.lines().allMatch(line -> line.isBlank() || line.strip().startsWith("#"))) {
        continue;
      }
      Object parsed = SERIALIZATION.unmarshal(document);
      if (!(parsed instanceof HasMetadata object)) {
        throw new IllegalStateException("not a Kubernetes object:\n" + document);
      }
      objects.add(object);
    }
    return objects;
  }

  /** Reads a YAML file of the chart (Chart.yaml, values.yaml) as plain maps and lists. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> readYaml(String file) {
    try {
      return SERIALIZATION.unmarshal(Files.readString(DIR.resolve(file)), Map.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path writeValues(String valuesYaml) {
    try {
      Path file = Files.createTempFile("relais-chart-values", ".yaml");
      Files.writeString(file, valuesYaml);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // A leftover temporary file is harmless.
    }
  }
}
