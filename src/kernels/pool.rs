//! Lesson 7, `object-pool`: tasks that each need a scratch buffer, with a fresh buffer
//! per task versus buffers reused from a small pool.

use super::{mix64, param, Params, Prepared, Suite, Variant};
use crate::harness::{Clock, Kernel};
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
    fn id(&self) -> &'static str {
        "object-pool"
    }
    fn variants(&self) -> &'static [Variant] {
        &VARIANTS
    }
    fn source_path(&self) -> &'static str {
        file!()
    }
    fn bytes_needed(&self, _n: u64, params: &Params) -> u64 {
        // One buffer at a time in either variant (plus the pool's small vector).
        size_of(params) as u64 * 2
    }
    fn prepare<'c>(
        &self,
        n: u64,
        params: &Params,
        _threads: usize,
        _clock: &'c dyn Clock,
    ) -> Box<dyn Prepared + 'c> {
        Box::new(Input {
            tasks: n,
            size: size_of(params),
        })
    }
    fn measures_memory(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
