# Sourced by the other scripts: puts the locally installed tools first on PATH.
# (cargo-installed trunk and wasm-bindgen in ~/.cargo/bin; wasm-opt from npm.)
BENCHBOOK_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$BENCHBOOK_ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"

# Trunk builds of the threaded worker rebuild std with atomics. Set only for Trunk:
# native `cargo test` must not see it (build-std needs an explicit --target).
trunk_build() {
  CARGO_UNSTABLE_BUILD_STD=panic_abort,std trunk build --release --offline "$@"
}
