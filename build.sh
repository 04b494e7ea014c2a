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
    (cd build && ctest --output-on-failure -j"$(nproc)")
    echo "== ASan+UBSan build"
    (cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
      ctest --output-on-failure -j"$(nproc)")
    ;;
  *)
    echo "usage: ./build.sh demo|test|build" >&2
    exit 2
    ;;
esac
