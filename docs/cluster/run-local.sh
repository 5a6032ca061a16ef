#!/bin/sh
# Runs two OpenAI Balance instances in cluster mode on this machine, with nginx in front:
#
#   ./mvnw -q -B -DskipTests package          # once: builds gateway/target/openai-balance.jar
#   docs/cluster/run-local.sh cluster.env     # Ctrl-C stops all three
#
# cluster.env is an ordinary .env that every instance reads; it must name the shared database
# (DATABASE_TYPE=mysql or postgres and its variables), REDIS_URL and ENCRYPTION_KEY. Each
# instance gets a directory of its own under $CLUSTER_DIR and its port from the environment
# (which wins over the file). Clients use http://127.0.0.1:$PORT_LB/v1.
set -eu

ENV_FILE_PATH=$(cd "$(dirname "${1:?usage: run-local.sh FILE.env}")" && pwd)/$(basename "$1")
REPO=$(cd "$(dirname "$0")/../.." && pwd)
JAR="$REPO/gateway/target/openai-balance.jar"
CLUSTER_DIR=${CLUSTER_DIR:-${TMPDIR:-/tmp}/openai-balance-cluster}
PORT_A=${PORT_A:-8001}
PORT_B=${PORT_B:-8002}
PORT_LB=${PORT_LB:-8000}
JAVA_OPTS=${JAVA_OPTS:--XX:+UseSerialGC -Xms64m -Xmx512m -XX:+ExitOnOutOfMemoryError}

[ -f "$JAR" ] || { echo "No $JAR: run ./mvnw -q -B -DskipTests package first" >&2; exit 1; }
mkdir -p "$CLUSTER_DIR/a" "$CLUSTER_DIR/b" "$CLUSTER_DIR/nginx/logs"
pids=""
stop() {
  # shellcheck disable=SC2086 # a list of process ids
  [ -z "$pids" ] || kill $pids 2>/dev/null || true
}
trap stop EXIT INT TERM

for instance in a b; do
  if [ "$instance" = a ]; then port=$PORT_A; else port=$PORT_B; fi
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
  (cd "$CLUSTER_DIR/$instance" && HOSTNAME="instance-$instance" ENV_FILE="$ENV_FILE_PATH" \
    PORT=$port exec java $JAVA_OPTS -jar "$JAR") > "$CLUSTER_DIR/$instance.log" 2>&1 &
  pids="$pids $!"
done

if command -v nginx > /dev/null 2>&1; then
  sed -e "s/127.0.0.1:8001/127.0.0.1:$PORT_A/" -e "s/127.0.0.1:8002/127.0.0.1:$PORT_B/" \
      -e "s/listen 8000;/listen 127.0.0.1:$PORT_LB;/" \
      -e "s|^events|pid $CLUSTER_DIR/nginx/nginx.pid;\nerror_log $CLUSTER_DIR/nginx/error.log;\nevents|" \
      "$REPO/docs/cluster/nginx.conf" > "$CLUSTER_DIR/nginx/nginx.conf"
  nginx -p "$CLUSTER_DIR/nginx" -c "$CLUSTER_DIR/nginx/nginx.conf" -g 'daemon off;' &
  pids="$pids $!"
  echo "nginx on http://127.0.0.1:$PORT_LB -> instances on $PORT_A and $PORT_B (logs in $CLUSTER_DIR)"
else
  echo "nginx is not installed: the instances answer on $PORT_A and $PORT_B (logs in $CLUSTER_DIR)"
fi
wait
