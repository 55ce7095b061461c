#!/usr/bin/env bash
# One entry point for the project. Every command installs what it needs first (idempotent).
#   ./aula.sh serve   build dist/ and serve it on http://127.0.0.1:8080 (PORT=... to change)
#   ./aula.sh build   build dist/ only (static files, relative paths: deploy the folder as-is)
#   ./aula.sh test    every test: native cargo tests, then browser tests in headless Chromium
#   ./aula.sh bench   benchmarks; prints the numbers BENCHMARKS.md quotes
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
# The build cache lives outside the clone so fresh clones (CI) build incrementally.
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/aula/target}
WASM_TARGET=wasm32-unknown-unknown
DIST=$ROOT/dist

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

need_apt() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  if [ ${#missing[@]} -gt 0 ]; then
    say "Installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

setup_build() {
  command -v cargo >/dev/null || { echo "Rust is needed: install it with rustup (https://rustup.rs)"; exit 1; }
  command -v node >/dev/null || { echo "Node.js 20+ is needed"; exit 1; }
  need_apt binaryen dataset-fashion-mnist
  rustup target list --installed | grep -qx "$WASM_TARGET" || rustup target add "$WASM_TARGET"
  # wasm-bindgen-cli must match the wasm-bindgen crate exactly.
  local want have
  want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, "", $0); print; exit }' Cargo.lock)
  have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
  if [ "$have" != "$want" ]; then
    say "Installing wasm-bindgen-cli $want"
    # --locked can name a crate version the registry no longer serves; fall back to a fresh resolve.
    cargo install wasm-bindgen-cli --version "$want" --locked || cargo install wasm-bindgen-cli --version "$want"
  fi
}

# The side-by-side benchmark's peers, installed outside the clone for it alone.
TFJS_DIR=$HOME/.cache/aula/tfjs
TFJS_VERSION=4.22.0
JAX_DIR=$HOME/.cache/aula/jax
JAX_VERSION=0.1.25

# The Python checks of the PyTorch export: numpy's own forward pass, and the export's scripts
# run in PyTorch. PyPI's Linux torch wheel brings the CUDA libraries (about 6 GB installed), so
# the venv is kept outside the clone and installed once.
PY_ENV=${AULA_PY_ENV:-$HOME/.cache/aula/venv}
PY_DEPS="numpy==2.4.6 safetensors==0.8.0 pytest==9.2.0 torch==2.15.0 albumentations==2.0.8 opencv-python-headless==5.1.0.95 pillow==13.0.0"

setup_test() {
  setup_build
  need_apt chromium
  [ -d node_modules/playwright-core ] && [ -d node_modules/@axe-core/playwright ] || { say "Installing npm test dependencies"; npm ci --no-audit --no-fund; }
  command -v python3 >/dev/null || need_apt python3 python3-venv
  if [ "$(cat "$PY_ENV/.deps" 2>/dev/null)" != "$PY_DEPS" ]; then
    say "Installing Python test dependencies ($PY_DEPS)"
    python3 -m venv "$PY_ENV" || { need_apt python3-venv; python3 -m venv "$PY_ENV"; }
    local began=$SECONDS
    # shellcheck disable=SC2086
    "$PY_ENV/bin/pip" install -q $PY_DEPS
    echo "$PY_DEPS" > "$PY_ENV/.deps"
    say "Python test dependencies installed in $((SECONDS - began)) s ($(du -sh "$PY_ENV" | cut -f1))"
  fi
}

# cargo's wasm -> wasm-opt -> wasm-bindgen. wasm-opt must see cargo's output, not
# wasm-bindgen's: running it afterwards broke the module (Table.set) with binaryen 108.
# The cargo profile and wasm-opt's level follow the name: the worker is built for speed
# (profile `worker`, -O3), the page for size (release, -Oz).
wasm_package() {
  local name=$1 profile=$2 level=$3; shift 3
  say "Building $name (cargo ${TOOLCHAIN:++$TOOLCHAIN }--profile $profile $*)"
  # LINK_ARGS go to the final link only (`cargo rustc`), so the dependencies' cache stays valid.
  # shellcheck disable=SC2086
  cargo ${TOOLCHAIN:++$TOOLCHAIN} rustc --profile "$profile" --lib --target "$WASM_TARGET" "$@" ${LINK_ARGS:+-- $LINK_ARGS}
  local raw=$CARGO_TARGET_DIR/$WASM_TARGET/$profile/aula.wasm
  # wasm-ld wraps every export of a module that never runs its static constructors itself in
  # a call to them all ("command" linkage: `name.command_export`); each call from JS would
  # run them again. src/web/worker/mod.rs runs them once; this keeps it so. (cargo's output
  # keeps its name section: the profiles strip debug info only.)
  if grep -q -a '\.command_export' "$raw"; then
    echo "error: wasm-ld wrapped the exports of $raw in its static constructors: a build that has" \
      "constructors must run them once itself (run_constructors_once, src/web/worker/mod.rs)" >&2
    exit 1
  fi
  local opt=$CARGO_TARGET_DIR/$name.opt.wasm
  # AULA_KEEP_NAMES=1 keeps the functions' names (wasm-opt -g, and no --remove-name-section),
  # for a profiler (tests/browser/threads-profile.mjs).
  local names=(--remove-name-section)
  if [ "${AULA_KEEP_NAMES:-}" = 1 ]; then
    names=()
    level="$level -g"
  fi
  # shellcheck disable=SC2086
  wasm-opt $level --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue --enable-simd \
    ${WASM_OPT_EXTRA:-} "$raw" -o "$opt"
  wasm-bindgen "$opt" --target web --no-typescript "${names[@]}" \
    --out-dir "$DIST/pkg" --out-name "$name"
}

# The threaded CPU worker. wasm threads need the standard library rebuilt with atomics, which
# only a nightly toolchain does (`-Z build-std`, with its rust-src). Its own target dir: other
# flags and another compiler would otherwise rebuild the stable builds' cache each time.
# Pinned: a nightly is a moving target (this one is rustc 1.97.0-nightly e50aa6fba).
NIGHTLY=${AULA_NIGHTLY:-nightly-2026-05-20}
threads_package() {
  rustup toolchain list | grep -q "^$NIGHTLY" || rustup toolchain install "$NIGHTLY" --profile minimal --component rust-src
  rustup "+$NIGHTLY" component list --installed | grep -qx 'rust-src' || rustup "+$NIGHTLY" component add rust-src
  # The module imports one shared memory (up to 4 GB; rustc's default is 1 GB) and exports
  # what wasm-bindgen needs to give each thread its own thread-local storage.
  local link='--shared-memory --import-memory --export=__wasm_init_tls --export=__tls_size --export=__tls_align --export=__tls_base'
  CARGO_TARGET_DIR=$CARGO_TARGET_DIR-threads TOOLCHAIN=$NIGHTLY WASM_OPT_EXTRA=--enable-threads \
    RUSTFLAGS='-C target-feature=+atomics,+bulk-memory,+simd128 -C link-arg=--max-memory=4294967296' \
    LINK_ARGS=$(printf -- '-C link-arg=%s ' $link) \
    wasm_package aula_threads worker -O3 -Z build-std=panic_abort,std --no-default-features --features threads
}

build() {
  setup_build
  rm -rf "$DIST"
  mkdir -p "$DIST/pkg" "$DIST/www"
  say "Generating the demo dataset"
  node scripts/make-demo.mjs "$DIST/demo"
  # `bench` adds the in-worker benchmark; the shipped worker goes without it.
  wasm_package aula_worker worker -O3 --features "webgpu${WORKER_FEATURES:+,$WORKER_FEATURES}"
  threads_package
  wasm_package aula_page release -Oz --no-default-features
  cp index.html "$DIST/"
  cp www/*.js www/*.css "$DIST/www/"
  # The page's own npm dependencies (Fluent) are served from dist as plain ES modules.
  [ -d node_modules/@fluent/bundle/esm ] || { say "Installing npm dependencies"; npm ci --no-audit --no-fund; }
  mkdir -p "$DIST/www/vendor/fluent-bundle"
  cp node_modules/@fluent/bundle/esm/*.js "$DIST/www/vendor/fluent-bundle/"
  cp -r www/l10n "$DIST/www/"
  # The service worker that isolates the page on a static host must sit at the site's root
  # to control it.
  mv "$DIST/www/sw.js" "$DIST/sw.js"
  cp www/manifest.webmanifest "$DIST/"
  say "Icons, the service worker's build version and file list, precompressed copies (.br, .gz)"
  node scripts/finish-dist.mjs "$DIST"
  say "wasm sizes (budget: 6 MB gzip each)"
  for f in "$DIST"/pkg/*.wasm; do
    awk -v n="$(basename "$f")" -v raw="$(stat -c %s "$f")" -v gz="$(gzip -9c "$f" | wc -c)" \
      'BEGIN { printf "  %-22s raw %6.2f MB   gzip %6.2f MB\n", n, raw / 1048576, gz / 1048576 }'
  done
  say "Built $DIST"
}

case "${1:-}" in
  build) build ;;
  serve)
    build
    exec node scripts/serve.mjs "$DIST" --port "${PORT:-8080}"
    ;;
  test)
    setup_test
    say "Native tests"
    cargo test
    say "The PyTorch export against numpy and in PyTorch (Python)"
    fixtures=$(mktemp -d)
    cargo run -q --example model_fixtures -- "$fixtures"
    cargo build -q --examples
    node scripts/make-demo.mjs "$fixtures/demo" >/dev/null
    AULA_FIXTURES=$fixtures AULA_EXAMPLES=$CARGO_TARGET_DIR/debug/examples AULA_DEMO=$fixtures/demo \
      "$PY_ENV/bin/python" -m pytest -q tests/python
    rm -rf "$fixtures"
    build
    say "Browser tests (headless Chromium)"
    node --test --test-concurrency=1 tests/browser/*.test.mjs
    ;;
  bench)
    setup_test
    WORKER_FEATURES=bench build
    say "Native benchmarks (training on flex; decoding and augmentation)"
    cargo bench --features bench --bench train --bench data
    # The Linear products on burn's matmul kernel and on ours, natively on the SwiftShader
    # that Chromium ships (through its own Vulkan loader), the adapter WebGPU has here.
    VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json LD_LIBRARY_PATH=/usr/lib/chromium \
      cargo bench --features webgpu --bench matmul
    say "Browser benchmarks"
    node tests/browser/bench.mjs
    node tests/browser/threads-bench.mjs
    node tests/browser/busy-page-bench.mjs
    node tests/browser/memory-bench.mjs
    node tests/browser/runs-bench.mjs
    node tests/browser/transfer-bench.mjs
    # The course's grid on a generated folder, in the page and in PyTorch (Debian's CPU build,
    # with OpenBLAS: its reference BLAS would make PyTorch ~15x slower than it is).
    need_apt python3-torch python3-pil libopenblas0-pthread
    PHOTOS=$HOME/.cache/aula/photos
    [ -d "$PHOTOS/val" ] || /usr/bin/python3 scripts/make-photos.py "$PHOTOS"
    AULA_PHOTOS=$PHOTOS node tests/browser/grid-bench.mjs
    /usr/bin/python3 benches/grid_pytorch.py "$PHOTOS" --threads 1
    /usr/bin/python3 benches/grid_pytorch.py "$PHOTOS" --threads 2
    # TensorFlow.js and jax-js for the side-by-side benchmark only (kept outside the clone).
    if [ ! -f "$TFJS_DIR/.installed-$TFJS_VERSION" ]; then
      say "Installing TensorFlow.js $TFJS_VERSION for the side-by-side benchmark"
      mkdir -p "$TFJS_DIR"
      npm install --prefix "$TFJS_DIR" --no-save --no-audit --no-fund --ignore-scripts \
        "@tensorflow/tfjs@$TFJS_VERSION" "@tensorflow/tfjs-backend-wasm@$TFJS_VERSION" "@tensorflow/tfjs-backend-webgpu@$TFJS_VERSION"
      touch "$TFJS_DIR/.installed-$TFJS_VERSION"
    fi
    if [ ! -f "$JAX_DIR/.installed-$JAX_VERSION" ]; then
      say "Installing jax-js $JAX_VERSION for the side-by-side benchmark"
      mkdir -p "$JAX_DIR"
      npm install --prefix "$JAX_DIR" --no-save --no-audit --no-fund --ignore-scripts "@jax-js/jax@$JAX_VERSION"
      touch "$JAX_DIR/.installed-$JAX_VERSION"
    fi
    AULA_TFJS="$TFJS_DIR/node_modules/@tensorflow" AULA_JAX="$JAX_DIR/node_modules/@jax-js/jax" node tests/browser/peers-bench.mjs
    ;;
  *)
    sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
