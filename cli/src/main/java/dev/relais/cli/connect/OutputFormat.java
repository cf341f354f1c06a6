package dev.relais.cli.connect;

/** How a command prints what it read: text for people, JSON for programs (every command). */
public enum OutputFormat {
  TEXT,
  JSON
}
