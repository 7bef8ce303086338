#!/usr/bin/env bash
# Serve Relève to many users: WORKERS Streamlit processes of web.py on loopback
# ports, behind nginx listening on PORT, with sticky sessions (serve/nginx.conf.in).
#
# One Streamlit process runs its scripts on one core (the GIL), so concurrent
# sessions queue behind each other; a process per core lets them run side by side.
# This script is only a supervisor: it starts the workers, waits until they answer,
# then runs nginx in the foreground. If any of them stops, or on Ctrl-C / SIGTERM,
# it stops all of them and exits (run it under systemd with Restart=on-failure to
# restart). The balancing itself is nginx's.
#
# Environment (all optional; `make serve` sets the first three):
#   PORT=8501          public port            WORKERS=$(nproc)   Streamlit processes
#   PYTHON=.venv/bin/python                   ADDRESS=           listen address (all)
#   WORKER_PORT=PORT+1 first internal port, the others follow
#   RUN_DIR=serve/run/PORT   generated nginx.conf, logs, nginx's temporary files
#   RELEVE_SHARED=1    shared mode, inherited by the workers like any variable
#   STREAMLIT_SERVER_COOKIE_SECRET   shared by all workers; random per start if unset
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

PORT=${PORT:-8501}
WORKERS=${WORKERS:-$(nproc)}
PYTHON=${PYTHON:-.venv/bin/python}
ADDRESS=${ADDRESS:-}
WORKER_PORT=${WORKER_PORT:-$((PORT + 1))}
RUN_DIR=${RUN_DIR:-serve/run/$PORT}
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}

[ -x "$NGINX" ] || { echo "nginx absent : apt-get install nginx-light (ou nginx)" >&2; exit 2; }
[ "$WORKERS" -ge 1 ] 2>/dev/null || { echo "WORKERS doit être un entier >= 1" >&2; exit 2; }
mkdir -p "$RUN_DIR/tmp"
RUN=$(cd "$RUN_DIR" && pwd)

# Signed cookies (st.login, XSRF) must verify on whichever worker gets the request.
export STREAMLIT_SERVER_COOKIE_SECRET=${STREAMLIT_SERVER_COOKIE_SECRET:-$("$PYTHON" -c 'import secrets; print(secrets.token_hex())')}

# Children die with this script even if it is killed with SIGKILL (no orphans).
DEATHSIG=()
command -v setpriv >/dev/null 2>&1 && DEATHSIG=(setpriv --pdeathsig TERM --)

pids=()
stop_all() {
  trap - EXIT INT TERM
  set +e   # some may already be gone; still signal and wait for the others
  [ ${#pids[@]} -gt 0 ] && kill -TERM "${pids[@]}" 2>/dev/null
  wait 2>/dev/null
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

ports=()
for ((i = 0; i < WORKERS; i++)); do
  p=$((WORKER_PORT + i))
  ports+=("$p")
  # No file watcher: a production server does not reload on save, and a watcher
  # costs inotify handles and memory in every session.
  "${DEATHSIG[@]}" "$PYTHON" -m streamlit run web.py \
    --server.address 127.0.0.1 --server.port "$p" --server.headless true \
    --server.fileWatcherType none --server.runOnSave false \
    --browser.gatherUsageStats false >"$RUN/worker-$p.log" 2>&1 &
  pids+=($!)
done

# nginx starts once every worker answers, so the first visitors get no 502.
ready() {  # port pid: wait for /_stcore/health (bash's /dev/tcp, no curl needed)
  local line=
  for ((t = 0; t < 480; t++)); do
    if { exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null; then
      printf 'GET /_stcore/health HTTP/1.0\r\n\r\n' >&3
      line= ; read -r -t 2 line <&3 || true
      exec 3<&-
      [[ $line == *" 200"* ]] && return 0
    fi
    kill -0 "$2" 2>/dev/null || return 1   # the worker died (port taken, bad option)
    sleep 0.25
  done
  return 1
}
for i in "${!ports[@]}"; do
  ready "${ports[$i]}" "${pids[$i]}" ||
    { echo "le worker du port ${ports[$i]} ne répond pas : voir $RUN_DIR/worker-${ports[$i]}.log" >&2; exit 1; }
done

servers=$(printf 'server 127.0.0.1:%s; ' "${ports[@]}")
ports_re=$(IFS='|'; echo "${ports[*]}")
listen=${ADDRESS:+$ADDRESS:}$PORT
sed -e "s|@RUN@|$RUN|g" -e "s|@SERVERS@|$servers|" -e "s/@PORTS_RE@/$ports_re/" \
    -e "s|@LISTEN@|$listen|" serve/nginx.conf.in >"$RUN/nginx.conf"
"${DEATHSIG[@]}" "$NGINX" -p "$RUN" -c "$RUN/nginx.conf" -e "$RUN/error.log" &
pids+=($!)

echo "Relève : $WORKERS workers (ports ${ports[0]}-${ports[-1]}) derrière nginx sur" \
     "http://${ADDRESS:-localhost}:$PORT${RELEVE_SHARED:+, RELEVE_SHARED=$RELEVE_SHARED} ; journaux dans $RUN_DIR/"

# Any child that stops (a worker crash, nginx refusing its config) stops the service.
set +e
wait -n
status=$?
echo "un processus s'est arrêté (code $status) : arrêt de tous ; voir $RUN_DIR/" >&2
exit 1
