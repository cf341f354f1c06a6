package dev.relais.common.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SchemaMigratorTest {

  @Test
  void loadsMigrationsInOrderWithTheirStatements() {
    var migrations = SchemaMigrator.load("sample");
    assertThat(migrations).extracting(SchemaMigrator.Migration::version).containsExactly(1, 2);
    assertThat(migrations.get(0).statements())
        .hasSize(2)
        .allSatisfy(s -> assertThat(s).startsWith("CREATE TABLE IF NOT EXISTS"));
  }

  @Test
  void splitDropsCommentsAndBlankStatements() {
    assertThat(SchemaMigrator.split("-- a comment; with a semicolon\nSELECT 1;\n\n;SELECT 2"))
        .containsExactly("SELECT 1", "SELECT 2");
  }

  @Test
  void missingMigrationsAreReportedByName() {
    assertThatThrownBy(() -> SchemaMigrator.load("nothing-here"))
        .hasMessageContaining("db/nothing-here/migrations");
  }
}
