//! A plotters backend for an `OffscreenCanvas` in the chart worker.
//!
//! plotters-canvas only knows `<canvas>` elements, and plotters' own wasm text measuring
//! builds a `<span>` in the page's document, which a worker does not have. This backend
//! draws on an `OffscreenCanvasRenderingContext2d` and measures text with the context's
//! `measureText`, so nothing here needs a window or a document.
//!
//! The backend works in CSS pixels: [`OffscreenBackend::new`] sizes the backing store at
//! `scale` device pixels per CSS pixel and scales the context to match, so every line is
//! drawn at device resolution while plotters lays the chart out at CSS size.

use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontTransform,
};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{OffscreenCanvas, OffscreenCanvasRenderingContext2d};

/// Why the canvas refused a call.
#[derive(Debug)]
pub struct CanvasError(pub String);

impl std::fmt::Display for CanvasError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CanvasError {}

fn failed(e: JsValue) -> DrawingErrorKind<CanvasError> {
    DrawingErrorKind::DrawingError(CanvasError(crate::js_error_message(&e)))
}

/// plotters drawing on an offscreen canvas, in CSS pixels.
pub struct OffscreenBackend {
    ctx: OffscreenCanvasRenderingContext2d,
    size: (u32, u32),
}

/// The 2D context of `canvas`. Ask once per canvas and keep it: Firefox (ESR 153) throws
/// `InvalidStateError` ("Cannot update created context to different thread") when a
/// transferred canvas is asked for its context a second time, which left every chart after
/// the first paint blank there; the first context stays valid through resizes.
pub fn context_of(
    canvas: &OffscreenCanvas,
) -> Result<OffscreenCanvasRenderingContext2d, CanvasError> {
    match canvas.get_context("2d") {
        Ok(Some(ctx)) => ctx
            .dyn_into()
            .map_err(|_| CanvasError("the canvas gave a context that is not 2D".into())),
        Ok(None) => Err(CanvasError("the canvas has no 2D context".into())),
        Err(e) => Err(CanvasError(format!(
            "the canvas refused a 2D context: {}",
            crate::js_error_message(&e)
        ))),
    }
}

impl OffscreenBackend {
    /// Resizes `canvas` to `width` x `height` CSS pixels at `scale` device pixels each
    /// (which also clears it) and returns a backend drawing on it in CSS pixels through
    /// `ctx`, the canvas' context from [`context_of`].
    pub fn new(
        canvas: &OffscreenCanvas,
        ctx: &OffscreenCanvasRenderingContext2d,
        width: f64,
        height: f64,
        scale: f64,
    ) -> Result<Self, CanvasError> {
        let (width, height) = (width.round().max(1.0), height.round().max(1.0));
        let scale = if scale.is_finite() {
            scale.max(1.0)
        } else {
            1.0
        };
        canvas.set_width((width * scale).round() as u32);
        canvas.set_height((height * scale).round() as u32);
        // Resizing reset the context's state: scale it again.
        ctx.set_transform(scale, 0.0, 0.0, scale, 0.0, 0.0)
            .map_err(|e| CanvasError(crate::js_error_message(&e)))?;
        Ok(Self {
            ctx: ctx.clone(),
            size: (width as u32, height as u32),
        })
    }

    fn fill_colour(&self, c: BackendColor) {
        self.ctx.set_fill_style_str(&css_colour(c));
    }

    fn line_style(&self, style: &impl BackendStyle) {
        self.ctx.set_stroke_style_str(&css_colour(style.color()));
        self.ctx.set_line_width(f64::from(style.stroke_width()));
    }

    fn set_font(&self, style: &impl BackendTextStyle) {
        self.ctx.set_font(&format!(
            "{} {}px {}",
            style.style().as_str(),
            style.size(),
            style.family().as_str()
        ));
    }

    fn trace(&self, points: impl IntoIterator<Item = BackendCoord>) {
        self.ctx.begin_path();
        let mut points = points.into_iter();
        if let Some((x, y)) = points.next() {
            self.ctx.move_to(f64::from(x), f64::from(y));
        }
        for (x, y) in points {
            self.ctx.line_to(f64::from(x), f64::from(y));
        }
    }
}

fn css_colour(c: BackendColor) -> String {
    let (r, g, b) = c.rgb;
    format!("rgba({r},{g},{b},{})", c.alpha)
}

/// A horizontal or vertical 1-px line drawn through pixel centres, so it stays sharp.
fn crisp(from: BackendCoord, to: BackendCoord) -> ((f64, f64), (f64, f64)) {
    let (mut a, mut b) = (
        (f64::from(from.0), f64::from(from.1)),
        (f64::from(to.0), f64::from(to.1)),
    );
    if from.0 == to.0 {
        a.0 -= 0.5;
        b.0 -= 0.5;
    }
    if from.1 == to.1 {
        a.1 -= 0.5;
        b.1 -= 0.5;
    }
    (a, b)
}

impl DrawingBackend for OffscreenBackend {
    type ErrorType = CanvasError;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<CanvasError>> {
        Ok(())
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<CanvasError>> {
        // A worker's offscreen canvas shows what was drawn when the task ends.
        Ok(())
    }

    fn draw_pixel(
        &mut self,
        (x, y): BackendCoord,
        colour: BackendColor,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        if colour.alpha > 0.0 {
            self.fill_colour(colour);
            self.ctx.fill_rect(f64::from(x), f64::from(y), 1.0, 1.0);
        }
        Ok(())
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        if style.color().alpha > 0.0 {
            let (a, b) = crisp(from, to);
            self.line_style(style);
            self.ctx.begin_path();
            self.ctx.move_to(a.0, a.1);
            self.ctx.line_to(b.0, b.1);
            self.ctx.stroke();
        }
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        (x0, y0): BackendCoord,
        (x1, y1): BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let (x, y, w, h) = (
            f64::from(x0),
            f64::from(y0),
            f64::from(x1 - x0),
            f64::from(y1 - y0),
        );
        if fill {
            self.fill_colour(style.color());
            self.ctx.fill_rect(x, y, w, h);
        } else {
            self.line_style(style);
            self.ctx.stroke_rect(x, y, w, h);
        }
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        if style.color().alpha > 0.0 {
            self.line_style(style);
            self.trace(path);
            self.ctx.stroke();
        }
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vertices: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        if style.color().alpha > 0.0 {
            self.fill_colour(style.color());
            self.trace(vertices);
            self.ctx.close_path();
            self.ctx.fill();
        }
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        (x, y): BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        if fill {
            self.fill_colour(style.color());
        } else {
            self.line_style(style);
        }
        self.ctx.begin_path();
        self.ctx
            .arc(
                f64::from(x),
                f64::from(y),
                f64::from(radius),
                0.0,
                std::f64::consts::TAU,
            )
            .map_err(failed)?;
        if fill {
            self.ctx.fill();
        } else {
            self.ctx.stroke();
        }
        Ok(())
    }

    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<CanvasError>> {
        self.set_font(style);
        let width = self.ctx.measure_text(text).map_err(failed)?.width();
        // Unrotated, as plotters' own estimate: its callers turn the box themselves.
        Ok((width.ceil() as u32, style.size().ceil() as u32))
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        (x, y): BackendCoord,
    ) -> Result<(), DrawingErrorKind<CanvasError>> {
        let colour = style.color();
        if colour.alpha == 0.0 {
            return Ok(());
        }
        let turn = match style.transform() {
            FontTransform::None => 0.0,
            FontTransform::Rotate90 => 0.25,
            FontTransform::Rotate180 => 0.5,
            FontTransform::Rotate270 => 0.75,
        };
        let (mut x, mut y) = (f64::from(x), f64::from(y));
        if turn != 0.0 {
            self.ctx.save();
            self.ctx.translate(x, y).map_err(failed)?;
            self.ctx
                .rotate(turn * std::f64::consts::TAU)
                .map_err(failed)?;
            (x, y) = (0.0, 0.0);
        }
        self.ctx.set_text_baseline(match style.anchor().v_pos {
            VPos::Top => "top",
            VPos::Center => "middle",
            VPos::Bottom => "bottom",
        });
        self.ctx.set_text_align(match style.anchor().h_pos {
            HPos::Left => "start",
            HPos::Right => "end",
            HPos::Center => "center",
        });
        self.fill_colour(colour);
        self.set_font(style);
        self.ctx.fill_text(text, x, y).map_err(failed)?;
        if turn != 0.0 {
            self.ctx.restore();
        }
        Ok(())
    }
}
