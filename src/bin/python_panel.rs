//! The Python panel's module: loaded by the UI the first time a reader opens a widget's
//! Python panel (`widgets/python.rs`), so none of it is in the UI bundle. The panel itself
//! is `benchbook::python_panel`; this file only exports it to JavaScript.

#[cfg(target_arch = "wasm32")]
mod exports {
    use wasm_bindgen::prelude::*;

    /// A mounted panel.
    #[wasm_bindgen]
    pub struct Panel(benchbook::python_panel::Handle);

    /// See `benchbook::python_panel::mount`.
    #[wasm_bindgen]
    pub fn mount(
        root: web_sys::Element,
        widget: String,
        source_path: String,
        context: String,
        host: js_sys::Function,
    ) -> Panel {
        Panel(benchbook::python_panel::mount(
            root,
            widget,
            source_path,
            &context,
            host,
        ))
    }

    #[wasm_bindgen]
    impl Panel {
        /// The widget around the panel changed: `benchbook::python::context_text`.
        pub fn context(&self, text: &str) {
            self.0.context(text);
        }

        /// The panel leaves the page.
        pub fn dispose(&self) {
            self.0.dispose();
        }
    }
}

fn main() {}
