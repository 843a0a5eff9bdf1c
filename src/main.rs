//! UI entry: panic hook, mount the app. Nothing else.
fn main() {
    #[cfg(target_arch = "wasm32")]
    {
        std::panic::set_hook(Box::new(|info| {
            console_error_panic_hook::hook(info);
            benchbook::app::show_crash(&info.to_string());
        }));
        leptos::mount::mount_to_body(benchbook::app::App);
    }
}
