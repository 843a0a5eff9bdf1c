//! Where a widget's run is: shared by the widget and the parts it is made of (chart,
//! prediction, resource monitor), which read it without importing the widget.

/// Where a widget's run is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunState {
    /// Never run.
    Idle,
    /// Queued or measuring.
    Running,
    /// Finished.
    Done,
    /// Failed: an alert says why.
    Error,
    /// Stopped by the reader.
    Cancelled,
}

impl RunState {
    /// The `data-state` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Idle => "idle",
            Self::Running => "running",
            Self::Done => "done",
            Self::Error => "error",
            Self::Cancelled => "cancelled",
        }
    }
}
