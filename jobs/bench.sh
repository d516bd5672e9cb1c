#!/usr/bin/env bash
# Speed benchmark: the job against its own engine and against the plain Python loop (docs/benchmarks.md).
#
#   jobs/bench.sh [fashion|b0|all]     (default: all) one run per workload, same files, same threads, printing
#     (a) engine only: forward passes on preprocessed tensors, images/s   [EngineBench, N streams x 1 thread
#         and 1 stream x N threads; (a) is the faster of the two]
#     (b) read -> decode -> preprocess -> infer loop in one plain JVM, no Spark, images/s   [LoopBench: N task
#         threads laid out as the job's executor, forward passes through its engine gate]
#     (c) the Spark job (jobs/submit.sh, local[N]), images/s from the first file read to the Parquet commit
#         (_run.json read_to_commit_images_per_second; wall_seconds also covers listing)
#     (d) c/b, b/a, model loads, peak RSS of each JVM
#     (e) the plain Python loop (src/main/python/bench_python_loop.py, Debian python3-torch) and c/e
#   jobs/bench.sh photos12mp           camera photos (4032x3024 JPEGs, 2.5-4 MB, generated with sensor-like detail) with
#                                      B0: (a) engine only, per-stage CPU of one thread (decode full and reduced,
#                                      resize, inference) and the fidelity of reduced decoding, (b) the plain JVM
#                                      loop with --decode-scaling auto, (c) the job with auto and off, and on the
#                                      same photos at 640x480, (e) the Python loop with Pillow without and with
#                                      draft(); then the issue-13 targets
#   jobs/bench.sh scale                the 100,000-image run (Fashion-MNIST PNGs, perturbed copies) next to the
#                                      10,000-image run: throughput and peak RSS of both (long: run it alone)
#
# Workloads: "fashion" = the shipped model on the 10,000 Fashion-MNIST test PNGs; "b0" = torchvision's
# EfficientNet-B0 at 224x224 (untrained, seeded: speed only) on real photos of mixed sizes. Both are generated on
# demand under target/ (src/main/python/export_efficientnet_b0.py, make_bench_images.py; Debian python3-torch,
# python3-torchvision, python3-pil, python3-skimage, dataset-fashion-mnist).
#
# Settings (environment):
#   BENCH_THREADS=N         cores for every stage: local[N], N streams/threads, torch threads (default: all online CPUs, getconf _NPROCESSORS_ONLN; not nproc, which obeys OMP_NUM_THREADS)
#   BENCH_BATCH=32          batch size for every stage
#   BENCH_FASHION_FILES     Fashion-MNIST files (default 10000, a multiple of 10)
#   BENCH_B0_FILES          photos for the B0 workload (default 2000)
#   BENCH_SCALE_FILES       files of the scale run (default 100000)
#   BENCH_PHOTOS12MP_FILES  camera photos of the photos12mp run (default 48)
#   BENCH_HEAP=1g           -Xmx of every benchmark JVM (the job's driver = executor in local mode)
#   BENCH_CPU_CONCURRENCY   the job's --cpu-concurrency (default auto), also used by stage (b); under auto the b0
#                           workload also runs (c) with one forward pass per task, for the memory/speed trade-off
#   BENCH_PYTHON=1          0 skips stage (e)
#   BENCH_OUT=target/bench  where data, logs and outputs go
# Everything is printed as "BENCH ..." lines too; logs of each stage are in $BENCH_OUT/logs/.
set -euo pipefail
shopt -s inherit_errexit  # a failing generator inside $(...) stops the benchmark, too
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$EFFNET_HOME"

what="${1:-all}"
threads="${BENCH_THREADS:-$(getconf _NPROCESSORS_ONLN)}"
batch="${BENCH_BATCH:-32}"
fashion_files="${BENCH_FASHION_FILES:-10000}"
b0_files="${BENCH_B0_FILES:-2000}"
scale_files="${BENCH_SCALE_FILES:-100000}"
photos12mp_files="${BENCH_PHOTOS12MP_FILES:-48}"
heap="${BENCH_HEAP:-1g}"
cpu_concurrency="${BENCH_CPU_CONCURRENCY:-auto}"
cpu_concurrency="${cpu_concurrency,,}"
run_python="${BENCH_PYTHON:-1}"
out="${BENCH_OUT:-$EFFNET_HOME/target/bench}"
logs="$out/logs"
py=/usr/bin/python3
mkdir -p "$logs"
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
export EFFNET_DRIVER_MEMORY="$heap"

load() { cut -d' ' -f1-3 /proc/loadavg; }
log() { echo "[bench $(date +%H:%M:%S) load $(load)] $*" >&2; }

effnet_build_if_missing
java_cmd=(java -Xmx"$heap" "${SPARK_MODULE_FLAGS[@]}" "${DJL_FLAGS[@]}"
  "-Dlog4j2.configurationFile=$EFFNET_HOME/conf/log4j2.properties"
  -cp "$EFFNET_HOME/conf:$(cat "$SPARK_CLASSPATH_FILE"):$EFFNET_JAR")

# ---- inputs -------------------------------------------------------------------------------------------------
fail() {  # message [partial output to remove]: a half-written set must not pass for a complete one next time
  [[ -n "${2:-}" ]] && rm -rf "$2"
  echo "jobs/bench.sh: $1" >&2
  exit 1
}
fashion_input() {  # $1 = files (multiple of 10)
  local n="$1" dir="$out/fashion-mnist-$1"
  if [[ ! -f "$dir/.complete" ]]; then
    log "writing $n Fashion-MNIST PNGs to $dir"
    rm -rf "$dir"
    if [[ "$n" == 10000 ]]; then "$EFFNET_HOME/jobs/make-fashion-pngs.sh" "$dir" all >&2
    elif (( n < 10000 )); then "$EFFNET_HOME/jobs/make-fashion-pngs.sh" "$dir" $((n / 10)) >&2
    else "$py" src/main/python/make_bench_images.py fashion-scale --out "$dir" --count "$n" >&2; fi \
      || fail "could not write the Fashion-MNIST set to $dir (see above)" "$dir"
    touch "$dir/.complete"
  fi
  echo "$dir"
}
b0_model() {
  local dir="$EFFNET_HOME/target/models/effnet-b0-224"
  if [[ ! -f "$dir/model-card.json" ]]; then
    log "exporting EfficientNet-B0 (untrained, seeded) to $dir"
    OMP_NUM_THREADS=1 "$py" src/main/python/export_efficientnet_b0.py --out "$dir" >&2 \
      || fail "could not export EfficientNet-B0 to $dir (needs python3-torch, python3-torchvision)" "$dir"
  fi
  echo "$dir/model.onnx"
}
photo_input() {
  local dir="$out/photos-$1"
  if [[ ! -f "$dir/.complete" ]]; then
    log "writing $1 photos (skimage, mixed sizes, JPEG/PNG) to $dir"
    rm -rf "$dir"
    "$py" src/main/python/make_bench_images.py photos --out "$dir" --count "$1" >&2 \
      || fail "could not write the photo set to $dir (needs python3-pil, python3-skimage)" "$dir"
    touch "$dir/.complete"
  fi
  echo "$dir"
}

# ---- stages -------------------------------------------------------------------------------------------------
field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<"$1" | head -1; }
json_field() { "$py" -c 'import json,sys; v=json.load(open(sys.argv[1])).get(sys.argv[2]); print("" if v is None else v)' "$1" "$2"; }

stage_engine() {  # name model input streams intra-op images
  local l="$logs/$1-engine-$4x$5.log"
  log "$1 (a) engine: $4 stream(s) x $5 intra-op thread(s), batch $batch"
  local before; before="$(load)"
  "${java_cmd[@]}" io.effnetspark.bench.EngineBench --model "$2" --input "$3" --streams "$4" --intra-op "$5" \
    --batch-size "$batch" --images "$6" >"$l" 2>&1 || { tail -20 "$l" >&2; return 1; }
  echo "$(grep '^BENCH ' "$l") load_before=${before// /,} load_after=$(load | tr ' ' ',')"
}
stage_loop() {  # name model input
  local l="$logs/$1-loop.log"
  log "$1 (b) plain JVM loop: $threads task thread(s), CPU concurrency $cpu_concurrency, batch $batch"
  local before; before="$(load)"
  # shellcheck disable=SC2086  # LOOP_ARGS: extra options, split on spaces
  "${java_cmd[@]}" io.effnetspark.bench.LoopBench --model "$2" --input "$3" --threads "$threads" \
    --cpu-concurrency "$cpu_concurrency" ${LOOP_ARGS:-} \
    --batch-size "$batch" >"$l" 2>&1 || { tail -20 "$l" >&2; return 1; }
  echo "$(grep '^BENCH ' "$l") load_before=${before// /,} load_after=$(load | tr ' ' ',')"
}
stage_spark() {  # name model input [tag]
  local tag="${4:-$1}" l="$logs/${4:-$1}-spark.log" o="$out/spark-${4:-$1}-predictions"
  log "$tag (c) Spark job: local[$threads], batch $batch, -Xmx$heap, --cpu-concurrency $cpu_concurrency"
  local before; before="$(load)"
  local events="$logs/events-$tag"
  rm -rf "$events"; mkdir -p "$events"
  # Spark's event log gives the tasks' CPU time (cost per image, less sensitive to other load than images/s).
  JAVA_TOOL_OPTIONS="${STAGE_JAVA_OPTS:-}" \
  /usr/bin/time -v -o "$logs/$tag-spark.time" "$EFFNET_HOME/jobs/submit.sh" --master "local[$threads]" \
    --conf spark.eventLog.enabled=true --conf "spark.eventLog.dir=file://$events" \
    --conf spark.eventLog.compress=false -- \
    --input "$3" --output "$o" --model "$2" --batch-size "$batch" --cpu-concurrency "$cpu_concurrency" \
    --mode overwrite ${STAGE_JOB_ARGS:-} >"$l" 2>&1 \
    || { tail -30 "$l" >&2; return 1; }
  local rss_kb loads cpu
  rss_kb="$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$logs/$tag-spark.time")"
  loads="$(grep -c 'Loaded model' "$l" || true)"
  # CPU of the whole JVM (user + system: tasks, ONNX Runtime's intra-op threads, JIT, GC, driver) per image.
  cpu="$(awk -v n="$(json_field "$o/_run.json" files_seen)" -F': ' '/User time|System time/ { s += $2 }
    END { printf "%.3f", 1000 * s / n }' "$logs/$tag-spark.time")"
  echo "BENCH stage=spark images=$(json_field "$o/_run.json" files_seen)" \
    "predicted=$(json_field "$o/_run.json" predicted) errors=$(json_field "$o/_run.json" errors)" \
    "read_to_commit_seconds=$(json_field "$o/_run.json" read_to_commit_seconds)" \
    "images_per_second=$(json_field "$o/_run.json" read_to_commit_images_per_second)" \
    "wall_seconds=$(json_field "$o/_run.json" wall_seconds)" \
    "wall_images_per_second=$(json_field "$o/_run.json" images_per_second)" \
    "cpu_ms_per_image=$cpu model_loads=$loads executor_jvms=1 peak_rss_mb=$((rss_kb / 1024))" \
    "load_before=${before// /,} load_after=$(load | tr ' ' ',')"
}
stage_python() {  # name model-dir input
  local l="$logs/$1-python.log"
  log "$1 (e) Python loop: torch threads $threads, batch $batch"
  local before; before="$(load)"
  # shellcheck disable=SC2086  # PY_ARGS: extra options (--draft)
  OMP_NUM_THREADS="$threads" "$py" src/main/python/bench_python_loop.py --model-dir "$2" --input "$3" \
    --threads "$threads" --batch-size "$batch" --out "$out/python-$1.csv" ${PY_ARGS:-} >"$l" 2>&1 \
    || { tail -20 "$l" >&2; return 1; }
  echo "$(grep '^BENCH ' "$l") load_before=${before// /,} load_after=$(load | tr ' ' ',')"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b + 0 == 0) print "n/a"; else printf "%.2f", a / b }'; }
check() { awk -v v="$1" -v t="$2" 'BEGIN { if (v == "n/a") print "n/a"; else print (v + 0 >= t ? "met" : "MISSED") }'; }

workload() {  # name model input images
  local name="$1" model="$2" input="$3" images="$4"
  local a a1 b c e=""
  a="$(stage_engine "$name" "$model" "$input" "$threads" 1 "$images")"; echo "$a"
  if (( threads > 1 )); then a1="$(stage_engine "$name" "$model" "$input" 1 "$threads" "$images")"; echo "$a1"; fi
  b="$(stage_loop "$name" "$model" "$input")"; echo "$b"
  c="$(stage_spark "$name" "$model" "$input")"; echo "$c"
  local c2=""
  if [[ "$name" == b0 && "$cpu_concurrency" == auto ]] && (( threads > 1 )); then
    # The other layout, for the trade-off: every task its own single-threaded forward pass.
    c2="$(cpu_concurrency=$threads stage_spark "$name" "$model" "$input" b0-per-task)"; echo "$c2"
  fi
  if [[ "$run_python" == 1 ]]; then
    # A missing or broken Python stack costs stage (e), not the figures of the JVM stages.
    e="$(stage_python "$name" "$(dirname "$model")" "$input")" \
      || { log "$name (e) Python loop FAILED: see $logs/$name-python.log"; e="failed"; }
    echo "$e"
  fi
  local ia ib ic ie ia1 alayout
  ia="$(field "$a" images_per_second)"; ib="$(field "$b" images_per_second)"; alayout="$threads stream(s) x 1 thread"
  # (a) is the engine's best layout on these cores: the strictest yardstick for (b) and (c).
  ia1="$(field "${a1:-}" images_per_second)"
  if [[ -n "$ia1" ]] && awk -v x="$ia1" -v y="$ia" 'BEGIN { exit !(x > y) }'; then
    ia="$ia1"; alayout="1 stream x $threads threads"
  fi
  ic="$(field "$c" images_per_second)"; ie="$(field "$e" images_per_second)"
  local cb ba ca ce
  cb="$(ratio "$ic" "$ib")"; ba="$(ratio "$ib" "$ia")"; ca="$(ratio "$ic" "$ia")"; ce="$(ratio "$ic" "$ie")"
  cat <<EOF

== $name: $images files, $(field "$c" errors) errors, threads $threads, batch $batch, -Xmx$heap, $(getconf _NPROCESSORS_ONLN) cores $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(load)
  (a) engine only, best layout ($alayout)  $(printf '%9.1f' "$ia") images/s
      $threads stream(s) x 1 thread   $(printf '%9.1f' "$(field "$a" images_per_second)") images/s   CPU $(field "$a" cpu_ms_per_image) ms/image   peak RSS $(field "$a" peak_rss_mb) MB   load $(field "$a" load_before)
EOF
  if [[ -n "${a1:-}" ]]; then
    printf '      1 stream x %s threads   %9.1f images/s   peak RSS %s MB\n' "$threads" "$(field "$a1" images_per_second)" "$(field "$a1" peak_rss_mb)"
  fi
  cat <<EOF
  (b) plain JVM loop (no Spark)          $(printf '%9.1f' "$ib") images/s   CPU $(field "$b" process_cpu_ms_per_image) ms/image (process)   peak RSS $(field "$b" peak_rss_mb) MB   model loads $(field "$b" model_loads)   load $(field "$b" load_before)
  (c) Spark job, local[$threads], read->commit  $(printf '%9.1f' "$ic") images/s   CPU $(field "$c" cpu_ms_per_image) ms/image (process)   peak RSS $(field "$c" peak_rss_mb) MB   model loads $(field "$c" model_loads) (executor JVMs 1)   load $(field "$c" load_before)
      (listing->commit wall $(field "$c" wall_seconds) s = $(field "$c" wall_images_per_second) images/s)
EOF
  if [[ -n "$c2" ]]; then
    cat <<EOF
      --cpu-concurrency $threads (one pass per task)  $(printf '%9.1f' "$(field "$c2" images_per_second)") images/s   peak RSS $(field "$c2" peak_rss_mb) MB
EOF
  fi
  cat <<EOF
  (e) Python loop (torch $threads threads)    $(if [[ -n "$ie" ]]; then printf '%9.1f images/s   CPU %s ms/image   peak RSS %s MB   load %s' "$ie" "$(field "$e" cpu_ms_per_image)" "$(field "$e" peak_rss_mb)" "$(field "$e" load_before)"; elif [[ "$e" == failed ]]; then echo "FAILED (see $logs/$name-python.log)"; else echo "skipped (BENCH_PYTHON=0)"; fi)
  (d) c/b = $cb (target >= 0.90: $(check "$cb" 0.90))   b/a = $ba   c/a = $ca$([[ $name == b0 ]] && echo " (target >= 0.75: $(check "$ca" 0.75))")   c/e = $ce$([[ $name == b0 ]] && echo " (target >= 2.5: $(check "$ce" 2.5))")
      model loads = executor JVMs: $([[ "$(field "$c" model_loads)" == 1 ]] && echo met || echo MISSED)$([[ $name == b0 && $batch == 32 ]] && echo "   peak RSS <= 1536 MB at batch 32: $(check "$((1536 - $(field "$c" peak_rss_mb)))" 0)")

EOF
}

scale() {
  local small big s b
  small="$(fashion_input 10000)"; big="$(fashion_input "$scale_files")"
  # Fixed, pre-touched heap (-Xms = -Xmx, as executors usually run): the heap is the same size in both runs, so a
  # difference in peak RSS is native growth, not G1 growing the heap of the longer run. The GC log gives the live
  # heap after the last collection (the driver holds the listing: it grows with the file count by design).
  s="$(STAGE_JAVA_OPTS="-Xms$heap -XX:+AlwaysPreTouch -Xlog:gc:file=$logs/gc-scale-10k.log" \
    stage_spark scale-10k "$EFFNET_HOME/models/fashion-effnet/model.onnx" "$small" scale-10k)"; echo "$s"
  b="$(STAGE_JAVA_OPTS="-Xms$heap -XX:+AlwaysPreTouch -Xlog:gc:file=$logs/gc-scale-big.log" \
    stage_spark scale-big "$EFFNET_HOME/models/fashion-effnet/model.onnx" "$big" scale-big)"; echo "$b"
  local is ib rs rb ts tb ls lb
  is="$(field "$s" images_per_second)"; ib="$(field "$b" images_per_second)"
  rs="$(field "$s" peak_rss_mb)"; rb="$(field "$b" peak_rss_mb)"
  ts="$(field "$s" read_to_commit_seconds)"; tb="$(field "$b" read_to_commit_seconds)"
  ls="$(grep -o '[0-9]*M->[0-9]*M' "$logs/gc-scale-10k.log" | tail -1 | sed 's/.*->//')"
  lb="$(grep -o '[0-9]*M->[0-9]*M' "$logs/gc-scale-big.log" | tail -1 | sed 's/.*->//')"
  cat <<EOF

== scale: Fashion-MNIST PNGs, local[$threads], batch $batch, heap $heap fixed (-Xms = -Xmx, pre-touched), load $(load)
  10000 files:   $(printf '%9.1f' "$is") images/s read->commit ($ts s), wall $(field "$s" wall_seconds) s, peak RSS $rs MB, live heap after last GC $ls, CPU $(field "$s" cpu_ms_per_image) ms/image, errors $(field "$s" errors)
  $scale_files files: $(printf '%9.1f' "$ib") images/s read->commit ($tb s), wall $(field "$b" wall_seconds) s, peak RSS $rb MB, live heap after last GC $lb, CPU $(field "$b" cpu_ms_per_image) ms/image, errors $(field "$b" errors)
  the $((scale_files - 10000)) files beyond the first 10,000: $(awk -v n=$((scale_files - 10000)) -v a="$ts" -v b="$tb" 'BEGIN { if (b - a > 0) printf "%.1f", n / (b - a); else print "n/a" }') images/s (same one-off costs in both runs)
  throughput ratio big/10k = $(ratio "$ib" "$is") (target: within 10 % or faster: $(awk -v r="$(ratio "$ib" "$is")" 'BEGIN{print (r >= 0.9 && r <= 1.1 ? "met" : (r > 1.1 ? "met: no slowdown, faster at scale as the one-off costs spread over more files" : "MISSED"))}'))
  peak RSS ratio big/10k = $(ratio "$rb" "$rs") (target within 5 %: $(awk -v r="$(ratio "$rb" "$rs")" 'BEGIN{print (r >= 0.95 && r <= 1.05 ? "met" : "MISSED")}'))
EOF
}

photos12mp_input() {  # files: the 4032x3024 set (and beside it the same photos at 640x480)
  local dir="$out/photos12mp-$1"
  if [[ ! -f "$dir/.complete" ]]; then
    log "writing $1 camera photos (4032x3024 JPEG q92) to $dir and at 640x480 to $dir-640x480"
    rm -rf "$dir" "$dir-640x480"
    "$py" src/main/python/make_bench_images.py photos12mp --out "$dir" --count "$1" --small 640x480 >&2 \
      || fail "could not write the camera photos to $dir (needs python3-pil, python3-numpy, python3-skimage)" "$dir"
    touch "$dir/.complete"
  fi
  echo "$dir"
}
stage_photo_stages() {  # name model input
  local l="$logs/$1-stages.log"
  log "$1 per-stage CPU (one thread) and fidelity of reduced decoding"
  local before; before="$(load)"
  "${java_cmd[@]}" io.effnetspark.bench.PhotoStages --model "$2" --input "$3" --batch-size 16 >"$l" 2>&1 \
    || { tail -20 "$l" >&2; return 1; }
  echo "$(grep '^BENCH ' "$l") load_before=${before// /,} load_after=$(load | tr ' ' ',')"
}
photos12mp() {
  local model dir small a st b ca co cs ef ed
  model="$(b0_model)"
  dir="$(photos12mp_input "$photos12mp_files")"; small="$dir-640x480"
  a="$(stage_engine photos12mp "$model" "$small" "$threads" 1 "$photos12mp_files")"; echo "$a"
  st="$(stage_photo_stages photos12mp "$model" "$dir")"; echo "$st"
  b="$(LOOP_ARGS="--decode-scaling auto" stage_loop photos12mp-auto "$model" "$dir")"; echo "$b"
  ca="$(STAGE_JOB_ARGS="--decode-scaling auto" stage_spark photos12mp "$model" "$dir" photos12mp-auto)"; echo "$ca"
  co="$(stage_spark photos12mp "$model" "$dir" photos12mp-off)"; echo "$co"
  cs="$(stage_spark photos12mp "$model" "$small" photos12mp-640x480)"; echo "$cs"
  ef="$(stage_python photos12mp-pillow "$(dirname "$model")" "$dir")" || ef=""; echo "$ef"
  ed="$(PY_ARGS=--draft stage_python photos12mp-pillow-draft "$(dirname "$model")" "$dir")" || ed=""; echo "$ed"
  local rate_ratio decode_ratio rss_gap
  rate_ratio="$(ratio "$(field "$ca" images_per_second)" "$(field "$cs" images_per_second)")"
  decode_ratio="$(ratio "$(field "$st" decode_reduced_ms)" "$(field "$ed" decode_cpu_ms)")"
  rss_gap=$(( $(field "$co" peak_rss_mb) - $(field "$ca" peak_rss_mb) ))
  cat <<EOF

== photos12mp: $photos12mp_files camera photos 4032x3024 ($(du -sh "$dir" | cut -f1)), B0 224 px, threads $threads, batch $batch, -Xmx$heap, $(getconf _NPROCESSORS_ONLN) cores $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(load)
  (a) engine only ($threads stream(s) x 1 thread)   $(printf '%9.1f' "$(field "$a" images_per_second)") images/s   CPU $(field "$a" cpu_ms_per_image) ms/image
  CPU ms per image, one thread: decode full $(field "$st" decode_full_ms), decode reduced $(field "$st" decode_reduced_ms) (scales $(field "$st" scales)), resize from full $(field "$st" resize_full_ms), from reduced $(field "$st" resize_reduced_ms), inference $(field "$st" inference_ms)
  fidelity, full vs reduced decode: model input max |diff| $(field "$st" tensor_max_diff), mean $(field "$st" tensor_mean_diff); B0 probabilities (sensitivity only: untrained) max |diff| $(field "$st" prob_max_diff), mean $(field "$st" prob_mean_diff), same top-1 $(field "$st" top1_agree)
  (b) plain JVM loop, auto               $(printf '%9.1f' "$(field "$b" images_per_second)") images/s   CPU $(field "$b" process_cpu_ms_per_image) ms/image (process)
  (c) job, --decode-scaling auto         $(printf '%9.1f' "$(field "$ca" images_per_second)") images/s   CPU $(field "$ca" cpu_ms_per_image) ms/image (process)   peak RSS $(field "$ca" peak_rss_mb) MB
      job, --decode-scaling off          $(printf '%9.1f' "$(field "$co" images_per_second)") images/s   CPU $(field "$co" cpu_ms_per_image) ms/image (process)   peak RSS $(field "$co" peak_rss_mb) MB
      job, same photos at 640x480        $(printf '%9.1f' "$(field "$cs" images_per_second)") images/s   CPU $(field "$cs" cpu_ms_per_image) ms/image (process)   peak RSS $(field "$cs" peak_rss_mb) MB
  (e) Python loop, Pillow                $(printf '%9.1f' "$(field "$ef" images_per_second)") images/s   CPU $(field "$ef" cpu_ms_per_image) ms/image: decode $(field "$ef" decode_cpu_ms), resize $(field "$ef" resize_cpu_ms), inference $(field "$ef" inference_cpu_ms)
      Python loop, Pillow draft()        $(printf '%9.1f' "$(field "$ed" images_per_second)") images/s   CPU $(field "$ed" cpu_ms_per_image) ms/image: decode $(field "$ed" decode_cpu_ms), resize $(field "$ed" resize_cpu_ms), inference $(field "$ed" inference_cpu_ms)
  targets: job auto 12 MP / job 640x480 = $rate_ratio (>= 0.5: $(check "$rate_ratio" 0.5)); reduced decode / Pillow draft decode CPU = $decode_ratio (<= 1.2: $(awk -v r="$decode_ratio" 'BEGIN { if (r == "n/a") print "n/a"; else print (r + 0 <= 1.2 ? "met" : "MISSED") }')); peak RSS auto <= off: $(check "$rss_gap" 0)
EOF
}

case "$what" in
  fashion|all|b0) ;;
  scale) scale; exit 0 ;;
  photos12mp) photos12mp; exit 0 ;;
  *) echo "usage: jobs/bench.sh [fashion|b0|all|scale|photos12mp]" >&2; exit 2 ;;
esac
# Inputs first, each in an assignment of its own: a failure there stops the run (set -e sees it).
if [[ "$what" == fashion || "$what" == all ]]; then
  fashion_dir="$(fashion_input "$fashion_files")"
  workload fashion "$EFFNET_HOME/models/fashion-effnet/model.onnx" "$fashion_dir" "$fashion_files"
fi
if [[ "$what" == b0 || "$what" == all ]]; then
  b0_onnx="$(b0_model)"
  photo_dir="$(photo_input "$b0_files")"
  workload b0 "$b0_onnx" "$photo_dir" "$b0_files"
fi
