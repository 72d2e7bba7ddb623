#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed and prints its executable as the last stdout line. Idempotent:
# when a Chromium is found it only prints. The console's end-to-end tests drive it with playwright-core
# (`executablePath`), which never downloads a browser of its own.
#
#   bash infra/chromium/ensure.sh              # install Debian's `chromium` with apt-get if missing
#   bash infra/chromium/ensure.sh --no-install # only look; exit 1 if missing
#
# Environment:
#   CHROMIUM_PATH     use this executable instead of searching
#   CRM_APT_UPDATED=1 `apt-get update` was already run by the caller (.ci/run); do not run it again
#
# Same rules as infra/postgres/install.sh: apt-get as root, else password-less sudo, else a clear message.
set -euo pipefail

log() { printf '[chromium] %s\n' "$*" >&2; }

find_chromium() {
  local candidate
  if [[ -n "${CHROMIUM_PATH:-}" ]]; then
    if [[ -x "$CHROMIUM_PATH" ]]; then
      printf '%s\n' "$CHROMIUM_PATH"
      return 0
    fi
    log "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable"
    return 1
  fi
  # /usr/bin/chromium is Debian's wrapper script (it sets flags and then runs /usr/lib/chromium/chromium).
  for candidate in /usr/bin/chromium /usr/lib/chromium/chromium /usr/bin/chromium-browser; do
    if [[ -x "$candidate" ]]; then
      printf '%s\n' "$candidate"
      return 0
    fi
  done
  return 1
}

if path=$(find_chromium); then
  printf '%s\n' "$path"
  exit 0
fi
[[ -z "${CHROMIUM_PATH:-}" ]] || exit 1

if [[ "${1:-}" == "--no-install" ]]; then
  log "no Chromium found (looked for /usr/bin/chromium)"
  exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
  log "Chromium is missing and apt-get is not available."
  log "Install Chromium yourself, or set CHROMIUM_PATH to a Chromium or Chrome executable."
  exit 1
fi

SUDO=()
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO=(sudo -n)
  else
    log "Chromium is missing and installing it needs root (or password-less sudo)."
    log "Run: sudo apt-get install -y --no-install-recommends chromium fonts-dejavu-core"
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
if [[ "${CRM_APT_UPDATED:-}" != "1" ]]; then
  log "apt-get update"
  "${SUDO[@]}" apt-get update -q >&2
fi
# A font, so that screenshots show text rather than boxes on a minimal image.
log "apt-get install chromium"
"${SUDO[@]}" apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core </dev/null >&2

if ! path=$(find_chromium); then
  log "apt-get install chromium succeeded but /usr/bin/chromium is not there"
  exit 1
fi
log "installed: $("$path" --version 2>/dev/null || echo "$path")"
printf '%s\n' "$path"
