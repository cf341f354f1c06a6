package dev.relais.local.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdkLocatorTest {

  private static final Set<Integer> CASSANDRA = Set.of(11, 17);

  @TempDir Path tmp;

  @Test
  void parsesFeatureVersionsOfOldAndNewSchemes() {
    assertThat(JdkLocator.parseFeatureVersion("17.0.15")).isEqualTo(OptionalInt.of(17));
    assertThat(JdkLocator.parseFeatureVersion("\"21\"")).isEqualTo(OptionalInt.of(21));
    assertThat(JdkLocator.parseFeatureVersion("25-ea")).isEqualTo(OptionalInt.of(25));
    assertThat(JdkLocator.parseFeatureVersion("1.8.0_292")).isEqualTo(OptionalInt.of(8));
    assertThat(JdkLocator.parseFeatureVersion("banana")).isEmpty();
  }

  @Test
  void readsTheReleaseFile() throws IOException {
    Path jdk = fakeJdk("some-jdk", "17.0.15");

    assertThat(JdkLocator.featureVersion(jdk)).isEqualTo(OptionalInt.of(17));
    assertThat(JdkLocator.featureVersion(tmp.resolve("nothing-here"))).isEmpty();
  }

  @Test
  void overrideVariableWinsOverJavaHome() throws IOException {
    Path override = fakeJdk("override", "11.0.2");
    Path javaHome = fakeJdk("home", "17.0.1");

    JdkLocator locator =
        new JdkLocator(
            Map.of(JdkLocator.OVERRIDE_ENV, override.toString(), "JAVA_HOME", javaHome.toString()),
            List.of());

    assertThat(locator.find(CASSANDRA)).isEqualTo(new JdkLocator.Jdk(override, 11));
  }

  @Test
  void unsuitableOverrideIsAnErrorRatherThanSilentlyIgnored() throws IOException {
    Path override = fakeJdk("override", "25.0.1");
    Path javaHome = fakeJdk("home", "17.0.1");

    JdkLocator locator =
        new JdkLocator(
            Map.of(JdkLocator.OVERRIDE_ENV, override.toString(), "JAVA_HOME", javaHome.toString()),
            List.of());

    assertThatThrownBy(() -> locator.find(CASSANDRA))
        .hasMessageContaining(JdkLocator.OVERRIDE_ENV)
        .hasMessageContaining("JDK 25")
        .hasMessageContaining("JDK 11 or 17");
  }

  @Test
  void suitableJavaHomeComesBeforeScannedJdks() throws IOException {
    Path javaHome = fakeJdk("elsewhere/home", "11.0.20");
    Path jvmDir = tmp.resolve("jvm");
    fakeJdk("jvm/jdk-17", "17.0.1");

    JdkLocator locator = new JdkLocator(Map.of("JAVA_HOME", javaHome.toString()), List.of(jvmDir));

    assertThat(locator.find(CASSANDRA).home()).isEqualTo(javaHome);
  }

  @Test
  void scanPrefersTheNewestAcceptableJdk() throws IOException {
    Path javaHome = fakeJdk("elsewhere/home", "25.0.3");
    Path jvmDir = tmp.resolve("jvm");
    fakeJdk("jvm/a-jdk-11", "11.0.20");
    Path jdk17 = fakeJdk("jvm/b-jdk-17", "17.0.15");
    fakeJdk("jvm/c-jdk-21", "21.0.4");

    JdkLocator locator = new JdkLocator(Map.of("JAVA_HOME", javaHome.toString()), List.of(jvmDir));

    assertThat(locator.find(CASSANDRA)).isEqualTo(new JdkLocator.Jdk(jdk17, 17));
  }

  @Test
  void findsTheJdkBehindJavaOnThePath() throws IOException {
    Path jdk = fakeJdk("opt/jdk", "17.0.9");
    Path bin = Files.createDirectories(tmp.resolve("usr/bin"));
    Files.createSymbolicLink(bin.resolve("java"), jdk.resolve("bin/java"));

    JdkLocator locator = new JdkLocator(Map.of("PATH", bin.toString()), List.of());

    assertThat(locator.find(CASSANDRA).home()).isEqualTo(jdk.toRealPath());
  }

  @Test
  void errorListsEveryPlaceLookedAt() throws IOException {
    Path javaHome = fakeJdk("home", "21.0.1");
    Path jvmDir = tmp.resolve("jvm");
    Path jdk25 = fakeJdk("jvm/jdk-25", "25.0.3");

    JdkLocator locator = new JdkLocator(Map.of("JAVA_HOME", javaHome.toString()), List.of(jvmDir));

    assertThatThrownBy(() -> locator.find(CASSANDRA))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("No JDK 11 or 17 found")
        .hasMessageContaining(JdkLocator.OVERRIDE_ENV + " (unset)")
        .hasMessageContaining("JAVA_HOME=" + javaHome + " (JDK 21)")
        .hasMessageContaining(jdk25 + " (JDK 25)");
  }

  @Test
  void listsEachJdkOnceWhenSymlinksPointToIt() throws IOException {
    Path jvmDir = tmp.resolve("jvm");
    Path real = fakeJdk("jvm/java-21-openjdk", "21.0.1");
    Files.createSymbolicLink(jvmDir.resolve("java-1.21.0-openjdk"), real);

    JdkLocator locator = new JdkLocator(Map.of(), List.of(jvmDir));

    assertThatThrownBy(() -> locator.find(CASSANDRA))
        .satisfies(e -> assertThat(e.getMessage().split("\\(JDK 21\\)", -1)).hasSize(2));
  }

  private Path fakeJdk(String relative, String javaVersion) throws IOException {
    Path home = Files.createDirectories(tmp.resolve(relative));
    Files.createDirectories(home.resolve("bin"));
    Path java = Files.writeString(home.resolve("bin/java"), "#!/bin/sh\n");
    java.toFile().setExecutable(true);
    Files.writeString(
        home.resolve("release"),
        "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + javaVersion + "\"\nOS_NAME=\"Linux\"\n");
    return home;
  }
}
