//! Simulated I/O: requests that only wait (a timer stands in for the network), and what
//! the schedules of `io-concurrency` and `async-gather` (`topics/parallel_processing/` and
//! `topics/async_io/`) share: the timer, one request, the ideal total and the timeline.
//!
//! Nothing here knows about browsers. The waiting comes from a [`Timer`]: in the worker it
//! is `setTimeout` and `performance.now()`; in the tests it is a virtual clock, so the
//! schedules below are checked exactly, instantly and without flakiness.
//!
//! Every schedule returns one [`Span`] per request (when it started and finished), which
//! the widget draws as a Gantt timeline.

pub use crate::details::{Span, Timeline};
use std::future::Future;

/// A clock that can also wait.
pub trait Timer {
    /// The future [`Timer::sleep`] returns.
    type Sleep: Future<Output = ()>;
    /// Now, in ms since some fixed origin.
    fn now_ms(&self) -> f64;
    /// Resolves `ms` milliseconds from now (or a little later).
    fn sleep(&self, ms: f64) -> Self::Sleep;
}

impl Span {
    /// How long the request was in flight, ms.
    pub fn duration_ms(&self) -> f64 {
        self.end_ms - self.start_ms
    }
}

/// One simulated request: waits `latency_ms`, then reports when it ran.
pub(crate) async fn request<T: Timer>(
    timer: &T,
    origin_ms: f64,
    id: usize,
    latency_ms: f64,
) -> Span {
    let start_ms = timer.now_ms() - origin_ms;
    timer.sleep(latency_ms).await;
    Span {
        id,
        start_ms,
        end_ms: timer.now_ms() - origin_ms,
    }
}

/// The most requests a run may simulate.
pub const MAX_REQUESTS: usize = 100;
/// The longest simulated latency, ms.
pub const MAX_LATENCY_MS: f64 = 1000.0;

/// The ideal total time of `latencies` with at most `k` in flight, each starting as soon
/// as a slot frees up (in submission order): what a perfect timer would give.
pub fn ideal_makespan_ms(latencies_ms: &[f64], k: usize) -> f64 {
    let k = k.max(1);
    // Each slot's next free time; a new request takes the earliest-free slot.
    let mut slots = vec![0.0_f64; k.min(latencies_ms.len().max(1))];
    for &latency in latencies_ms {
        let (i, start) = slots
            .iter()
            .copied()
            .enumerate()
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .unwrap_or((0, 0.0));
        slots[i] = start + latency;
    }
    slots.into_iter().fold(0.0, f64::max)
}

impl Timeline {
    /// Builds a timeline, sorting spans by request id.
    pub fn new(variant: &str, mut spans: Vec<Span>, ideal_ms: f64) -> Self {
        spans.sort_by_key(|s| s.id);
        Self {
            variant: variant.to_owned(),
            spans,
            ideal_ms,
        }
    }

    /// From the first start to the last response, ms.
    pub fn total_ms(&self) -> f64 {
        self.spans.iter().map(|s| s.end_ms).fold(0.0, f64::max)
    }

    /// The most requests that were in flight at the same instant.
    pub fn peak_in_flight(&self) -> usize {
        // Sweep: +1 at each start, −1 at each end; ends first when times tie.
        let mut events: Vec<(f64, i32)> = self
            .spans
            .iter()
            .flat_map(|s| [(s.start_ms, 1), (s.end_ms, -1)])
            .collect();
        crate::order::sort_small_by(&mut events, |a, b| a < b);
        let mut now = 0i32;
        let mut peak = 0i32;
        for (_, delta) in events {
            now += delta;
            peak = peak.max(now);
        }
        peak.max(0) as usize
    }

    /// The mean of (actual − asked) wait per request, ms: how late the timer fired.
    pub fn mean_overshoot_ms(&self, latencies_ms: &[f64]) -> f64 {
        if self.spans.is_empty() {
            return 0.0;
        }
        let sum: f64 = self
            .spans
            .iter()
            .map(|s| s.duration_ms() - latencies_ms.get(s.id).copied().unwrap_or(0.0))
            .sum();
        sum / self.spans.len() as f64
    }

    /// A checksum that every variant of the same requests must share: which requests
    /// completed (all of them, once each).
    pub fn checksum(&self) -> u64 {
        self.spans.iter().fold(self.spans.len() as u64, |acc, s| {
            acc ^ super::mix64(s.id as u64 + 1)
        })
    }
}

#[cfg(test)]
pub(crate) mod virtual_time {
    //! A virtual clock for testing schedules: `sleep` registers a deadline, and the
    //! driver jumps time to the next deadline whenever every task is waiting.

    use super::Timer;
    use std::cell::{Cell, RefCell};
    use std::future::Future;
    use std::pin::Pin;
    use std::rc::Rc;
    use std::task::{Context, Poll, Waker};

    #[derive(Default)]
    struct State {
        now: Cell<f64>,
        waiting: RefCell<Vec<(f64, Waker)>>,
    }

    /// The virtual clock.
    #[derive(Clone, Default)]
    pub struct VirtualTimer(Rc<State>);

    /// A sleep on the virtual clock.
    pub struct Sleep {
        state: Rc<State>,
        deadline: f64,
    }

    impl Future for Sleep {
        type Output = ();
        fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
            if self.state.now.get() >= self.deadline {
                return Poll::Ready(());
            }
            self.state
                .waiting
                .borrow_mut()
                .push((self.deadline, cx.waker().clone()));
            Poll::Pending
        }
    }

    impl Timer for VirtualTimer {
        type Sleep = Sleep;
        fn now_ms(&self) -> f64 {
            self.0.now.get()
        }
        fn sleep(&self, ms: f64) -> Sleep {
            Sleep {
                state: self.0.clone(),
                deadline: self.0.now.get() + ms,
            }
        }
    }

    impl VirtualTimer {
        /// Runs `fut` to completion, jumping time forward whenever it waits.
        pub fn run<F: Future>(&self, fut: F) -> F::Output {
            let mut fut = std::pin::pin!(fut);
            let waker = futures::task::noop_waker();
            let mut cx = Context::from_waker(&waker);
            loop {
                if let Poll::Ready(out) = fut.as_mut().poll(&mut cx) {
                    return out;
                }
                let mut waiting = self.0.waiting.borrow_mut();
                let next = waiting
                    .iter()
                    .map(|(d, _)| *d)
                    .min_by(f64::total_cmp)
                    .expect("a pending schedule must be waiting on the timer");
                self.0.now.set(next);
                let (due, later): (Vec<_>, Vec<_>) =
                    waiting.drain(..).partition(|(d, _)| *d <= next);
                *waiting = later;
                drop(waiting);
                due.into_iter().for_each(|(_, w)| w.wake());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksums_differ_when_a_request_is_missing() {
        let spans = |ids: &[usize]| {
            ids.iter()
                .map(|&id| Span {
                    id,
                    start_ms: 0.0,
                    end_ms: 1.0,
                })
                .collect::<Vec<_>>()
        };
        let a = Timeline::new("a", spans(&[0, 1, 2]), 1.0);
        let b = Timeline::new("b", spans(&[2, 0, 1]), 1.0);
        let c = Timeline::new("c", spans(&[0, 1]), 1.0);
        let d = Timeline::new("d", spans(&[0, 1, 1]), 1.0);
        assert_eq!(a.checksum(), b.checksum());
        assert_ne!(a.checksum(), c.checksum());
        assert_ne!(a.checksum(), d.checksum());
    }

    #[test]
    fn overshoot_is_the_mean_extra_wait() {
        let lat = [10.0, 20.0];
        let tl = Timeline::new(
            "x",
            vec![
                Span {
                    id: 0,
                    start_ms: 0.0,
                    end_ms: 11.0,
                },
                Span {
                    id: 1,
                    start_ms: 11.0,
                    end_ms: 34.0,
                },
            ],
            30.0,
        );
        assert_eq!(tl.mean_overshoot_ms(&lat), 2.0);
    }
}
