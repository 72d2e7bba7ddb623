#!/usr/bin/env bash
# Stops the Kafka broker started by start.sh: SIGTERM (controlled shutdown: logs flushed, clean
# shutdown marker written, so the next start skips log recovery), SIGKILL after 60 s. Idempotent: does
# nothing if it is not running. Only ever signals the pid recorded by start.sh, and only if that process
# is a Kafka broker.
#
#   bash infra/kafka/stop.sh           # stop, keep the data dir (topics and offsets survive; next start is faster)
#   bash infra/kafka/stop.sh --purge   # stop and delete the data dir
#
# Environment: KAFKA_PORT (default 19092), KAFKA_DATA (default /tmp/crm-test-kafka-$KAFKA_PORT) — as in start.sh.
set -euo pipefail

PORT=${KAFKA_PORT:-19092}
DATA=${KAFKA_DATA:-/tmp/crm-test-kafka-$PORT}
PIDFILE="$DATA/kafka.pid"

log() { printf '[kafka-stop] %s\n' "$*" >&2; }
# shellcheck source=../lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

parse_stop_args 2 11 "$@"
[[ "$DATA" == /* ]] || DATA="$PWD/$DATA"

take_service_lock "/tmp/crm-test-kafka-$PORT.lock"

pid=""
if [[ -f "$PIDFILE" ]]; then pid=$(cat "$PIDFILE"); fi
if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && grep -qa "kafka.Kafka" "/proc/$pid/cmdline" 2>/dev/null; then
  log "stopping Kafka pid $pid (data dir $DATA)"
  kill -TERM "$pid"
  for _ in $(seq 1 240); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.25
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "controlled shutdown did not finish within 60s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.25
    done
  fi
  log "stopped"
else
  log "not running (no live broker pid in $PIDFILE)"
fi
rm -f -- "$PIDFILE"

if [[ $purge -eq 1 ]]; then
  purge_data_dir "$DATA" server.properties /tmp/crm-test-kafka-
fi
