//! UI entry: mount the app. Nothing else. (A panic in this build traps at once, see
//! Cargo.toml's release-ui profile; index.html shows the page's error banner.)
fn main() {
    #[cfg(target_arch = "wasm32")]
    leptos::mount::mount_to_body(benchbook::app::App);
}
