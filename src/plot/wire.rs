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
    /// Draw `figure` on a canvas (`None` clears it).
    Paint {
        /// The canvas.
        canvas: u32,
        /// Its size and theme now.
        frame: Frame,
        /// What to draw.
        figure: Option<super::series::Figure>,
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
        use crate::plot::series::Figure;
        let paint = PaintRequest::Paint {
            canvas: 3,
            frame: Frame {
                width: 640.0,
                height: 320.0,
                scale: 2.0,
                dark: true,
            },
            figure: Some(Figure::Lookups(vec![(0, 12.5, false), (1, 0.25, true)])),
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
            }),
        };
        assert_eq!(decode::<PaintResponse>(&encode(&written)), Ok(written));
    }
}
