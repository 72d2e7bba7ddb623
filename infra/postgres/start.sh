#!/usr/bin/env bash
# Starts (or reuses) a throw-away PostgreSQL for tests and development and prints its connection URL as the
# last (and only) stdout line:
#
#   export DATABASE_URL="$(bash infra/postgres/start.sh | tail -1)"
#   # -> postgres://postgres@127.0.0.1:54329/crm_test
#
# Idempotent: installs PostgreSQL if missing (install.sh), runs initdb once, starts the server if it is not
# running, waits until it accepts connections and creates the database if missing. Progress goes to stderr.
#
# Environment:
#   PG_PORT              TCP port on 127.0.0.1                 (default 54329)
#   PG_DATA              data directory                        (default /tmp/crm-test-pg-$PG_PORT)
#   PG_DATABASE          database to create                    (default crm_test)
#   PG_START_TIMEOUT     seconds to wait for readiness         (default 60)
#   PG_BIN               PostgreSQL bin dir (see install.sh)
#
# Security: trust authentication, listening on 127.0.0.1 only. For tests and local development, never prod.
# Durability settings stay at their safe defaults (fsync=on, synchronous_commit=on): tests rely on them.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PORT=${PG_PORT:-54329}
DATA=${PG_DATA:-/tmp/crm-test-pg-$PORT}
DB=${PG_DATABASE:-crm_test}
TIMEOUT=${PG_START_TIMEOUT:-60}
PG_USER=postgres # OS user that owns the data dir and runs the server (when we are root)

log() { printf '[pg-start] %s\n' "$*" >&2; }
# shellcheck source=../lib.sh
source "$SCRIPT_DIR/../lib.sh"

[[ "$PORT" =~ ^[0-9]+$ ]] || die "PG_PORT must be a number, got '$PORT'"
[[ "$DB" =~ ^[a-z_][a-z0-9_]*$ ]] || die "PG_DATABASE must match [a-z_][a-z0-9_]*, got '$DB'"
[[ "$TIMEOUT" =~ ^[0-9]+$ ]] || die "PG_START_TIMEOUT must be a number of seconds, got '$TIMEOUT'"
[[ "$DATA" == /* ]] || DATA="$PWD/$DATA"

BIN=$(bash "$SCRIPT_DIR/install.sh" | tail -n 1)
[[ -x "$BIN/pg_ctl" ]] || die "install.sh did not report a usable bin dir (got '$BIN')"

# The server must not run as root. As root we run every server-side command as $PG_USER; as any other user we
# run them as ourselves. Work from / so the postgres user never trips over an unreadable cwd (e.g. /root).
cd /
if [[ $(id -u) -eq 0 ]]; then
  if ! id -u "$PG_USER" >/dev/null 2>&1; then
    log "creating OS user $PG_USER"
    useradd --system --user-group --no-create-home --home-dir /var/lib/postgresql --shell /bin/bash "$PG_USER"
  fi
  if command -v runuser >/dev/null 2>&1; then
    as_pg() { runuser -u "$PG_USER" -- "$@"; }
  else
    as_pg() { su -s /bin/bash "$PG_USER" -c "$(printf '%q ' "$@")"; }
  fi
else
  as_pg() { "$@"; }
fi

# Serialise concurrent start/stop calls for the same port (e.g. two jest runs started at once).
take_service_lock "/tmp/crm-test-pg-$PORT.lock" strict

LOGFILE="$DATA/server.log"
URL="postgres://postgres@127.0.0.1:$PORT/$DB"

ready() { "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -t 2 >/dev/null 2>&1; }

show_log_tail() {
  if [[ -r "$LOGFILE" ]]; then
    log "last lines of $LOGFILE:"
    tail -n 40 "$LOGFILE" | sed 's/^/    /' >&2
  else
    log "no server log at $LOGFILE"
  fi
}

wait_ready() {
  local deadline=$((SECONDS + TIMEOUT))
  until ready; do
    if ((SECONDS >= deadline)); then
      log "ERROR: PostgreSQL on 127.0.0.1:$PORT did not accept connections within ${TIMEOUT}s"
      show_log_tail
      exit 1
    fi
    sleep 0.5
  done
}

write_config() {
  # Rewritten on every start so changes here (and PG_PORT) take effect; included from postgresql.conf.
  as_pg tee "$DATA/crm-test.conf" >/dev/null <<EOF
# Written by infra/postgres/start.sh on every start; edits are overwritten.
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$DATA'
# Sized for a 2-core CI box with a few GB of RAM.
max_connections = 200
shared_buffers = 256MB
huge_pages = off
effective_cache_size = 1GB
work_mem = 8MB
maintenance_work_mem = 128MB
max_worker_processes = 4
max_parallel_workers = 2
max_parallel_workers_per_gather = 1
max_wal_size = 2GB
checkpoint_completion_target = 0.9
# Real durability: the event store's durability tests depend on these. Do not turn them off.
fsync = on
synchronous_commit = on
full_page_writes = on
# Predictable behaviour in tests.
timezone = 'UTC'
log_timezone = 'UTC'
lc_messages = 'C'
logging_collector = off
log_line_prefix = '%m [%p] %q%u@%d '
EOF
  if ! grep -q "^include_if_exists = 'crm-test.conf'" "$DATA/postgresql.conf"; then
    printf "\n# Added by infra/postgres/start.sh\ninclude_if_exists = 'crm-test.conf'\n" |
      as_pg tee -a "$DATA/postgresql.conf" >/dev/null
  fi
}

pg_running_here() { as_pg "$BIN/pg_ctl" status -D "$DATA" >/dev/null 2>&1; }

if ready; then
  if [[ -f "$DATA/postmaster.pid" ]] && pg_running_here; then
    log "reusing PostgreSQL already running on 127.0.0.1:$PORT (data dir $DATA)"
  else
    log "reusing a PostgreSQL server already listening on 127.0.0.1:$PORT (not started from $DATA)"
  fi
else
  if [[ -f "$DATA/PG_VERSION" ]]; then
    have=$(cat "$DATA/PG_VERSION")
    want=$("$BIN/postgres" --version | sed -E 's/^[^0-9]*([0-9]+).*/\1/')
    [[ "$have" == "$want" ]] ||
      die "$DATA was created by PostgreSQL $have but the binaries are $want; run: bash infra/postgres/stop.sh --purge"
  else
    if [[ -d "$DATA" ]] && [[ -n "$(ls -A "$DATA" 2>/dev/null)" ]]; then
      die "$DATA exists, is not empty and is not a PostgreSQL data dir (an interrupted initdb?); run: bash infra/postgres/stop.sh --purge"
    fi
    log "initdb $DATA ($("$BIN/postgres" --version))"
    mkdir -p "$DATA"
    if [[ $(id -u) -eq 0 ]]; then chown "$PG_USER:" "$DATA"; fi
    chmod 700 "$DATA"
    if ! as_pg "$BIN/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 --locale=C >"$DATA.initdb.log" 2>&1; then
      sed 's/^/    /' "$DATA.initdb.log" >&2
      rm -f "$DATA.initdb.log"
      die "initdb failed"
    fi
    rm -f "$DATA.initdb.log"
  fi

  if pg_running_here; then
    log "server for $DATA is running but not ready yet; waiting"
  else
    write_config
    log "starting PostgreSQL on 127.0.0.1:$PORT (data dir $DATA, log $LOGFILE)"
    # 9>&-: the server must not inherit (and keep holding) our lock.
    if ! as_pg "$BIN/pg_ctl" start -D "$DATA" -l "$LOGFILE" -w -t "$TIMEOUT" >/dev/null 2>"$DATA.pg_ctl.err" 9>&-; then
      sed 's/^/    /' "$DATA.pg_ctl.err" >&2 || true
      rm -f "$DATA.pg_ctl.err"
      log "ERROR: pg_ctl start failed"
      show_log_tail
      exit 1
    fi
    rm -f "$DATA.pg_ctl.err"
  fi
fi
wait_ready

psql_admin() { "$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -tA "$@"; }
db_exists() { [[ "$(psql_admin -c "select 1 from pg_database where datname = '$DB'")" == "1" ]]; }
if ! db_exists; then
  log "creating database $DB"
  # A concurrent creator may win the race; only fail if the database still does not exist.
  psql_admin -c "create database \"$DB\"" >/dev/null 2>&1 || db_exists || die "could not create database $DB"
fi

log "ready: $URL"
printf '%s\n' "$URL"
