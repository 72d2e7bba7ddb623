#!/usr/bin/env bash
# Makes sure PostgreSQL server binaries (initdb, pg_ctl, postgres, pg_isready, psql) are present and prints
# their directory as the last stdout line. Idempotent: when the binaries are already there it only prints.
#
#   bash infra/postgres/install.sh              # install from Debian/Ubuntu packages if missing
#   bash infra/postgres/install.sh --no-install # only look; exit 1 if missing (used by stop.sh and .ci/run)
#
# Environment:
#   PG_BIN            use this bin dir instead of searching /usr/lib/postgresql/<ver>/bin
#   CRM_APT_UPDATED=1 `apt-get update` was already run by the caller (.ci/run); do not run it again
#
# The Debian package normally creates and starts a "main" cluster on port 5432. We never use it, so while
# installing we (a) tell postgresql-common not to create it and (b) forbid service starts through
# policy-rc.d. Both are undone afterwards. A pre-existing cluster is left alone.
set -euo pipefail

log() { printf '[pg-install] %s\n' "$*" >&2; }

find_bin_dir() {
  local dir
  if [[ -n "${PG_BIN:-}" ]]; then
    if [[ -x "$PG_BIN/initdb" && -x "$PG_BIN/pg_ctl" ]]; then
      printf '%s\n' "$PG_BIN"
      return 0
    fi
    log "PG_BIN=$PG_BIN does not contain initdb and pg_ctl"
    return 1
  fi
  # Newest major version first (sort -V so that 9.6 < 10 < 16).
  while read -r dir; do
    if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" && -x "$dir/postgres" && -x "$dir/pg_isready" && -x "$dir/psql" ]]; then
      printf '%s\n' "$dir"
      return 0
    fi
  done < <(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r)
  # Non-Debian layouts (e.g. a source build or a distro that puts everything on PATH).
  if dir=$(command -v pg_ctl 2>/dev/null); then
    dir=$(dirname "$(readlink -f "$dir")")
    if [[ -x "$dir/initdb" && -x "$dir/postgres" && -x "$dir/pg_isready" && -x "$dir/psql" ]]; then
      printf '%s\n' "$dir"
      return 0
    fi
  fi
  return 1
}

if bin_dir=$(find_bin_dir); then
  printf '%s\n' "$bin_dir"
  exit 0
fi

if [[ "${1:-}" == "--no-install" ]]; then
  log "no PostgreSQL server binaries found"
  exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
  log "PostgreSQL server binaries are missing and apt-get is not available."
  log "Install PostgreSQL (>= 14) yourself, or set PG_BIN to a directory containing initdb/pg_ctl/postgres."
  exit 1
fi

SUDO=()
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO=(sudo -n)
  else
    log "PostgreSQL is missing and installing it needs root (or password-less sudo)."
    log "Run: sudo apt-get install -y --no-install-recommends postgresql"
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
no_main_conf=/etc/postgresql-common/createcluster.d/zz-crm-no-main-cluster.conf
policy=/usr/sbin/policy-rc.d
created_policy=0
cleanup() {
  "${SUDO[@]}" rm -f "$no_main_conf"
  "${SUDO[@]}" rmdir /etc/postgresql-common/createcluster.d 2>/dev/null || true
  if [[ $created_policy -eq 1 ]]; then "${SUDO[@]}" rm -f "$policy"; fi
}
trap cleanup EXIT

# postgresql-common's createcluster.conf ends with include_dir '/etc/postgresql-common/createcluster.d',
# which its postinst consults for create_main_cluster before running pg_createcluster.
"${SUDO[@]}" mkdir -p /etc/postgresql-common/createcluster.d
printf '# temporary, written by infra/postgres/install.sh\ncreate_main_cluster = off\n' |
  "${SUDO[@]}" tee "$no_main_conf" >/dev/null
if [[ ! -e "$policy" ]]; then
  printf '#!/bin/sh\n# temporary, written by infra/postgres/install.sh: do not start services\nexit 101\n' |
    "${SUDO[@]}" tee "$policy" >/dev/null
  "${SUDO[@]}" chmod 755 "$policy"
  created_policy=1
fi

apt_opts=(-y -q --no-install-recommends -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
if [[ "${CRM_APT_UPDATED:-}" != "1" ]]; then
  log "apt-get update"
  "${SUDO[@]}" apt-get update -q >&2
fi
log "apt-get install postgresql"
"${SUDO[@]}" apt-get install "${apt_opts[@]}" postgresql </dev/null >&2

# Belt and braces: if some cluster came up anyway during the install, stop it (we never depend on it).
if command -v pg_lsclusters >/dev/null 2>&1; then
  while read -r ver name port status _; do
    if [[ "$status" == online* ]]; then
      log "stopping cluster $ver/$name (port $port) started by the package install"
      "${SUDO[@]}" pg_ctlcluster "$ver" "$name" stop || true
    fi
  done < <(pg_lsclusters --no-header 2>/dev/null || true)
fi

if ! bin_dir=$(find_bin_dir); then
  log "apt-get install postgresql succeeded but no server binaries were found under /usr/lib/postgresql/*/bin"
  exit 1
fi
log "installed: $("$bin_dir/postgres" --version)"
printf '%s\n' "$bin_dir"
