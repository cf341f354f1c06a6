#!/usr/bin/env bash
# Shared functions of ./relais, .ci/run and bin/dev-cassandra. Source it; it defines, it does not run.
#
# JDKs: Maven and the services need JDK 21+ (Helidon 4); Cassandra 5.0 runs only on JDK 11 or 17.
# Both are found here so that nobody has to export anything.

RELAIS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MVNW="$RELAIS_ROOT/mvnw"

relais_log() { printf '[relais %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
relais_die() { printf '[relais] ERROR: %s\n' "$*" >&2; exit 1; }

# Prints the feature version (17, 21, ...) of the JDK at $1, from its release file; fails if none.
relais_jdk_feature() {
  local home="$1" version
  [ -f "$home/release" ] && [ -x "$home/bin/java" ] || return 1
  version=$(sed -n 's/^JAVA_VERSION="\{0,1\}\([^"]*\)"\{0,1\}[[:space:]]*$/\1/p' "$home/release" | head -n 1)
  case "$version" in 1.*) version=${version#1.} ;; esac # 1.8.0_292 -> 8
  version=${version%%[!0-9]*}
  [ -n "$version" ] || return 1
  printf '%s\n' "$version"
}

# Prints candidate JDK homes, one per line: the usual install places, then the java on PATH.
relais_jdk_candidates() {
  local dir java
  for dir in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home \
    "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -d "$dir" ] && printf '%s\n' "$dir"
  done
  if java=$(command -v java 2>/dev/null); then
    java=$(readlink -f "$java" 2>/dev/null || printf '%s' "$java")
    printf '%s\n' "$(dirname "$(dirname "$java")")"
  fi
}

# Prints the newest candidate JDK whose feature version satisfies the test in $1 (a function
# taking the version); empty if none.
relais_newest_jdk() {
  local accept="$1" home version best="" best_version=0
  while IFS= read -r home; do
    version=$(relais_jdk_feature "$home") || continue
    "$accept" "$version" || continue
    if [ "$version" -gt "$best_version" ]; then
      best="$home" best_version="$version"
    fi
  done < <(relais_jdk_candidates)
  [ -n "$best" ] && printf '%s\n' "$best"
}

relais_is_build_jdk() { [ "$1" -ge 21 ]; }
relais_is_cassandra_jdk() { [ "$1" -eq 17 ] || [ "$1" -eq 11 ]; }

# Sets and exports JAVA_HOME (JDK 21+, for Maven and services), JAVA, and
# RELAIS_CASSANDRA_JAVA_HOME (JDK 11/17, for the Cassandra child JVM). Idempotent.
relais_find_jdks() {
  [ -n "${RELAIS_JDKS_FOUND:-}" ] && return 0
  local original="${JAVA_HOME:-}" version build cassandra

  # A suitable JAVA_HOME is the user's choice; otherwise the newest JDK 21+ installed.
  if [ -n "$original" ] && version=$(relais_jdk_feature "$original") && relais_is_build_jdk "$version"; then
    build="$original"
  else
    build=$(relais_newest_jdk relais_is_build_jdk) ||
      relais_die "No JDK 21 or newer found (looked at JAVA_HOME=${original:-unset}, $(relais_jdk_candidates | tr '\n' ' ')). Install one (e.g. Temurin 21+) or set JAVA_HOME."
  fi

  if [ -n "${RELAIS_CASSANDRA_JAVA_HOME:-}" ]; then
    version=$(relais_jdk_feature "$RELAIS_CASSANDRA_JAVA_HOME") && relais_is_cassandra_jdk "$version" ||
      relais_die "RELAIS_CASSANDRA_JAVA_HOME=$RELAIS_CASSANDRA_JAVA_HOME is not a JDK 11 or 17, which Cassandra 5.0 needs."
    cassandra="$RELAIS_CASSANDRA_JAVA_HOME"
  elif [ -n "$original" ] && version=$(relais_jdk_feature "$original") && relais_is_cassandra_jdk "$version"; then
    cassandra="$original"
  else
    cassandra=$(relais_newest_jdk relais_is_cassandra_jdk) ||
      relais_die "No JDK 11 or 17 found for Cassandra 5.0 (looked at JAVA_HOME=${original:-unset}, $(relais_jdk_candidates | tr '\n' ' ')). Install one (e.g. apt-get install openjdk-17-jdk-headless) or set RELAIS_CASSANDRA_JAVA_HOME."
  fi

  # JDK 24+ warns about the Unsafe calls of Maven's own Guice on every run; older JDKs reject the flag.
  if [ "$(relais_jdk_feature "$build")" -ge 24 ]; then
    case "${MAVEN_OPTS:-}" in
      *sun-misc-unsafe-memory-access*) ;;
      *) export MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow" ;;
    esac
  fi

  export JAVA_HOME="$build"
  export JAVA="$build/bin/java"
  export RELAIS_CASSANDRA_JAVA_HOME="$cassandra"
  export RELAIS_JDKS_FOUND=1
  relais_log "JDK $(relais_jdk_feature "$build") for Maven and services: $build"
  relais_log "JDK $(relais_jdk_feature "$cassandra") for Cassandra: $cassandra"
}

# Builds local/cassandra (and the parent pom) and copies what EmbeddedCassandraMain needs to $1,
# so that a later "mvn clean" in the tree cannot pull classes from under a running node.
relais_prepare_cassandra_runtime() {
  local lib="$1" jar
  relais_log "Building local/cassandra"
  (cd "$RELAIS_ROOT" && "$MVNW" -B -q install -DskipTests -pl local/cassandra -am) ||
    relais_die "Building local/cassandra failed"
  jar=$(ls "$RELAIS_ROOT"/local/cassandra/target/relais-local-cassandra-*.jar 2>/dev/null | grep -v -e '-sources' -e '-tests' | head -n 1)
  [ -n "$jar" ] || relais_die "local/cassandra built no jar"
  mkdir -p "$lib"
  cp "$jar" "$lib/relais-local-cassandra.jar"
  cp "$RELAIS_ROOT/local/cassandra/target/main.classpath" "$lib/main.classpath"
}

# Prints flags that keep JDK 24+ from warning about the driver's use of Unsafe and JNR's native
# calls; older JDKs would refuse the second flag.
relais_quiet_jvm_flags() {
  local version
  version=$(relais_jdk_feature "$JAVA_HOME") || return 0
  if [ "$version" -ge 24 ]; then
    printf '%s\n' --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow
  fi
}

# Starts EmbeddedCassandraMain in the background.
#   $1 runtime dir (from relais_prepare_cassandra_runtime)  $2 data dir  $3 CQL port (0 = free)
#   $4 ready file  $5 Cassandra log  $6 launcher output
# RELAIS_CASSANDRA_SCHEMA_FLUSH=lazy: schema changes not flushed one by one (a node thrown away after).
# Sets RELAIS_CASSANDRA_PID. The caller waits with relais_await_cassandra.
relais_start_cassandra() {
  local lib="$1" data="$2" port="$3" ready="$4" log="$5" out="$6"
  rm -f "$ready"
  mkdir -p "$(dirname "$ready")" "$(dirname "$log")" "$(dirname "$out")"
  # 9>&-: the node must not inherit the lock that ./relais test holds on fd 9.
  local detach=()
  # A node meant to outlive this shell: immune to hang-ups, in a session of its own.
  if [ -n "${RELAIS_DETACH:-}" ]; then
    detach=(nohup)
    command -v setsid >/dev/null 2>&1 && detach+=(setsid)
  fi
  # shellcheck disable=SC2046 # one flag per word
  ${detach[@]+"${detach[@]}"} "$JAVA" $(relais_quiet_jvm_flags) \
    -Djava.util.logging.SimpleFormatter.format='%1$tT %4$s %3$s - %5$s%6$s%n' \
    -cp "$lib/relais-local-cassandra.jar:$(cat "$lib/main.classpath")" \
    dev.relais.local.cassandra.EmbeddedCassandraMain \
    --data "$data" --port "$port" --ready-file "$ready" --log "$log" \
    --schema-flush "${RELAIS_CASSANDRA_SCHEMA_FLUSH:-eager}" \
    >"$out" 2>&1 </dev/null 9>&- &
  RELAIS_CASSANDRA_PID=$!
}

# Waits until the ready file appears ($1 ready file, $2 timeout s, $3 log, $4 launcher output).
# Prints the logs' tails and fails when the node dies or the time runs out.
relais_await_cassandra() {
  local ready="$1" timeout="$2" log="$3" out="$4" waited=0
  while [ ! -s "$ready" ]; do
    if ! kill -0 "$RELAIS_CASSANDRA_PID" 2>/dev/null; then
      relais_cassandra_failure "Cassandra exited before it was ready" "$log" "$out"
      return 1
    fi
    if [ "$waited" -ge "$timeout" ]; then
      relais_cassandra_failure "Cassandra was not ready after ${timeout}s" "$log" "$out"
      return 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
  cat "$ready"
}

relais_cassandra_failure() {
  printf '[relais] ERROR: %s\n--- %s (last 40 lines) ---\n' "$1" "$2" >&2
  tail -n 40 "$2" >&2 2>/dev/null || true
  printf -- '--- %s ---\n' "$3" >&2
  tail -n 20 "$3" >&2 2>/dev/null || true
}

# Stops the node started by relais_start_cassandra: SIGTERM lets Cassandra drain; SIGKILL after 60 s.
relais_stop_cassandra() {
  local pid="${RELAIS_CASSANDRA_PID:-}" waited=0
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  relais_log "Stopping Cassandra (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || return 0
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$waited" -ge 60 ]; then
      relais_log "Cassandra did not stop within 60s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 1
    waited=$((waited + 1))
  done
  RELAIS_CASSANDRA_PID=""
}

# The trace UI of the local platform (./relais up --traces, ./relais demo --traces): the Zipkin
# server's exec jar, from Maven Central through Maven (kept in ~/.m2 after the first time).
RELAIS_ZIPKIN_ARTIFACT=io.zipkin:zipkin-server:3.5.1:jar:exec

# Copies the Zipkin server jar to .relais/zipkin/ (fetching it the first time) and prints its path.
relais_fetch_zipkin() {
  local dir="$RELAIS_ROOT/.relais/zipkin" version jar
  IFS=: read -r _ _ version _ <<<"$RELAIS_ZIPKIN_ARTIFACT"
  jar="$dir/zipkin-server-$version-exec.jar"
  if [ -s "$jar" ]; then
    printf '%s\n' "$jar"
    return 0
  fi
  relais_find_jdks
  relais_log "Fetching the Zipkin server ($RELAIS_ZIPKIN_ARTIFACT) through Maven"
  (cd "$RELAIS_ROOT" && "$MVNW" -q -B -N dependency:copy -Dartifact="$RELAIS_ZIPKIN_ARTIFACT" \
    -DoutputDirectory="$dir") >&2 || {
    relais_log "Could not fetch $RELAIS_ZIPKIN_ARTIFACT (offline, or Maven Central unreachable?)"
    return 1
  }
  [ -s "$jar" ] || return 1
  printf '%s\n' "$jar"
}

# Seconds since $1 (epoch seconds), for the durations printed at the end of a run.
relais_since() { printf '%ss' "$(($(date +%s) - $1))"; }
