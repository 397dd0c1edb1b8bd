# Shared set-up for the README's commands: each step installs only what is missing.
# Nothing here downloads a binary from outside the package registries.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR=never

say() { printf '\n== %s\n' "$*"; }

# The wasm-bindgen version that Cargo.lock pins (Trunk.toml names the same).
bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

ensure_build_tools() {
  if ! command -v python3 >/dev/null; then
    # Trunk's post-build hook (.ci/csp.py) writes the Content-Security-Policy with it.
    say "installing Debian's python3"
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y python3
  fi
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32 target"
    rustup target add wasm32-unknown-unknown
  fi
  if ! trunk --version 2>/dev/null | grep -q '0\.21\.14'; then
    say "installing trunk 0.21.14 (the newest that builds with this rustc; 6-10 min)"
    cargo install trunk --version 0.21.14 --locked
  fi
  local want; want=$(bindgen_version)
  if ! wasm-bindgen --version 2>/dev/null | grep -q " $want\$"; then
    say "installing wasm-bindgen-cli $want (as Cargo.lock pins; ~3 min)"
    # Not --locked: one locked dependency version is missing from the registry here.
    cargo install wasm-bindgen-cli --version "$want"
  fi
}

ensure_browser() {
  if ! [ -x /usr/bin/chromium ] || ! [ -x /usr/bin/chromedriver ]; then
    say "installing Debian's chromium and chromium-driver"
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y chromium chromium-driver
  fi
  if ! [ -d tests/e2e/node_modules/playwright-core ] || ! [ -d tests/e2e/node_modules/axe-core ]; then
    say "installing playwright-core and axe-core (npm; playwright uses Debian's chromium, downloads no browser)"
    (cd tests/e2e && npm ci --no-audit --no-fund)
  fi
}

build_release() {
  say "building the release bundle into dist/"
  cargo fetch --locked
  trunk build --release --offline
}
