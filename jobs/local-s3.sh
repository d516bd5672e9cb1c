#!/usr/bin/env bash
# An S3-compatible endpoint on this machine for trying effnet-spark with s3a:// locations: s3proxy (Maven's
# org.gaul:s3proxy, copied to target/s3proxy/s3proxy.jar by the build) with its filesystem backend, on 127.0.0.1.
#
#   jobs/local-s3.sh start              # endpoint http://127.0.0.1:9000, bucket "effnet"
#   jobs/local-s3.sh fs -put samples/fashion-mnist s3a://effnet/images      # Hadoop's FsShell over S3A
#   jobs/local-s3.sh fs -ls -R s3a://effnet/
#   jobs/local-s3.sh status | stop
#
# Settings (environment): EFFNET_S3_DIR (default target/local-s3: data/, s3proxy.log, credentials),
#   EFFNET_S3_PORT (9000; conf/spark-s3.conf points there), EFFNET_S3_BUCKET (effnet).
# "start" makes a random access key and secret and writes them, readable only by you, to $EFFNET_S3_DIR/credentials
# as AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY lines: `source target/local-s3/credentials` before jobs/submit.sh
# puts them where S3A's default credential chain looks. They are never printed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

dir="${EFFNET_S3_DIR:-$EFFNET_TARGET/local-s3}"
port="${EFFNET_S3_PORT:-9000}"
bucket="${EFFNET_S3_BUCKET:-effnet}"
jar="$EFFNET_TARGET/s3proxy/s3proxy.jar"
endpoint="http://127.0.0.1:$port"

alive() { [[ -f "$dir/s3proxy.pid" ]] && kill -0 "$(cat "$dir/s3proxy.pid")" 2>/dev/null; }

start() {
  if alive; then echo "local-s3: already running at $endpoint" >&2; exit 1; fi
  [[ -f "$jar" ]] || effnet_build_if_missing --rebuild
  mkdir -p "$dir/data/$bucket"
  (umask 077
   if [[ ! -f "$dir/credentials" ]]; then
     printf 'export AWS_ACCESS_KEY_ID=local%s\nexport AWS_SECRET_ACCESS_KEY=%s\n' \
       "$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')" "$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')" \
       >"$dir/credentials"
   fi
   # shellcheck disable=SC1091
   source "$dir/credentials"
   cat >"$dir/s3proxy.properties" <<EOF
s3proxy.endpoint=$endpoint
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$AWS_ACCESS_KEY_ID
s3proxy.credential=$AWS_SECRET_ACCESS_KEY
jclouds.provider=filesystem
jclouds.filesystem.basedir=$dir/data
EOF
  )
  nohup java -Xmx256m -jar "$jar" --properties "$dir/s3proxy.properties" </dev/null >"$dir/s3proxy.log" 2>&1 &
  echo $! >"$dir/s3proxy.pid"
  for _ in $(seq 1 300); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "s3proxy at $endpoint, bucket s3a://$bucket/ (objects under $dir/data)"
      echo "Credentials for S3A's default chain: source $dir/credentials"
      return 0
    fi
    alive || break
    sleep 0.2
  done
  echo "local-s3: s3proxy did not start; see $dir/s3proxy.log" >&2
  stop
  exit 1
}

stop() {
  if alive; then
    kill "$(cat "$dir/s3proxy.pid")"
    for _ in $(seq 1 50); do alive || break; sleep 0.2; done
    alive && kill -9 "$(cat "$dir/s3proxy.pid")" 2>/dev/null || true
    echo "local-s3: stopped (objects kept under $dir/data)"
  else
    echo "local-s3: not running"
  fi
  rm -f "$dir/s3proxy.pid"
}

# Hadoop's FsShell (hadoop fs ...) with the S3A settings of conf/spark-s3.conf and this endpoint's credentials.
fs() {
  effnet_build_if_missing
  [[ -f "$dir/credentials" ]] || { echo "local-s3: not started yet (no $dir/credentials)" >&2; exit 1; }
  # shellcheck disable=SC1091
  source "$dir/credentials"
  mkdir -p "$dir/hadoop-conf"
  cat >"$dir/hadoop-conf/core-site.xml" <<EOF
<?xml version="1.0"?>
<configuration>
  <property><name>fs.s3a.endpoint</name><value>$endpoint</value></property>
  <property><name>fs.s3a.endpoint.region</name><value>us-east-1</value></property>
  <property><name>fs.s3a.path.style.access</name><value>true</value></property>
  <property><name>fs.s3a.connection.ssl.enabled</name><value>false</value></property>
</configuration>
EOF
  java -Xmx512m -cp "$dir/hadoop-conf:$EFFNET_HOME/conf:$(cat "$SPARK_CLASSPATH_FILE")" \
    -Dlog4j2.configurationFile="$EFFNET_HOME/conf/log4j2.properties" org.apache.hadoop.fs.FsShell "$@"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if alive; then echo "s3proxy running at $endpoint (pid $(cat "$dir/s3proxy.pid"))"; else echo "local-s3: not running"; exit 3; fi ;;
  fs) shift; fs "$@" ;;
  *) echo "usage: $0 start|stop|status|fs FSSHELL-ARGS...   (see the comments at the top of this script)" >&2; exit 2 ;;
esac
