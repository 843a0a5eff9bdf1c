//! The chart worker's protocol: the UI sends [`PaintRequest`]s, the worker answers with
//! [`PaintResponse::Ready`] first, then one [`PaintResponse::Painted`] for every
//! [`PaintRequest::Paint`] and one [`PaintResponse::Written`] for every
//! [`PaintRequest::Write`]. Encoded like the bench worker's (`protocol::encode`: postcard
//! bytes behind the build's fingerprint). `Attach` travels with the `OffscreenCanvas` it
//! names as the second element of the message (`[bytes, canvas]`), since a canvas is
//! transferred, not encoded.

use serde::{Deserialize, Serialize};

/// UI → chart worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum PaintRequest {
    /// Keep the `OffscreenCanvas` sent with this message as canvas `canvas`.
    Attach {
        /// The UI's number for the canvas.
        canvas: u32,
    },
    /// Draw the figure of `plot` on a canvas (`None` clears it).
    Paint {
        /// The canvas.
        canvas: u32,
        /// Its size and theme now.
        frame: Frame,
        /// What to draw.
        plot: Option<Plot>,
    },
    /// The canvas left the page: drop it.
    Detach {
        /// The canvas.
        canvas: u32,
    },
    /// Write the sentence and details markup of a finished run (`topics::written`): the
    /// chart worker links the widgets' prose so the UI does not.
    Write {
        /// The UI's number for this request.
        job: u32,
        /// The bench worker's `Response::Done` message, as it arrived.
        done: Vec<u8>,
        /// The run's slider values (some sentences name them).
        values: crate::kernels::Params,
    },
}

/// What the UI asks to have drawn: the data it holds, from which the chart worker builds
/// the figure (`series::figure_of`), so the UI links neither the figure builders nor the
/// figure types.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Plot {
    /// A widget's main chart from its points: time (or, with `memory`, peak memory) per
    /// operation against n, or the speedup against threads, as its catalog entry says.
    Points {
        /// The widget.
        widget: String,
        /// Peak memory per call instead of time.
        memory: bool,
        /// Its points so far, Python twins' included.
        points: Vec<crate::protocol::Point>,
        /// The worker's clock tick, ns, once known.
        tick_ns: Option<f64>,
        /// The serial share (0..1) of the speedup chart's Amdahl line.
        serial_share: f64,
        /// Threads on the speedup chart's x axis.
        max_threads: u32,
    },
    /// A timeline widget's main chart: when each simulated request ran.
    Timelines {
        /// The widget.
        widget: String,
        /// One timeline per variant.
        timelines: Vec<crate::details::Timeline>,
        /// The run's points (a Python twin's totals among them).
        points: Vec<crate::protocol::Point>,
    },
    /// `blocking-the-ui`'s main chart: what the page felt on each thread.
    Phases {
        /// The widget.
        widget: String,
        /// One phase per thread.
        phases: Vec<crate::frames::Phase>,
    },
    /// `persistent-cache`'s main chart: each lookup's time to an answer.
    Lookups(Vec<crate::persist::Lookup>),
    /// A ranking's bars, at the largest size every variant reached.
    Ranking {
        /// The widget.
        widget: String,
        /// Its points so far.
        points: Vec<crate::protocol::Point>,
    },
    /// The resource monitor's readings.
    Resources(Vec<crate::protocol::ResourceSample>),
    /// The chart in a run's details, from the bench worker's `Response::Done` message as it
    /// arrived (`topics::details_figure`).
    Details(Vec<u8>),
}

/// Where a figure is drawn: the canvas' CSS size, the screen's pixel ratio, the theme.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Frame {
    /// CSS pixels.
    pub width: f64,
    /// CSS pixels.
    pub height: f64,
    /// `devicePixelRatio`: the backing store is this many device pixels per CSS pixel.
    pub scale: f64,
    /// Draw in the dark theme's colours.
    pub dark: bool,
}

/// Chart worker → UI.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum PaintResponse {
    /// The worker is listening.
    Ready,
    /// A `Paint` finished; `error` says why nothing could be drawn.
    Painted {
        /// The canvas.
        canvas: u32,
        /// What went wrong, as a sentence.
        error: Option<String>,
    },
    /// A `Write` finished: the run's text, or why it could not be written.
    Written {
        /// The request.
        job: u32,
        /// The text.
        written: Result<crate::readout::Written, String>,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::{decode, encode};

    #[test]
    fn paint_messages_round_trip() {
        let paint = PaintRequest::Paint {
            canvas: 3,
            frame: Frame {
                width: 640.0,
                height: 320.0,
                scale: 2.0,
                dark: true,
            },
            plot: Some(Plot::Points {
                widget: "queue-ops".into(),
                memory: false,
                points: vec![crate::protocol::fixtures::measured(
                    "a", 10, 1, 1.0, 2.0, 3.0,
                )],
                tick_ns: Some(5000.0),
                serial_share: 0.0,
                max_threads: 1,
            }),
        };
        assert_eq!(decode::<PaintRequest>(&encode(&paint)), Ok(paint));
        let painted = PaintResponse::Painted {
            canvas: 3,
            error: Some("no 2D context".into()),
        };
        assert_eq!(decode::<PaintResponse>(&encode(&painted)), Ok(painted));
        let written = PaintResponse::Written {
            job: 7,
            written: Ok(crate::readout::Written {
                sentence: "Selection ran 2.1x faster.".into(),
                details: Some(crate::html::Block::table("ttl", crate::html::Markup::new())),
                ..Default::default()
            }),
        };
        assert_eq!(decode::<PaintResponse>(&encode(&written)), Ok(written));
    }
}
