//! UI entry: mount the app. Nothing else. (A panic in the release build traps at once, see
//! Cargo.toml's release-ui profile; index.html shows the page's error banner. A debug build,
//! `trunk serve` without `--release`, keeps panic messages and prints them with their
//! location on the console.)
fn main() {
    #[cfg(all(target_arch = "wasm32", debug_assertions))]
    console_error_panic_hook::set_once();
    #[cfg(target_arch = "wasm32")]
    leptos::mount::mount_to_body(benchbook::app::App);
}
