# Sourceable (bash): a private PostgreSQL 15 for tests.
#
#   . tests/pg/pg.sh
#   pg_start || exit 1      # initdb + start in a fresh temp dir; exports PG* vars
#   trap pg_stop EXIT       # stop the server, remove the temp dir
#   pg_fresh_db NAME        # (re)create database NAME from template0
#   pg_hba_prepend LINE     # put LINE first in pg_hba.conf, reload
#
# Or, for a test script: pg_test_begin NAME does pg_start (exit 1 when it
# fails), makes $BIN (when set) absolute, and makes $WORK, a work dir of
# its own (mktemp, lockstep-NAME.XXXXXX under $TMPDIR); at exit the server
# stops and $WORK goes, unless the script set kept=1 (a failure keeps its
# work dir to be looked at).
#
# The server listens on a unix socket in the temp dir only (listen_addresses=''),
# never on TCP. Its superuser is always `lockstep` (trust auth), so clients
# (psql, lockstep) run as the caller and connect with PGUSER=lockstep.
# PostgreSQL refuses to run as root: when the caller is root the server runs
# as the unprivileged system user `lockstep-pg` (created if missing), which
# owns the temp dir; root clients still reach the socket.
#
# After pg_start: PGHOST (socket dir) PGPORT PGUSER PGDATABASE=postgres and
# PG_TMP (the temp dir; data in $PG_TMP/data, log in $PG_TMP/server.log).
# Roles app_reader, app_writer, app_owner (NOLOGIN) exist for fixtures.
# Quiet on success; on failure the functions print the reason (and the server
# log tail) to stderr and return non-zero. Safe under `set -eu`.

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PG_SERVER_USER=${PG_SERVER_USER:-lockstep-pg}
# Not inherited: a PG_TMP exported by a parent script names the parent's server.
PG_TMP=

# Run a server-side command (initdb, pg_ctl) as the server user, from /, with
# no client PG* variables that could change its port or data directory.
_pg_srv() {
  local bin=$1; shift
  [ -x "$PG_BIN/$bin" ] && bin=$PG_BIN/$bin
  (
    cd / || exit 1
    unset PGHOST PGHOSTADDR PGPORT PGDATA PGUSER PGDATABASE PGSERVICE PGOPTIONS
    if [ "$(id -u)" -eq 0 ]; then
      if command -v runuser >/dev/null 2>&1; then
        exec runuser -u "$PG_SERVER_USER" -- "$bin" "$@"
      else
        exec setpriv --reuid="$PG_SERVER_USER" --regid="$PG_SERVER_USER" \
          --init-groups -- "$bin" "$@"
      fi
    fi
    exec "$bin" "$@"
  )
}

_pg_fail() {
  echo "pg.sh: $1" >&2
  if [ -n "$PG_TMP" ] && [ -e "$PG_TMP/server.log" ]; then
    echo "pg.sh: server log tail ($PG_TMP/server.log):" >&2
    _pg_srv tail -n 25 "$PG_TMP/server.log" >&2
  fi
  return 1
}

pg_start() {
  local root=0 base sockperm=0700 locale=C
  [ "$(id -u)" -eq 0 ] && root=1
  if [ -n "$PG_TMP" ] && [ -d "$PG_TMP" ]; then
    echo "pg.sh: pg_start: a server is already running in $PG_TMP" >&2
    return 1
  fi

  if [ $root -eq 1 ] && ! id "$PG_SERVER_USER" >/dev/null 2>&1; then
    # A concurrent pg_start may create it first: only the final check counts.
    useradd --system --no-create-home --shell /usr/sbin/nologin \
      "$PG_SERVER_USER" >/dev/null 2>&1
    if ! id "$PG_SERVER_USER" >/dev/null 2>&1; then
      echo "pg.sh: could not create the system user $PG_SERVER_USER" >&2
      return 1
    fi
  fi

  # Unix socket paths are limited to ~107 bytes; the server user must be able
  # to reach the dir, so root always uses /tmp.
  base=${TMPDIR:-/tmp}
  if [ $root -eq 1 ] || [ ${#base} -gt 60 ] || [ ! -d "$base" ]; then base=/tmp; fi
  PG_TMP=$(mktemp -d "$base/lockstep-pg.XXXXXX") || { PG_TMP=; echo "pg.sh: mktemp failed" >&2; return 1; }
  export PG_TMP
  chmod 0700 "$PG_TMP" || { _pg_cleanup; return 1; }
  # The caller writes these; created before the dir changes hands.
  : >"$PG_TMP/initdb.log" && : >"$PG_TMP/pg_ctl.log" || { _pg_cleanup; return 1; }
  if [ $root -eq 1 ]; then
    # Root reaches a 0700 socket of another user through CAP_DAC_OVERRIDE; a
    # root without it (rare) gets an open dir and socket instead.
    local capeff
    capeff=$(awk '/^CapEff:/ {print $2}' /proc/self/status 2>/dev/null)
    if [ -n "$capeff" ] && [ $(( 0x$capeff & 2 )) -eq 0 ]; then
      chmod 0755 "$PG_TMP"; sockperm=0777
    fi
    chown "$PG_SERVER_USER:" "$PG_TMP" || { _pg_cleanup; return 1; }
  fi

  if locale -a 2>/dev/null | grep -qix 'c\.utf-\?8'; then locale=C.UTF-8; fi
  if ! _pg_srv initdb -D "$PG_TMP/data" -U lockstep -A trust --no-sync \
      -E UTF8 --locale="$locale" --no-instructions >"$PG_TMP/initdb.log" 2>&1; then
    echo "pg.sh: initdb failed:" >&2
    tail -n 25 "$PG_TMP/initdb.log" >&2
    _pg_cleanup; return 1
  fi

  local port=5432
  if ! _pg_srv pg_ctl -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w -t 30 -s \
      -o "-c listen_addresses='' -c unix_socket_directories='$PG_TMP' -c port=$port -c unix_socket_permissions=$sockperm -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=32MB -c max_connections=40 -c TimeZone=UTC" \
      start >"$PG_TMP/pg_ctl.log" 2>&1; then
    cat "$PG_TMP/pg_ctl.log" >&2
    _pg_fail "the server did not start"
    pg_stop; return 1
  fi

  unset PGHOSTADDR PGSERVICE PGSERVICEFILE
  export PGHOST=$PG_TMP PGPORT=$port PGUSER=lockstep PGDATABASE=postgres

  # pg_ctl -w already waited for "ready"; make sure a client really gets in.
  local i=0
  until pg_isready -q -h "$PGHOST" -p "$PGPORT" -d postgres -U lockstep >/dev/null 2>&1; do
    i=$((i + 1))
    if [ $i -ge 300 ]; then
      _pg_fail "the server is not accepting connections after 30s"
      pg_stop; return 1
    fi
    sleep 0.1
  done

  local err
  if ! err=$(psql -X -q -v ON_ERROR_STOP=1 -d postgres \
      -c "CREATE ROLE app_reader NOLOGIN" \
      -c "CREATE ROLE app_writer NOLOGIN" \
      -c "CREATE ROLE app_owner NOLOGIN" \
      -c "CREATE ROLE \"Ünï \"\"Role\"\"\" NOLOGIN" 2>&1 >/dev/null); then
    printf '%s\n' "$err" >&2
    _pg_fail "could not create the fixture roles"
    pg_stop; return 1
  fi
  return 0
}

# Remove the temp dir of a server that is not running.
_pg_cleanup() {
  if [ -n "$PG_TMP" ]; then
    # As root the tree belongs to the server user, who can always remove it.
    [ "$(id -u)" -eq 0 ] && _pg_srv rm -rf "$PG_TMP" >/dev/null 2>&1
    rm -rf "$PG_TMP"
  fi
  PG_TMP=
  return 0
}

pg_stop() {
  [ -n "$PG_TMP" ] || return 0
  if [ -f "$PG_TMP/data/postmaster.pid" ]; then
    _pg_srv pg_ctl -D "$PG_TMP/data" -m fast -w -t 30 -s stop >/dev/null 2>&1 ||
      _pg_srv pg_ctl -D "$PG_TMP/data" -m immediate -w -t 10 -s stop >/dev/null 2>&1
  fi
  _pg_cleanup
}

pg_fresh_db() {
  local name=${1:?usage: pg_fresh_db NAME} q err
  q=\"${name//\"/\"\"}\"
  if ! err=$(psql -X -q -v ON_ERROR_STOP=1 -d postgres \
      -c "SET client_min_messages = warning" \
      -c "DROP DATABASE IF EXISTS $q WITH (FORCE)" \
      -c "CREATE DATABASE $q TEMPLATE template0" 2>&1 >/dev/null); then
    printf '%s\n' "$err" >&2
    _pg_fail "pg_fresh_db $name failed"
    return 1
  fi
  return 0
}

# Put LINE first in pg_hba.conf (before the trust lines) and reload the
# server, for tests of password authentication. The server reads the file
# when it gets the reload signal, a moment later: wait for the new rule with
# a client check of your own.
pg_hba_prepend() {
  local line=${1:?usage: pg_hba_prepend LINE}
  [ -n "$PG_TMP" ] || { echo "pg.sh: pg_hba_prepend: no server" >&2; return 1; }
  printf '%s\n' "$line" | _pg_srv sh -c \
    'f=$1; { cat; cat "$f"; } >"$f.new" && mv "$f.new" "$f"' sh "$PG_TMP/data/pg_hba.conf" ||
    { _pg_fail "pg_hba_prepend: cannot write pg_hba.conf"; return 1; }
  _pg_srv pg_ctl -D "$PG_TMP/data" -s reload >/dev/null 2>&1 ||
    { _pg_fail "pg_hba_prepend: reload failed"; return 1; }
}

pg_test_begin() {
  local name=${1:?usage: pg_test_begin NAME}
  case ${BIN:-} in ''|/*) ;; */*) BIN=$PWD/$BIN ;; esac
  pg_start || exit 1
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/lockstep-$name.XXXXXX") || { pg_stop; exit 1; }
  kept=0
  trap _pg_test_end EXIT
}

_pg_test_end() {
  pg_stop
  if [ "${kept:-0}" -eq 0 ] && [ -n "${WORK:-}" ]; then rm -rf "$WORK"; fi
}
