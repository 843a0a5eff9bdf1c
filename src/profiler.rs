//! An instrumenting span profiler: code marks regions with [`Profiler::span`], and the
//! profiler records a call tree with call counts, cumulative time (the span and
//! everything inside it) and own time (cumulative minus the time of child spans).
//!
//! Pure: it reads a [`Clock`], so tests drive it with a fake clock. Every span costs two
//! clock readings, which is the price of instrumentation the profiling lesson measures.

use crate::harness::Clock;
use serde::{Deserialize, Serialize};

/// One node of the call tree: a span name under a particular parent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SpanNode {
    /// The span's name.
    pub name: String,
    /// Index of the parent node; `None` for top-level spans.
    pub parent: Option<usize>,
    /// How many times the span was entered under this parent.
    pub calls: u64,
    /// Time inside the span, including child spans, ns.
    pub cumulative_ns: f64,
    /// Time inside the span minus its child spans, ns.
    pub own_ns: f64,
}

/// A finished profile: the call tree, nodes in order of first entry (parents first).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    /// The nodes.
    pub nodes: Vec<SpanNode>,
}

/// One row of the flat report (like cProfile's): all nodes of one name together.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FlatRow {
    /// Span name.
    pub name: String,
    /// Total calls.
    pub calls: u64,
    /// Total own time, ns.
    pub own_ns: f64,
    /// Total cumulative time, ns (a span nested in itself would count twice; the
    /// pipeline profiled here has no recursion).
    pub cumulative_ns: f64,
}

impl FlatRow {
    /// Cumulative time per call, ns.
    pub fn per_call_ns(&self) -> f64 {
        self.cumulative_ns / self.calls.max(1) as f64
    }
}

impl Profile {
    /// Rows aggregated by span name, by descending cumulative time.
    pub fn flat(&self) -> Vec<FlatRow> {
        let mut rows: Vec<FlatRow> = Vec::new();
        for node in &self.nodes {
            match rows.iter_mut().find(|r| r.name == node.name) {
                Some(r) => {
                    r.calls += node.calls;
                    r.own_ns += node.own_ns;
                    r.cumulative_ns += node.cumulative_ns;
                }
                None => rows.push(FlatRow {
                    name: node.name.clone(),
                    calls: node.calls,
                    own_ns: node.own_ns,
                    cumulative_ns: node.cumulative_ns,
                }),
            }
        }
        sort_desc(&mut rows, |r| r.cumulative_ns);
        rows
    }

    /// Total time of the top-level spans, ns.
    pub fn total_ns(&self) -> f64 {
        self.nodes
            .iter()
            .filter(|n| n.parent.is_none())
            .map(|n| n.cumulative_ns)
            .sum()
    }

    /// Children of `parent` (or the top-level nodes for `None`), in order of first entry.
    pub fn children(&self, parent: Option<usize>) -> impl Iterator<Item = (usize, &SpanNode)> {
        self.nodes
            .iter()
            .enumerate()
            .filter(move |(_, n)| n.parent == parent)
    }

    /// Depth of node `i` (top level is 0).
    pub fn depth(&self, mut i: usize) -> usize {
        let mut depth = 0;
        while let Some(p) = self.nodes[i].parent {
            depth += 1;
            i = p;
        }
        depth
    }
}

/// Records spans against a clock.
pub struct Profiler<'c> {
    clock: &'c dyn Clock,
    profile: Profile,
    /// Open spans: (node, start time, time spent in finished child spans).
    stack: Vec<(usize, f64, f64)>,
}

impl<'c> Profiler<'c> {
    /// A profiler with an empty profile.
    pub fn new(clock: &'c dyn Clock) -> Self {
        Self {
            clock,
            profile: Profile::default(),
            stack: Vec::new(),
        }
    }

    /// Runs `f` inside a span called `name`, nested in whatever span is open.
    pub fn span<T>(&mut self, name: &str, f: impl FnOnce(&mut Self) -> T) -> T {
        let parent = self.stack.last().map(|s| s.0);
        let node = match self
            .profile
            .nodes
            .iter()
            .position(|n| n.parent == parent && n.name == name)
        {
            Some(i) => i,
            None => {
                self.profile.nodes.push(SpanNode {
                    name: name.to_owned(),
                    parent,
                    calls: 0,
                    cumulative_ns: 0.0,
                    own_ns: 0.0,
                });
                self.profile.nodes.len() - 1
            }
        };
        self.stack.push((node, self.clock.now_ns(), 0.0));
        let out = f(self);
        let end = self.clock.now_ns();
        if let Some((node, start, children_ns)) = self.stack.pop() {
            let elapsed = end - start;
            let n = &mut self.profile.nodes[node];
            n.calls += 1;
            n.cumulative_ns += elapsed;
            n.own_ns += elapsed - children_ns;
            if let Some(parent) = self.stack.last_mut() {
                parent.2 += elapsed;
            }
        }
        out
    }

    /// The profile so far (spans still open are not included).
    pub fn finish(self) -> Profile {
        self.profile
    }
}

/// Sorts rows by `key`, largest first (ties keep their order). Takes a function pointer
/// so that every caller shares one compiled sort.
pub fn sort_desc(rows: &mut [FlatRow], key: fn(&FlatRow) -> f64) {
    crate::order::sort_small_by(rows, |a, b| key(a) > key(b));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    /// A clock that moves only when told to.
    struct Manual(Cell<f64>);
    impl Clock for Manual {
        fn now_ns(&self) -> f64 {
            self.0.get()
        }
    }
    impl Manual {
        fn work(&self, ns: f64) {
            self.0.set(self.0.get() + ns);
        }
    }

    #[test]
    fn own_and_cumulative_time_with_nesting() {
        let clock = Manual(Cell::new(0.0));
        let mut p = Profiler::new(&clock);
        p.span("job", |p| {
            clock.work(10.0); // own time of job
            for _ in 0..3 {
                p.span("parse", |_| clock.work(100.0));
            }
            p.span("aggregate", |p| {
                clock.work(5.0);
                p.span("hash", |_| clock.work(50.0));
            });
        });
        let profile = p.finish();
        let node = |name: &str| profile.nodes.iter().find(|n| n.name == name).expect(name);
        assert_eq!(node("job").cumulative_ns, 365.0);
        assert_eq!(node("job").own_ns, 10.0, "job minus its children");
        assert_eq!(node("parse").calls, 3);
        assert_eq!(node("parse").cumulative_ns, 300.0);
        assert_eq!(
            node("parse").own_ns,
            300.0,
            "a leaf's own time is its cumulative time"
        );
        assert_eq!(node("aggregate").own_ns, 5.0);
        assert_eq!(node("aggregate").cumulative_ns, 55.0);
        assert_eq!(
            node("hash").parent,
            profile.nodes.iter().position(|n| n.name == "aggregate")
        );
        assert_eq!(
            profile.depth(
                profile
                    .nodes
                    .iter()
                    .position(|n| n.name == "hash")
                    .expect("hash")
            ),
            2
        );
        assert_eq!(profile.total_ns(), 365.0);
        let own_sum: f64 = profile.nodes.iter().map(|n| n.own_ns).sum();
        assert_eq!(own_sum, 365.0, "own times partition the total");
    }

    #[test]
    fn flat_report_merges_a_name_under_several_parents() {
        let clock = Manual(Cell::new(0.0));
        let mut p = Profiler::new(&clock);
        p.span("a", |p| p.span("alloc", |_| clock.work(7.0)));
        p.span("b", |p| p.span("alloc", |_| clock.work(3.0)));
        let flat = p.finish().flat();
        let alloc = flat.iter().find(|r| r.name == "alloc").expect("alloc row");
        assert_eq!(
            (alloc.calls, alloc.own_ns, alloc.cumulative_ns),
            (2, 10.0, 10.0)
        );
        assert_eq!(alloc.per_call_ns(), 5.0);
        assert_eq!(flat[0].name, "alloc", "sorted by cumulative time");
    }
}
