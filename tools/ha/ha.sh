# ./ektp ha up|kill|disable|enable|status|down — the district server's high-availability topology on one machine, on
# loopback ports of its own (docs/operations.md, "Several instances and failover"). Sourced by ./ektp, whose helpers it
# uses (say, die, apt_install, pg_os_user, ensure_secrets). Every process it starts runs in a session of its own whose
# id is kept in .data/ha/pids/NAME, so kill and down reach exactly those processes and nothing else on the machine.

HA_BASE_PORT="${EKTP_HA_PORT:-5460}"
HA_MONITOR_PORT=$HA_BASE_PORT               # pg_auto_failover monitor
HA_NODE1_PORT=$((HA_BASE_PORT + 1))         # PostgreSQL node1 (primary at first)
HA_NODE2_PORT=$((HA_BASE_PORT + 2))         # PostgreSQL node2 (synchronous standby at first)
HA_REDIS_PORT=$((HA_BASE_PORT + 3))         # Redis: the SignalR backplane
HA_LB_PORT=$((HA_BASE_PORT + 10))           # HAProxy: the portal's one public address
HA_WEB1_PORT=$((HA_BASE_PORT + 11))
HA_WEB2_PORT=$((HA_BASE_PORT + 12))
HA_STATS_PORT=$((HA_BASE_PORT + 19))        # HAProxy's statistics page (loopback)
HA_METRICS1_PORT=$((HA_BASE_PORT + 21))     # each instance's internal metrics address
HA_METRICS2_PORT=$((HA_BASE_PORT + 22))
HA_PROMETHEUS_PORT=$((HA_BASE_PORT + 29))
HA_PG_BIN=/usr/lib/postgresql/15/bin

ha_dir() {
  if [ -n "${EKTP_HA_DATA:-}" ]; then echo "$EKTP_HA_DATA"; return; fi
  mkdir -p "$DATA"
  # PostgreSQL runs as the postgres user, who must reach the folder (as for ./ektp db).
  if [ "$(id -u)" -ne 0 ] || runuser -u "$(pg_os_user)" -- test -x "$DATA" 2>/dev/null; then echo "$DATA/ha"
  else echo "/var/lib/ektp/$(printf '%s' "$ROOT" | sha1sum | cut -c1-12)/ha"; fi
}

HA="$(ha_dir)"
HA_PIDS="$HA/pids"

ha_ensure_installed() {
  local missing=()
  command -v haproxy >/dev/null 2>&1 || missing+=(haproxy)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  command -v pg_autoctl >/dev/null 2>&1 || missing+=(postgresql-15-auto-failover)
  command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)
  command -v socat >/dev/null 2>&1 || missing+=(socat)
  [ -x "$HA_PG_BIN/initdb" ] || missing+=(postgresql-15)
  [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
  for c in haproxy redis-server pg_autoctl prometheus socat; do
    command -v "$c" >/dev/null 2>&1 || die "$c is missing and could not be installed (Debian packages: haproxy, redis-server, postgresql-15-auto-failover, prometheus, socat)."
  done
}

# Starts "$@" in a session of its own, output to $HA/logs/NAME.log; its session id (= its pid) goes to $HA_PIDS/NAME.
ha_spawn() {
  local name="$1"; shift
  mkdir -p "$HA_PIDS" "$HA/logs"
  setsid "$@" >"$HA/logs/$name.log" 2>&1 < /dev/null &
  echo $! > "$HA_PIDS/$name"
}

ha_pid() { [ -s "$HA_PIDS/$1" ] && cat "$HA_PIDS/$1"; }

ha_alive() { local p; p="$(ha_pid "$1")" && kill -0 "$p" 2>/dev/null; }

# Ends the session started as NAME: TERM (PostgreSQL shuts down fast), KILL after 30 s; with --hard, KILL at once.
ha_stop() {
  local name="$1" signal="${2:-TERM}" pid i
  pid="$(ha_pid "$name")" || return 0
  kill -"$signal" -- "-$pid" 2>/dev/null || true
  for i in $(seq 1 60); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.5; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  rm -f "$HA_PIDS/$name"
}

ha_autoctl() {
  runuser -u "$(pg_os_user)" -- env XDG_CONFIG_HOME="$HA/pg/config" XDG_DATA_HOME="$HA/pg/share" \
    PG_CONFIG="$HA_PG_BIN/pg_config" pg_autoctl "$@"
}

ha_psql() { local port="$1" db="$2"; shift 2; runuser -u "$(pg_os_user)" -- psql -X -q -h 127.0.0.1 -p "$port" -d "$db" -At "$@"; }

# ha_wait NAME SECONDS COMMAND…: until COMMAND succeeds; fails at once when the process started as NAME has ended.
ha_wait() {
  local name="$1" seconds="$2"; shift 2
  local i
  for i in $(seq 1 $((seconds * 2))); do
    "$@" >/dev/null 2>&1 && return 0
    ha_alive "$name" || die "$name stopped while starting; see $HA/logs/$name.log."
    sleep 0.5
  done
  die "$name did not come up within $seconds s; see $HA/logs/$name.log."
}

ha_monitor_uri() { echo "postgres://autoctl_node@127.0.0.1:$HA_MONITOR_PORT/pg_auto_failover?sslmode=disable"; }

ha_node_state() { # NAME -> its reported state, as the monitor has it
  ha_psql "$HA_MONITOR_PORT" pg_auto_failover -c "select reportedstate from pgautofailover.node where nodename = '$1'" 2>/dev/null
}

ha_primary() {
  ha_psql "$HA_MONITOR_PORT" pg_auto_failover -c "select nodename from pgautofailover.node where reportedstate in ('primary','wait_primary','single') order by nodeid limit 1" 2>/dev/null
}

# Each node allows PostgreSQL's default 100 connections, 97 of them to a role that is not a superuser. Each instance's
# pools are bounded so that both instances together stay under that after a failover too, when one node takes them all:
# 2 × (30 pages + 5 dashboard + 2 readiness) = 74 (decision 1608). Above its bound a request waits for a pooled
# connection (Database__ConnectTimeoutSeconds) instead of being refused by a full server.
ha_connection() { # Target Session Attributes: read-write (the portal) or prefer-standby (the dashboard's reads)
  local pool=30; [ "$1" = read-write ] || pool=5
  echo "Host=127.0.0.1:$HA_NODE1_PORT,127.0.0.1:$HA_NODE2_PORT;Database=ektp;Username=ektp;Password=ektp-ha-demo;Target Session Attributes=$1;Maximum Pool Size=$pool"
}

ha_start_node() {
  local name="$1" port="$2"
  ha_spawn "$name" runuser -u "$(pg_os_user)" -- env XDG_CONFIG_HOME="$HA/pg/config" XDG_DATA_HOME="$HA/pg/share" \
    PG_CONFIG="$HA_PG_BIN/pg_config" pg_autoctl create postgres --pgdata "$HA/pg/$name" --pgport "$port" \
    --hostname 127.0.0.1 --listen 127.0.0.1 --name "$name" --dbname ektp --auth trust --no-ssl \
    --monitor "$(ha_monitor_uri)" --run
}

# The environment of one portal instance, in HA_ENV (an array: the connection strings hold spaces).
ha_web_env() { # NAME PORT METRICS_PORT
  HA_ENV=(ASPNETCORE_ENVIRONMENT="${EKTP_HA_ENVIRONMENT:-Production}" ASPNETCORE_URLS="http://127.0.0.1:$2"
    Instance__Name="$1" Metrics__Url="http://127.0.0.1:$3"
    "ConnectionStrings__EKtp=$(ha_connection read-write)" "ConnectionStrings__EKtpReadOnly=$(ha_connection prefer-standby)"
    ConnectionStrings__Redis="127.0.0.1:$HA_REDIS_PORT"
    Logging__Directory="$HA/logs/$1" Notifications__FileDirectory="$HA/outbox")
}

HA_DLL="$ROOT/src/EKtp.Web/bin/Release/net10.0/EKtp.Web.dll"

ha_start_web() { # NAME PORT METRICS_PORT
  ha_web_env "$1" "$2" "$3"
  ha_spawn "$1" env "${HA_ENV[@]}" dotnet "$HA_DLL"
}

# What HAProxy answers itself (no instance up, one that died mid-request, one too slow): the portal's own kind of
# outage answer, 503 with Retry-After, never a bare 502.
ha_write_haproxy_errors() {
  mkdir -p "$HA/errors"
  local code
  for code in 502 503 504; do
    printf 'HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5\r\nCache-Control: no-store\r\nContent-Type: text/html; charset=utf-8\r\nConnection: close\r\n\r\n%s\n' \
      '<!doctype html><html lang="id"><meta charset="utf-8"><title>Coba lagi sebentar</title><p>Layanan sedang dipindahkan ke server lain. Coba lagi dalam beberapa detik; pemesanan yang diulang tidak tercatat dua kali.</p><p lang="en">The service is moving to another server. Try again in a few seconds.</p></html>' \
      > "$HA/errors/$code.http"
  done
}

ha_write_haproxy_config() {
  ha_write_haproxy_errors
  cat > "$HA/haproxy.cfg" <<CFG
# Written by ./ektp ha up. One public address, round robin over two portal instances, each checked on /health/ready.
global
    maxconn 4000
    log stdout format raw local0
    # The runtime API, for ./ektp ha disable|enable (an instance out of rotation without stopping it). A Unix socket
    # only its owner may open: "level admin" can take every instance out.
    stats socket $HA/haproxy.sock mode 600 level admin

defaults
    mode http
    log global
    option httplog
    # The resident's address for the portal's audit log and rate limits (ForwardedHeaders: loopback is trusted).
    option forwardfor
    timeout connect 2s
    timeout client 60s
    timeout server 30s
    # The waiting-room boards' WebSockets.
    timeout tunnel 1h
    # A request whose connection could not be opened goes to the other instance; one already sent is never re-sent
    # (a booking must not be made twice behind the resident's back: its idempotency key is theirs to use).
    retries 2
    retry-on conn-failure
    option redispatch
    errorfile 502 $HA/errors/502.http
    errorfile 503 $HA/errors/503.http
    errorfile 504 $HA/errors/504.http

frontend portal
    bind 127.0.0.1:$HA_LB_PORT
    default_backend portal_instances

backend portal_instances
    balance roundrobin
    option httpchk
    http-check send meth GET uri /health/ready ver HTTP/1.1 hdr Host 127.0.0.1
    http-check expect status 200
    # /health/ready answers within 2 s either way (decision 1303): a check gets 3 s, and an instance is out after 3
    # failures, so a live instance slowed by load stays in rotation (decision 1607).
    timeout check 3s
    default-server inter 1s fall 3 rise 2
    server web1 127.0.0.1:$HA_WEB1_PORT check
    server web2 127.0.0.1:$HA_WEB2_PORT check

listen stats
    bind 127.0.0.1:$HA_STATS_PORT
    stats enable
    stats uri /
CFG
}

ha_write_prometheus_config() {
  cat > "$HA/prometheus.yml" <<CFG
# Written by ./ektp ha up: both instances' internal metrics addresses, every 5 s.
global:
  scrape_interval: 5s
scrape_configs:
  - job_name: ektp
    static_configs:
      - targets: ['127.0.0.1:$HA_METRICS1_PORT', '127.0.0.1:$HA_METRICS2_PORT']
CFG
}

ha_up() {
  [ -d "$HA_PIDS" ] && [ -n "$(ls -A "$HA_PIDS" 2>/dev/null)" ] && die "the HA topology is already up (./ektp ha status; ./ektp ha down first)."
  ha_ensure_installed
  ensure_secrets
  # ensure_secrets leaves umask 077; the postgres user must traverse $HA to reach its own folder.
  umask 022
  local user; user="$(pg_os_user)"
  rm -rf "$HA"; mkdir -p "$HA/pg" "$HA/logs" "$HA_PIDS" "$HA/outbox"
  # A failure half-way stops what was already started.
  trap 'say "ha up failed: stopping what it started"; ha_down' EXIT
  chown "$user" "$HA/pg"; chmod 700 "$HA/pg"

  # ./ektp bench failover has just built everything (EKTP_HA_NO_BUILD=1).
  if [ -z "${EKTP_HA_NO_BUILD:-}" ]; then
    say "Building the portal (Release)"
    dotnet build "$WEB_PROJECT" -c Release --nologo -v q >/dev/null || die "the build failed"
  fi

  say "pg_auto_failover monitor on 127.0.0.1:$HA_MONITOR_PORT"
  ha_spawn monitor runuser -u "$user" -- env XDG_CONFIG_HOME="$HA/pg/config" XDG_DATA_HOME="$HA/pg/share" \
    PG_CONFIG="$HA_PG_BIN/pg_config" pg_autoctl create monitor --pgdata "$HA/pg/monitor" --pgport "$HA_MONITOR_PORT" \
    --hostname 127.0.0.1 --listen 127.0.0.1 --auth trust --no-ssl --run
  ha_wait monitor 120 ha_psql "$HA_MONITOR_PORT" pg_auto_failover -c "select 1 from pgautofailover.formation"
  # Faster than the defaults (5 s checks, 20 s until unhealthy, 30 s to demote), for a demonstration on one machine.
  ha_psql "$HA_MONITOR_PORT" pg_auto_failover \
    -c "alter system set pgautofailover.health_check_period = 1000" \
    -c "alter system set pgautofailover.health_check_timeout = 1000" \
    -c "alter system set pgautofailover.health_check_retry_delay = 500" \
    -c "alter system set pgautofailover.node_considered_unhealthy_timeout = 5000" \
    -c "alter system set pgautofailover.primary_demote_timeout = 10000" \
    -c "select pg_reload_conf()" >/dev/null

  say "PostgreSQL node1 (primary) on 127.0.0.1:$HA_NODE1_PORT"
  ha_start_node node1 "$HA_NODE1_PORT"
  ha_wait node1 180 bash -c "[ \"\$(runuser -u $user -- psql -X -h 127.0.0.1 -p $HA_MONITOR_PORT -d pg_auto_failover -Atc \"select reportedstate from pgautofailover.node where nodename = 'node1'\")\" = single ]"
  ha_psql "$HA_NODE1_PORT" ektp -c "create role ektp login password 'ektp-ha-demo'" -c "alter database ektp owner to ektp" >/dev/null

  say "PostgreSQL node2 (synchronous standby) on 127.0.0.1:$HA_NODE2_PORT"
  ha_start_node node2 "$HA_NODE2_PORT"
  # The base backup waits for a checkpoint; ask for it now rather than at the next scheduled one.
  sleep 2; ha_psql "$HA_NODE1_PORT" postgres -c checkpoint >/dev/null || true
  ha_wait node2 300 bash -c "[ \"\$(runuser -u $user -- psql -X -h 127.0.0.1 -p $HA_MONITOR_PORT -d pg_auto_failover -Atc \"select string_agg(reportedstate::text, ',' order by nodeid) from pgautofailover.node\")\" = primary,secondary ]"

  say "Redis on 127.0.0.1:$HA_REDIS_PORT"
  ha_spawn redis redis-server --bind 127.0.0.1 --port "$HA_REDIS_PORT" --save "" --appendonly no --daemonize no
  ha_wait redis 30 redis-cli -p "$HA_REDIS_PORT" ping

  say "Migrating the database"
  ha_web_env migrate 0 0
  env "${HA_ENV[@]}" Metrics__Url= dotnet "$HA_DLL" migrate >"$HA/logs/migrate.log" 2>&1 || die "migration failed; see $HA/logs/migrate.log"

  say "Portal instances web1 (127.0.0.1:$HA_WEB1_PORT) and web2 (127.0.0.1:$HA_WEB2_PORT)"
  ha_start_web web1 "$HA_WEB1_PORT" "$HA_METRICS1_PORT"
  ha_start_web web2 "$HA_WEB2_PORT" "$HA_METRICS2_PORT"
  ha_wait web1 120 curl -fsS "http://127.0.0.1:$HA_WEB1_PORT/health/ready"
  ha_wait web2 120 curl -fsS "http://127.0.0.1:$HA_WEB2_PORT/health/ready"

  say "HAProxy on 127.0.0.1:$HA_LB_PORT (statistics: http://127.0.0.1:$HA_STATS_PORT/)"
  ha_write_haproxy_config
  haproxy -c -q -f "$HA/haproxy.cfg" || die "the HAProxy configuration is invalid: $HA/haproxy.cfg"
  ha_spawn haproxy haproxy -db -f "$HA/haproxy.cfg"
  ha_wait haproxy 30 curl -fsS "http://127.0.0.1:$HA_LB_PORT/health/ready"

  say "Prometheus on 127.0.0.1:$HA_PROMETHEUS_PORT"
  ha_write_prometheus_config
  mkdir -p "$HA/prometheus"
  ha_spawn prometheus prometheus --config.file="$HA/prometheus.yml" --storage.tsdb.path="$HA/prometheus" \
    --web.listen-address="127.0.0.1:$HA_PROMETHEUS_PORT"

  trap - EXIT
  say "Up: the portal at http://127.0.0.1:$HA_LB_PORT/ (./ektp ha status, ./ektp ha kill web1|web2|db-primary, ./ektp ha down)"
}

ha_kill() {
  case "${1:-}" in
    web1|web2)
      ha_alive "$1" || die "$1 is not running."
      ha_stop "$1" KILL; say "$1 killed (SIGKILL); HAProxy takes it out after three failed checks (about 3 s; decision 1607)" ;;
    db-primary)
      local primary; primary="$(ha_primary)"; [ -n "$primary" ] || die "no primary is known to the monitor."
      ha_alive "$primary" || die "$primary's keeper is not running."
      # The keeper and its PostgreSQL together, as a machine that dies: no clean shutdown, no demotion.
      local postmaster; postmaster="$(head -1 "$HA/pg/$primary/postmaster.pid" 2>/dev/null || true)"
      ha_stop "$primary" KILL
      [ -n "$postmaster" ] && kill -KILL "$postmaster" 2>/dev/null || true
      say "$primary (the primary) killed; the monitor promotes the standby (./ektp ha status)" ;;
    *) die "usage: ./ektp ha kill web1|web2|db-primary" ;;
  esac
}

# One command to HAProxy's runtime API (the admin socket written into haproxy.cfg); its answer on stdout.
ha_haproxy_command() {
  [ -S "$HA/haproxy.sock" ] || die "HAProxy's admin socket $HA/haproxy.sock is missing (is the topology up?)."
  printf '%s\n' "$1" | socat -t 5 stdio "unix-connect:$HA/haproxy.sock"
}

ha_server_status() { # NAME -> HAProxy's status of that instance (UP, DOWN, MAINT, …), from its statistics
  curl -fsS "http://127.0.0.1:$HA_STATS_PORT/;csv" 2>/dev/null | awk -F, -v s="$1" '$1=="portal_instances" && $2==s {print $18}'
}

# ./ektp ha disable|enable web1|web2: the instance out of HAProxy's rotation (maintenance) and back, without touching
# its process; requests already on it finish. Returns once HAProxy reports it MAINT, or UP again (two good checks).
ha_rotation() {
  local action="$1" name="${2:-}" want state i
  case "$name" in web1|web2) ;; *) die "usage: ./ektp ha $action web1|web2" ;; esac
  if [ "$action" = disable ]; then want=MAINT; ha_haproxy_command "set server portal_instances/$name state maint" >/dev/null
  else want=UP; ha_haproxy_command "set server portal_instances/$name state ready" >/dev/null; fi
  for i in $(seq 1 60); do
    state="$(ha_server_status "$name")"
    [ "${state%% *}" = "$want" ] && { say "$name is $want in HAProxy"; return 0; }
    sleep 0.5
  done
  die "HAProxy reports $name as '${state:-nothing}', not $want, after 30 s."
}

ha_status() {
  [ -d "$HA_PIDS" ] || { echo "The HA topology is not up (./ektp ha up)."; return 0; }
  local name
  for name in monitor node1 node2 redis web1 web2 haproxy prometheus; do
    if ha_alive "$name"; then printf '%-11s running (session %s)\n' "$name" "$(ha_pid "$name")"
    else printf '%-11s stopped\n' "$name"; fi
  done
  echo
  ha_autoctl show state --pgdata "$HA/pg/monitor" 2>/dev/null || echo "(the monitor does not answer)"
  echo
  curl -fsS "http://127.0.0.1:$HA_STATS_PORT/;csv" 2>/dev/null | awk -F, '$1=="portal_instances" && $2 ~ /^web/ {print "haproxy " $2 ": " $18}' \
    || echo "(HAProxy does not answer)"
}

ha_down() {
  [ -d "$HA_PIDS" ] || { say "The HA topology is not up"; return 0; }
  local name
  for name in prometheus haproxy web1 web2 redis node2 node1 monitor; do
    if [ -s "$HA_PIDS/$name" ]; then ha_stop "$name"; say "$name stopped"; fi
  done
  rm -rf "$HA_PIDS"
}

cmd_ha() {
  case "${1:-status}" in
    up) ha_up ;;
    kill) shift; ha_kill "$@" ;;
    status) ha_status ;;
    disable|enable) ha_rotation "$@" ;;
    down) ha_down ;;
    *) die "usage: ./ektp ha up|status|kill web1|web2|db-primary|disable web1|web2|enable web1|web2|down" ;;
  esac
}
