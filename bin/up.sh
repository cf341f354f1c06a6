#!/usr/bin/env bash
# ./relais up, status and down: the local platform kept running in the background. Sourced by
# ./relais (after bin/lib.sh); it defines, it does not run.
#
# State lives in $RELAIS_STATE_DIR (default .relais/up/ in the repository root):
#   up.pid               pid of the platform's JVM (LocalUp), while it runs
#   up.log               its progress lines; launcher.log its own logs; run/logs/ every service's
#   services.properties  kubeconfig, api, contacts, scheduler, analytics, dispatch.<ns>.<route>
#   kubeconfig           context relais-local, for kubectl and clients
#   processes            every process it started: pid, start time (epoch s), name
#   status               what ./relais status prints about services, clicks, conversions, routes,
#                        SMSCs, Zipkin, Prometheus
#   zipkin.log           the Zipkin server's output (--traces)
#   prometheus/          Prometheus' configuration, targets, rules, data and log (--metrics)
#   stop                 left by ./relais down to ask it to stop
# and beside it, in ../tls/ (.relais/tls/), the local CA (ca.crt), relais-admin's certificate for
# clients (admin.crt, admin.key) and the operator's, with --tls.

UP_MAIN=dev.relais.local.launcher.LocalUp
UP_READY_TIMEOUT=${RELAIS_UP_TIMEOUT:-600}
UP_STOP_TIMEOUT=90

up_usage() {
  cat <<'USAGE'
Usage: ./relais up [--examples DIR] [--apply] [--no-contacts] [--real-time] [--traces] [--metrics] [--tls]

Starts the local platform in the background (embedded Cassandra, a local Kubernetes API server,
the operator, the process kubelet) and returns once it is ready; it runs until ./relais down.
It installs the CRDs, creates the namespace of DIR's campaigns with an SmsPlatform on the local
Cassandra, imports DIR/contacts.csv into the lists DIR's campaigns send to, and applies nothing
else: apply your manifests with kubectl (KUBECONFIG is printed). Every SmppRoute applied gets an
SMSC simulator, unless annotated relais.dev/local-smsc: external. The SmsPlatform tracks links on
the local redirect Service: up prints where short links lead and where orders are posted.

  --examples DIR  the manifests to prepare for (default examples/quickstart)
  --apply         also apply DIR's manifests, as kubectl apply -f DIR would
  --no-contacts   import no contacts
  --real-time     run every service on the real clock, even when the campaigns' sending window
                  is closed (by default the clock is shifted into the next window, and up says so)
  --traces        also run Zipkin on loopback (its jar fetched through Maven; about 300 MiB and
                  30 s more), send every process's spans to it and trace every message; a
                  Campaign's trace opens at <Zipkin URL>traces/<status.traceId>
  --metrics       also run Prometheus (Debian package prometheus, when installed), scraping every
                  process's /metrics, with the chart's alert rules; its files in STATE/prometheus/
  --tls           the services talk mutual TLS, as on a cluster with spec.tls (a local CA, one
                  certificate per component, relais-admin's for clients in .relais/tls/);
                  by default plain HTTP/2

Environment: RELAIS_STATE_DIR (default .relais/up), RELAIS_CASSANDRA (use a running Cassandra
instead of starting one), RELAIS_SKIP_BUILD=1 (use the last build).
USAGE
}

up_state_dir() {
  local dir="${RELAIS_STATE_DIR:-$RELAIS_ROOT/.relais/up}"
  mkdir -p "$dir" || relais_die "cannot create the state directory $dir"
  (cd "$dir" && pwd)
}

# Prints the pid of the running platform JVM of state dir $1; fails when none runs.
up_running_pid() {
  local pid
  pid=$(cat "$1/up.pid" 2>/dev/null) || return 1
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  # The recorded pid, if a process still has it, must be that JVM and not a reused pid.
  ps -ww -o args= -p "$pid" 2>/dev/null | grep -q -- "$UP_MAIN" || return 1
  printf '%s\n' "$pid"
}

# True when process $1 runs and started at epoch second $2 (within 3 s): a recorded pid that the
# system has not given to another process since.
up_same_process() {
  local pid="$1" start="$2" elapsed started
  [ "$start" -gt 0 ] 2>/dev/null || return 1
  elapsed=$(up_elapsed "$pid") || return 1
  started=$(($(date +%s) - elapsed))
  [ $((started - start)) -le 3 ] && [ $((start - started)) -le 3 ]
}

# Seconds process $1 has been running (from ps's [[dd-]hh:]mm:ss, which every ps prints).
up_elapsed() {
  local t d=0 h=0 m s
  t=$(ps -o etime= -p "$1" 2>/dev/null | tr -d ' ')
  [ -n "$t" ] || return 1
  case "$t" in *-*)
    d=${t%%-*}
    t=${t#*-}
    ;;
  esac
  case "$t" in
    *:*:*) IFS=: read -r h m s <<<"$t" ;;
    *) IFS=: read -r m s <<<"$t" ;;
  esac
  printf '%s\n' $((10#$d * 86400 + 10#$h * 3600 + 10#$m * 60 + 10#$s))
}

up_property() { sed -n "s/^$2=//p" "$1/services.properties" 2>/dev/null | head -n 1; }

up_hints() {
  local state="$1" pid="$2"
  printf 'Relais is up (pid %s; state in %s)\n' "$pid" "$state"
  [ -f "$state/notes" ] && cat "$state/notes"
  printf 'API server: %s\n\n' "$(up_property "$state" api)"
  printf 'Use it with kubectl:\n'
  printf '  export KUBECONFIG=%s\n' "$(up_property "$state" kubeconfig)"
  printf '  kubectl apply -f examples/quickstart/\n'
  printf '  kubectl get campaigns -w\n'
  printf 'Then: ./relais status (services, routes, simulators), ./relais down (stop everything)\n'
}

cmd_up() {
  case "${1:-}" in -h | --help)
    up_usage
    return 0
    ;;
  esac
  local state pid launched shown=0 lines waited=0
  state=$(up_state_dir) || exit 1
  if pid=$(up_running_pid "$state"); then
    if [ -s "$state/services.properties" ]; then
      printf 'Relais is already up.\n'
      up_hints "$state" "$pid"
      return 0
    fi
    relais_die "Relais is starting (pid $pid, log $state/up.log); ./relais status tells when it is up"
  fi
  # What a platform that ended without ./relais down may have left running.
  up_stop_recorded "$state"
  launcher_args "$@"
  prepare_module local/launcher launcher.classpath
  rm -f "$state/services.properties" "$state/status" "$state/processes" "$state/notes" \
    "$state/stop" "$state/up.pid"
  relais_log "Starting the local platform in the background (log: $state/up.log)"
  cd "$RELAIS_ROOT" || exit 1
  local detach=(nohup)
  # A session of its own: the terminal closing or Ctrl-C here does not reach it.
  command -v setsid >/dev/null 2>&1 && detach+=(setsid)
  "${detach[@]}" "$JAVA" "${JAVA_FLAGS[@]}" -Xmx1g -cp "$MODULE_CLASSPATH" "$UP_MAIN" \
    --state "$state" ${LAUNCHER_ARGS[@]+"${LAUNCHER_ARGS[@]}"} >"$state/up.log" 2>&1 </dev/null 9>&- &
  launched=$!
  while [ ! -s "$state/services.properties" ]; do
    lines=$(wc -l 2>/dev/null <"$state/up.log" || echo 0)
    if [ "$lines" -gt "$shown" ]; then
      sed -n "$((shown + 1)),${lines}p" "$state/up.log" | sed 's/^/  /' >&2
      shown=$lines
    fi
    if ! kill -0 "$launched" 2>/dev/null && ! up_running_pid "$state" >/dev/null; then
      sed -n "$((shown + 1)),\$p" "$state/up.log" | sed 's/^/  /' >&2
      up_stop_recorded "$state"
      relais_die "The platform stopped before it was ready (log: $state/up.log, services: $state/run/logs/)"
    fi
    if [ "$waited" -ge "$UP_READY_TIMEOUT" ]; then
      relais_die "The platform was not ready after ${UP_READY_TIMEOUT}s; it may still come up (./relais status), or stop it with ./relais down"
    fi
    if [ "$waited" -gt 0 ] && [ $((waited % 15)) -eq 0 ]; then
      relais_log "still starting (${waited}s)..."
    fi
    sleep 1
    waited=$((waited + 1))
  done
  sed -n "$((shown + 1)),\$p" "$state/up.log" | sed 's/^/  /' >&2
  relais_log "Ready after ${waited}s"
  up_hints "$state" "$(cat "$state/up.pid" 2>/dev/null || echo "$launched")"
}

cmd_status() {
  local state pid elapsed
  state=$(up_state_dir) || exit 1
  if ! pid=$(up_running_pid "$state"); then
    printf 'Relais is down'
    if [ -s "$state/processes" ]; then
      printf ' (its last run ended without ./relais down; ./relais down makes sure nothing is left)'
    fi
    printf '\n'
    return 3
  fi
  elapsed=$(up_elapsed "$pid")
  if [ -s "$state/services.properties" ]; then
    printf 'Relais is up\n'
  else
    printf 'Relais is starting (log: %s/up.log)\n' "$state"
  fi
  printf '  pid:         %s\n' "$pid"
  printf '  uptime:      %s\n' "$(up_duration "${elapsed:-0}")"
  printf '  state:       %s\n' "$state"
  if [ -s "$state/services.properties" ]; then
    printf '  API server:  %s\n' "$(up_property "$state" api)"
    printf '  kubeconfig:  %s\n\n' "$(up_property "$state" kubeconfig)"
    cat "$state/status" 2>/dev/null
  fi
  return 0
}

up_duration() {
  local s="$1"
  if [ "$s" -ge 3600 ]; then
    printf '%dh%02dm%02ds' $((s / 3600)) $((s % 3600 / 60)) $((s % 60))
  else
    printf '%dm%02ds' $((s / 60)) $((s % 60))
  fi
}

cmd_down() {
  local state pid waited=0
  state=$(up_state_dir) || exit 1
  if pid=$(up_running_pid "$state"); then
    relais_log "Stopping Relais (pid $pid): dispatch and services, operator, SMSC simulators, Cassandra, Zipkin and Prometheus if running..."
    if [ -s "$state/services.properties" ]; then
      : >"$state/stop"
    else
      # Still starting: it reads no stop file yet; SIGTERM stops what it started.
      kill -TERM "$pid" 2>/dev/null
    fi
    while kill -0 "$pid" 2>/dev/null; do
      if [ "$waited" -ge "$UP_STOP_TIMEOUT" ]; then
        relais_log "Not stopped after ${UP_STOP_TIMEOUT}s; terminating it (pid $pid)"
        kill -TERM "$pid" 2>/dev/null
        sleep 10
        kill -KILL "$pid" 2>/dev/null
        break
      fi
      if [ "$waited" -gt 0 ] && [ $((waited % 10)) -eq 0 ]; then
        relais_log "still stopping (${waited}s)..."
      fi
      sleep 1
      waited=$((waited + 1))
    done
    up_stop_recorded "$state"
    rm -f "$state/up.pid" "$state/services.properties" "$state/status" "$state/notes" "$state/stop"
    relais_log "Relais is down (stopped in ${waited}s; logs kept in $state until the next up)"
    return 0
  fi
  if [ -s "$state/processes" ]; then
    relais_log "Relais is not running; making sure nothing of its last run is left"
    up_stop_recorded "$state"
  else
    relais_log "Relais is not running"
  fi
  rm -f "$state/up.pid" "$state/services.properties" "$state/status" "$state/notes" "$state/stop"
  return 0
}

# Stops every recorded process of state dir $1 that still runs (SIGTERM, then SIGKILL after 15 s),
# by the pids the platform recorded, then forgets the list.
up_stop_recorded() {
  local state="$1" pid start name left=() waited=0
  [ -s "$state/processes" ] || return 0
  while IFS=$'\t' read -r pid start name; do
    [[ "$pid" =~ ^[0-9]+$ ]] || continue
    if up_same_process "$pid" "$start"; then
      relais_log "Stopping $name (pid $pid), still running"
      kill -TERM "$pid" 2>/dev/null
      left+=("$pid:$start:$name")
    fi
  done <"$state/processes"
  while [ ${#left[@]} -gt 0 ]; do
    local still=() item
    for item in "${left[@]}"; do
      IFS=: read -r pid start name <<<"$item"
      up_same_process "$pid" "$start" && still+=("$item")
    done
    left=(${still[@]+"${still[@]}"})
    [ ${#left[@]} -gt 0 ] || break
    if [ "$waited" -ge 15 ]; then
      for item in "${left[@]}"; do
        IFS=: read -r pid start name <<<"$item"
        relais_log "Killing $name (pid $pid): not stopped 15 s after SIGTERM"
        kill -KILL "$pid" 2>/dev/null
      done
      break
    fi
    sleep 1
    waited=$((waited + 1))
  done
  rm -f "$state/processes"
}
