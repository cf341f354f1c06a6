package dev.relais.local.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class CassandraClasspathTest {

  @Test
  void childClasspathHoldsCassandraAndAllItsDependenciesButNotTheDriver() {
    List<String> names =
        CassandraClasspath.jarsFromResource().stream()
            .map(jar -> Path.of(jar).getFileName().toString())
            .toList();

    assertThat(names).anyMatch(name -> name.startsWith("cassandra-all-"));
    // The jars cassandra-all shares with the driver get a wider scope; they must not be lost.
    assertThat(names)
        .anyMatch(name -> name.startsWith("netty-handler-4"))
        .anyMatch(name -> name.startsWith("slf4j-api-"))
        .anyMatch(name -> name.matches("jffi-.*-native\\.jar"));
    assertThat(names).hasSizeGreaterThan(90).doesNotHaveDuplicates();
    assertThat(names)
        .noneMatch(name -> name.startsWith("java-driver-core-"))
        .noneMatch(name -> name.startsWith("slf4j-jdk14-"));
  }

  @Test
  void childClasspathUsesTheVersionsCassandraManages() throws Exception {
    // Helidon's BOM pins other Guava, Jackson, metrics and SnakeYAML versions; Cassandra must
    // run with the ones its own parent pom manages.
    List<Path> jars = CassandraClasspath.jarsFromResource().stream().map(Path::of).toList();
    Path cassandraAll =
        jars.stream()
            .filter(jar -> jar.getFileName().toString().startsWith("cassandra-all-"))
            .findFirst()
            .orElseThrow();
    String version = cassandraAll.getParent().getFileName().toString();
    // <repo>/org/apache/cassandra/cassandra-all/<version>/cassandra-all-<version>.jar
    Path repository =
        cassandraAll.getParent().getParent().getParent().getParent().getParent().getParent();
    Map<String, String> managed =
        managedVersions(
            repository.resolve(
                "org/apache/cassandra/cassandra-parent/"
                    + version
                    + "/cassandra-parent-"
                    + version
                    + ".pom"));

    int checked = 0;
    for (Path jar : jars) {
      Path versionDir = jar.getParent();
      Path artifactDir = versionDir.getParent();
      String groupId = repository.relativize(artifactDir.getParent()).toString().replace('/', '.');
      String key = groupId + ":" + artifactDir.getFileName();
      // netty-tcnative's native SSL jars follow netty-bom (see the pom); the node never uses TLS.
      if (managed.containsKey(key) && !key.startsWith("io.netty:netty-tcnative")) {
        assertThat(versionDir.getFileName().toString()).as(key).isEqualTo(managed.get(key));
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(50);
  }

  private static Map<String, String> managedVersions(Path pom) throws Exception {
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    Map<String, String> properties = new HashMap<>();
    NodeList props = doc.getElementsByTagName("properties");
    for (int i = 0; i < props.getLength(); i++) {
      NodeList children = props.item(i).getChildNodes();
      for (int j = 0; j < children.getLength(); j++) {
        if (children.item(j) instanceof Element e) {
          properties.put(e.getTagName(), e.getTextContent().strip());
        }
      }
    }
    Map<String, String> versions = new HashMap<>();
    Element management = (Element) doc.getElementsByTagName("dependencyManagement").item(0);
    NodeList dependencies = management.getElementsByTagName("dependency");
    for (int i = 0; i < dependencies.getLength(); i++) {
      Element dependency = (Element) dependencies.item(i);
      String version = text(dependency, "version");
      if (version.startsWith("${")) {
        version = properties.get(version.substring(2, version.length() - 1));
      }
      versions.put(text(dependency, "groupId") + ":" + text(dependency, "artifactId"), version);
    }
    // cassandra-parent manages cassandra-all itself at a stale development version.
    versions.remove("org.apache.cassandra:cassandra-all");
    return versions;
  }

  private static String text(Element parent, String tag) {
    return parent.getElementsByTagName(tag).item(0).getTextContent().strip();
  }
}
