# Sourceable: a private PostgreSQL 15 for tests, on a unix socket in a
# temp dir, never on TCP. The server refuses root, so as root it runs as the
# unprivileged system user lockstep-pg. Clients run as the caller.
#   pg_start; trap pg_stop EXIT; pg_fresh_db NAME
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

pg_as() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u lockstep-pg -- "$@"; else "$@"; fi
}

pg_start() {
  if [ "$(id -u)" -eq 0 ] && ! id lockstep-pg >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin lockstep-pg
  fi
  PG_TMP=$(mktemp -d /tmp/lockstep-pg.XXXXXX)
  chmod 755 "$PG_TMP"
  [ "$(id -u)" -eq 0 ] && chown lockstep-pg "$PG_TMP"
  pg_as "$PG_BIN/initdb" -D "$PG_TMP/data" -U lockstep -A trust --no-sync \
    -E UTF8 --locale=C.UTF-8 >"$PG_TMP/initdb.log" 2>&1 || { cat "$PG_TMP/initdb.log" >&2; return 1; }
  pg_as "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w -t 30 \
    -o "-c listen_addresses='' -c unix_socket_directories=$PG_TMP -c fsync=off -c TimeZone=UTC" \
    start >/dev/null || { tail -20 "$PG_TMP/server.log" >&2; return 1; }
  export PGHOST=$PG_TMP PGPORT=5432 PGUSER=lockstep PGDATABASE=postgres PG_TMP
  psql -X -q -v ON_ERROR_STOP=1 -c "CREATE ROLE app_reader NOLOGIN; CREATE ROLE app_writer NOLOGIN; CREATE ROLE app_owner NOLOGIN;" >/dev/null
}

pg_stop() {
  [ -n "${PG_TMP:-}" ] || return 0
  pg_as "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m fast -w stop >/dev/null 2>&1
  rm -rf "$PG_TMP"
  PG_TMP=
}

pg_fresh_db() {
  psql -X -q -d postgres -c "DROP DATABASE IF EXISTS \"$1\"" >/dev/null 2>&1
  psql -X -q -d postgres -c "CREATE DATABASE \"$1\" TEMPLATE template0" >/dev/null
}
