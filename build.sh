#!/usr/bin/env bash
# lockstep build entry point.
#   ./build.sh demo   install what is missing, build, run the demo
#   ./build.sh test   install what is missing, build, run every test
#                     (release build, then the ASan+UBSan build, then fuzzing)
#   ./build.sh build  install what is missing and build
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)

PACKAGES=(build-essential cmake pkg-config clang libclang-rt-14-dev
  libpg-query-dev libprotobuf-c-dev libsqlite3-dev sqlite3 libgit2-dev
  libpq-dev libjansson-dev libcmocka-dev postgresql-15 git)
PACKAGES+=(zlib1g-dev)   # catalog/git_odb.c inflates loose git objects (libgit2-dev pulls it in too)
PACKAGES+=(jq)           # tests/pg/defaults_stored.sh reads the catalog JSON

# Install the Debian packages that are missing; silent when none is.
install_deps() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=()
  [ "$(id -u)" -ne 0 ] && sudo=(sudo)
  echo "build.sh: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq >/dev/null
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Configure and build into $1 with extra cmake arguments.
build_tree() {
  local dir=$1; shift
  if [ ! -f "$dir/CMakeCache.txt" ]; then
    cmake -S "$ROOT" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
  fi
  cmake --build "$dir" -j"$(nproc)" -- --no-print-directory >/dev/null
}

cmd=${1:-build}
case "$cmd" in
  build)
    install_deps
    build_tree build
    ;;
  demo)
    install_deps
    build_tree build
    exec "$ROOT/examples/demo.sh" "$ROOT/build/lockstep"
    ;;
  test)
    install_deps
    build_tree build
    build_tree build-asan -DLS_SANITIZE=ON -DCMAKE_C_COMPILER=clang
    echo "== release build"
    summary=$(mktemp)
    (cd build && ctest --output-on-failure -j"$(nproc)") | tee "$summary"
    [ "${PIPESTATUS[0]}" -eq 0 ] || exit 1
    echo "== ASan+UBSan build"
    (cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
      ctest --output-on-failure -j"$(nproc)")
    echo "== libFuzzer over parse+apply (${LS_FUZZ_SECONDS:-30}s, ASan+UBSan)"
    build_tree build-fuzz -DLS_FUZZ=ON -DCMAKE_C_COMPILER=clang
    fuzz_out=$(mktemp -d)
    # New inputs go to a temp dir; the seeds (the fuzz corpus, every
    # fixture, the example history) are only read.
    if ! (cd "$fuzz_out" && "$ROOT/build-fuzz/fuzz_catalog" -max_total_time="${LS_FUZZ_SECONDS:-30}" \
        -print_final_stats=0 "$fuzz_out" "$ROOT/tests/fuzz/corpus" "$ROOT/tests/fixtures/catalog" \
        "$ROOT/tests/fixtures/errors" "$ROOT/examples/saas/migrations" >fuzz.log 2>&1); then
      tail -40 "$fuzz_out/fuzz.log"; echo "fuzzing found a failure: $fuzz_out/crash-*"; exit 1
    fi
    grep -E '^Done' "$fuzz_out/fuzz.log"
    echo "== libFuzzer over plan+render+apply (${LS_FUZZ_SECONDS:-30}s, ASan+UBSan)"
    # Seeds: tests/fuzz/corpus_plan and every plan fixture as one input
    # (tests/fuzz/make_plan_corpus.sh), made afresh in the temp dir.
    "$ROOT/tests/fuzz/make_plan_corpus.sh" "$fuzz_out/plan_seeds" "$ROOT"
    mkdir -p "$fuzz_out/plan_new"
    if ! (cd "$fuzz_out" && "$ROOT/build-fuzz/fuzz_plan" -max_total_time="${LS_FUZZ_SECONDS:-30}" \
        -print_final_stats=0 -dict="$ROOT/tests/fuzz/plan.dict" "$fuzz_out/plan_new" \
        "$ROOT/tests/fuzz/corpus_plan" "$fuzz_out/plan_seeds" >fuzz_plan.log 2>&1); then
      tail -40 "$fuzz_out/fuzz_plan.log"; echo "fuzzing found a failure: $fuzz_out/crash-*"; exit 1
    fi
    grep -E '^Done' "$fuzz_out/fuzz_plan.log"
    echo "== libFuzzer over stats files (${LS_FUZZ_STATS_SECONDS:-15}s, ASan+UBSan)"
    # Seeds: the fixture stats files.
    mkdir -p "$fuzz_out/stats_new"
    if ! (cd "$fuzz_out" && "$ROOT/build-fuzz/fuzz_stats" -max_total_time="${LS_FUZZ_STATS_SECONDS:-15}" \
        -print_final_stats=0 "$fuzz_out/stats_new" "$ROOT/tests/fixtures/stats" >fuzz_stats.log 2>&1); then
      tail -40 "$fuzz_out/fuzz_stats.log"; echo "fuzzing found a failure: $fuzz_out/crash-*"; exit 1
    fi
    grep -E '^Done' "$fuzz_out/fuzz_stats.log"
    rm -rf "$fuzz_out"
    # ctest's summary of the release run closes the output
    echo "== summary (release build; the ASan+UBSan build and the fuzzers passed too)"
    grep -E 'tests passed|Total Test time' "$summary"
    rm -f "$summary"
    ;;
  *)
    echo "usage: ./build.sh demo|test|build" >&2
    exit 2
    ;;
esac
