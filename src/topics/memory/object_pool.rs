//! Lesson 7, `object-pool`: tasks that each need a scratch buffer, with a fresh buffer
//! per task versus buffers reused from a small pool.

use crate::catalog::{log_slider, SliderSpec, WidgetSpec, DEFAULTS};
use crate::format::{count, duration_ns};
use crate::harness::Kernel;
use crate::kernels::{mix64, param, Params, Prepared, Setup, Suite, SuiteInfo, Variant};
use crate::protocol::Report;
use crate::python::{PyVariant, Twin};
use crate::readout::{at, compare, largest, noise_at};
use crate::topics::Topic;
use std::hint::black_box;

/// The suite behind `object-pool`.
pub struct PoolSuite;
/// The one instance.
pub static SUITE: PoolSuite = PoolSuite;

pub static VARIANTS: [Variant; 2] = [
    Variant::new("fresh", "a fresh buffer per task", "tasks"),
    Variant::new("pooled", "buffers reused from a pool", "tasks"),
];

/// Default scratch buffer size, KiB (the `kib` slider).
pub const DEFAULT_KIB: f64 = 64.0;

/// One task's work: writes one byte per 64 (a byte per cache line) and reads two back.
/// Any buffer content is fine on entry: every byte read was written by this task.
fn task(buf: &mut [u8], id: u64) -> u64 {
    let mut i = 0;
    while i < buf.len() {
        buf[i] = (id as usize ^ i) as u8;
        i += 64;
    }
    let last = (buf.len().saturating_sub(1) / 64) * 64;
    mix64(id ^ u64::from(buf[0]) << 8 ^ u64::from(buf[last]))
}

// region: fresh
/// Allocates (and zeroes) a new buffer for every task, and frees it after.
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn run_fresh(tasks: u64, size: usize) -> u64 {
    let mut acc = 0u64;
    for id in 0..tasks {
        let mut buf = vec![0u8; size];
        acc = acc.wrapping_add(task(&mut buf, id));
    }
    acc
}
// endregion

// region: pooled
/// A pool of buffers: `get` hands out a free one (allocating only when the pool is
/// empty), `put` takes it back for the next task. No reset is needed, because a task
/// writes every byte it reads.
pub struct Pool {
    free: Vec<Vec<u8>>,
    size: usize,
}

impl Pool {
    pub fn new(size: usize) -> Self {
        Self {
            free: Vec::new(),
            size,
        }
    }
    pub fn get(&mut self) -> Vec<u8> {
        self.free.pop().unwrap_or_else(|| vec![0u8; self.size])
    }
    pub fn put(&mut self, buf: Vec<u8>) {
        self.free.push(buf);
    }
}

#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn run_pooled(tasks: u64, size: usize) -> u64 {
    let mut pool = Pool::new(size);
    let mut acc = 0u64;
    for id in 0..tasks {
        let mut buf = pool.get();
        acc = acc.wrapping_add(task(&mut buf, id));
        pool.put(buf);
    }
    acc
}
// endregion

struct Input {
    tasks: u64,
    size: usize,
}

impl Prepared for Input {
    fn kernel(&self, index: usize) -> Box<dyn Kernel + '_> {
        let (tasks, size) = (self.tasks, self.size);
        match index {
            0 => Box::new(move || run_fresh(black_box(tasks), black_box(size))),
            _ => Box::new(move || run_pooled(black_box(tasks), black_box(size))),
        }
    }
    fn ops_per_call(&self, _index: usize) -> u64 {
        self.tasks.max(1)
    }
}

fn size_of(params: &Params) -> usize {
    (param(params, "kib", DEFAULT_KIB).clamp(1.0, 4096.0) * 1024.0) as usize
}

impl Suite for PoolSuite {
    crate::kernels::suite_facts!("object-pool", VARIANTS);
    fn bytes_needed(&self, _n: u64, params: &Params) -> u64 {
        // One buffer at a time in either variant (plus the pool's small vector).
        size_of(params) as u64 * 2
    }
    fn prepare<'c>(&self, Setup { n, params, .. }: Setup<'_, 'c>) -> Box<dyn Prepared + 'c> {
        Box::new(Input {
            tasks: n,
            size: size_of(params),
        })
    }
    fn measures_memory(&self) -> bool {
        true
    }
}

/// The UI half: sliders, chart, the kernels' facts and the sentence (no kernel code).
pub static TOPIC: Topic = Topic {
    spec: WidgetSpec {
        id: "object-pool",
        title: "A fresh scratch buffer per task, or one from a pool",
        sliders: &[
            log_slider("n", "Largest number of tasks n", 10.0, 1e5, 1e4),
            SliderSpec {
                unit: " KiB",
                ..log_slider("kib", "Scratch buffer size", 1.0, 1024.0, DEFAULT_KIB)
            },
        ],
        op_label: "task",
        sweep_from: 10.0,
        // The browser tests' quick sweep: 10 .. 100 tasks.
        quick_sweep: &[("n", 3)],
        ..DEFAULTS
    },
    info: Some(SuiteInfo {
        variants: &VARIANTS,
        source_path: "topics/memory/object_pool.rs",
        measures_memory: true,
    }),
    python: Some(&PYTHON),
};

/// The same two ways in Python (`object_pool.py` beside this file): a new `bytearray` per
/// task, or one from a pool shaped like the seed's `ObjectPool`.
pub static PYTHON: Twin = Twin {
    source_path: "topics/memory/object_pool.py",
    variants: &[
        PyVariant {
            function: "fresh_bytearray",
            label: "bytearray(size) per task",
            twin: "fresh",
        },
        PyVariant {
            function: "pooled_bytearray",
            label: "ObjectPool.get/put",
            twin: "pooled",
        },
    ],
};

/// Time per task both ways at the largest n, and what the allocator counted.
pub fn sentence(r: &Report, values: &Params) -> Option<String> {
    let (n, fresh) = largest(r, "fresh")?;
    let pooled = at(r, "pooled", n)?;
    let allocs = |id: &str| {
        r.points
            .iter()
            .find(|p| p.variant == id && p.n == n)
            .and_then(|p| p.memory)
            .map(|m| m.allocations)
    };
    let kib = param(values, "kib", DEFAULT_KIB);
    let mut s = format!(
        "For {} tasks with a {} KiB buffer each, a fresh buffer per task took {} per task and the pool {}: the pool ran {} fresh allocation.",
        count(n),
        crate::format::shortest(kib),
        duration_ns(fresh),
        duration_ns(pooled),
        compare(pooled, fresh, noise_at(r, n))
    );
    if let (Some(a), Some(b)) = (allocs("fresh"), allocs("pooled")) {
        s += &format!(
            " The allocator counted {} allocations for the fresh buffers and {} for the pool.",
            count(a),
            count(b)
        );
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::readout::tests::{point, report};

    #[test]
    fn both_ways_do_the_same_work() {
        for (tasks, size) in [(0, 64), (1, 1), (5, 100), (100, 65_536)] {
            assert_eq!(
                run_fresh(tasks, size),
                run_pooled(tasks, size),
                "{tasks} × {size}"
            );
        }
        assert_ne!(run_fresh(10, 64), run_fresh(11, 64));
    }

    #[test]
    fn the_pool_hands_back_what_it_was_given() {
        let mut pool = Pool::new(8);
        let a = pool.get();
        let ptr = a.as_ptr();
        pool.put(a);
        let again = pool.get();
        assert_eq!(again.as_ptr(), ptr);
    }

    #[test]
    fn the_sentence_compares_time_and_allocations() {
        let mut fresh = point("fresh", 100, 2000.0);
        fresh.memory = Some(crate::alloc::MemoryUse {
            allocations: 100,
            allocated_bytes: 6_553_600,
            peak_bytes: 65_536,
        });
        let mut pooled = point("pooled", 100, 500.0);
        pooled.memory = Some(crate::alloc::MemoryUse {
            allocations: 2,
            allocated_bytes: 65_600,
            peak_bytes: 65_600,
        });
        let values: Params = [("kib".to_string(), 64.0)].into_iter().collect();
        let s = sentence(&report("object-pool", vec![fresh, pooled]), &values).expect("sentence");
        assert!(s.contains("For 100 tasks with a 64 KiB buffer each"), "{s}");
        assert!(
            s.contains("the pool ran 4.00× faster than fresh allocation"),
            "{s}"
        );
        assert!(
            s.contains("100 allocations for the fresh buffers and 2 for the pool"),
            "{s}"
        );
    }
}
