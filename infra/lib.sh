# Helpers shared by the infra/ scripts (sourced, not run). Each script defines `log` (its own prefix) first.

die() {
  log "ERROR: $*"
  exit 1
}

# Parses the stop scripts' arguments into $purge (0|1); --help prints lines $1..$2 of the calling script's header.
parse_stop_args() {
  local help_from=$1 help_to=$2
  shift 2
  purge=0
  for arg in "$@"; do
    case "$arg" in
      --purge) purge=1 ;;
      -h | --help)
        sed -n "${help_from},${help_to}p" "${BASH_SOURCE[1]}" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
      *)
        log "unknown argument: $arg (expected --purge)"
        exit 2
        ;;
    esac
  done
}

# Serialises start/stop of one service instance across concurrent test runs (fd 9 stays open until exit).
# `take_service_lock <file> strict` fails (start: never start twice); without `strict` a stop goes on anyway.
take_service_lock() {
  local lock=$1 mode=${2:-}
  if command -v flock >/dev/null 2>&1; then
    exec 9>>"$lock"
    if ! flock -w 300 9; then
      [[ "$mode" == strict ]] && die "timed out waiting for the lock $lock"
      log "WARNING: could not take $lock; going on anyway"
    fi
  fi
}

# Deletes a data dir, refusing one that is neither ours (a /tmp/<prefix>* path) nor marked by <marker file>.
purge_data_dir() {
  local dir=$1 marker=$2 prefix=$3
  if [[ -e "$dir" && ! -f "$dir/$marker" && "$dir" != "$prefix"* && -n "$(ls -A "$dir")" ]]; then
    log "refusing to purge $dir: it is not a data dir made by start.sh"
    exit 1
  elif [[ -e "$dir" ]]; then
    log "removing $dir"
    rm -rf -- "$dir"
  fi
}
