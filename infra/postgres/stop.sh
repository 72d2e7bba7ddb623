#!/usr/bin/env bash
# Stops the PostgreSQL started by start.sh (fast shutdown: active transactions are rolled back, committed data
# is safe). Idempotent: does nothing if it is not running. Never installs anything.
#
#   bash infra/postgres/stop.sh           # stop, keep the data dir (next start.sh is fast)
#   bash infra/postgres/stop.sh --purge   # stop and delete the data dir
#
# Environment: PG_PORT (default 54329), PG_DATA (default /tmp/crm-test-pg-$PG_PORT), PG_BIN — as in start.sh.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PORT=${PG_PORT:-54329}
DATA=${PG_DATA:-/tmp/crm-test-pg-$PORT}
PG_USER=postgres

log() { printf '[pg-stop] %s\n' "$*" >&2; }
# shellcheck source=../lib.sh
source "$SCRIPT_DIR/../lib.sh"

parse_stop_args 2 9 "$@"
[[ "$DATA" == /* ]] || DATA="$PWD/$DATA"
cd /

if [[ $(id -u) -eq 0 ]] && id -u "$PG_USER" >/dev/null 2>&1; then
  if command -v runuser >/dev/null 2>&1; then
    as_pg() { runuser -u "$PG_USER" -- "$@"; }
  else
    as_pg() { su -s /bin/bash "$PG_USER" -c "$(printf '%q ' "$@")"; }
  fi
else
  as_pg() { "$@"; }
fi

take_service_lock "/tmp/crm-test-pg-$PORT.lock"

if [[ -f "$DATA/postmaster.pid" ]]; then
  if BIN=$(bash "$SCRIPT_DIR/install.sh" --no-install 2>/dev/null | tail -n 1) && [[ -x "$BIN/pg_ctl" ]]; then
    if as_pg "$BIN/pg_ctl" status -D "$DATA" >/dev/null 2>&1; then
      log "stopping PostgreSQL (data dir $DATA)"
      as_pg "$BIN/pg_ctl" stop -D "$DATA" -m fast -w -t 60 >/dev/null 9>&- || {
        log "fast shutdown did not finish within 60s; sending immediate shutdown"
        as_pg "$BIN/pg_ctl" stop -D "$DATA" -m immediate -w -t 30 >/dev/null 9>&-
      }
      log "stopped"
    else
      log "not running (stale postmaster.pid in $DATA)"
    fi
  else
    # Binaries gone but a server may still run: SIGINT is PostgreSQL's "fast shutdown".
    pid=$(head -n 1 "$DATA/postmaster.pid")
    if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
      log "stopping PostgreSQL pid $pid (no pg_ctl found)"
      kill -INT "$pid"
      for _ in $(seq 1 120); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.5
      done
    fi
  fi
else
  log "not running (no $DATA/postmaster.pid)"
fi

if [[ $purge -eq 1 ]]; then
  purge_data_dir "$DATA" PG_VERSION /tmp/crm-test-pg-
  rm -f -- "$DATA.initdb.log" "$DATA.pg_ctl.err"
fi
