//! Lesson 8, `persistent-cache`: the expensive computation whose result the page keeps
//! in the browser's storage. Counting primes below n by trial division is deliberately
//! slow (a sieve would be far faster): it stands in for any costly, deterministic job
//! whose answer depends only on its arguments.

use crate::async_runs::AsyncPlan;
use crate::catalog::{log_slider, ChartKind, WidgetSpec, DEFAULTS};
pub use crate::details::PrimeCount;
use crate::format::{bytes, count, duration_ns};
use crate::kernels::{Params, SuiteInfo, Variant};
use crate::protocol::{Details, Report};
use crate::protocol::{RunError, RunSpec};
use crate::topics::Topic;

/// Largest n the widget allows (a few seconds of trial division).
pub const MAX_N: u64 = 20_000_000;

impl PrimeCount {
    /// A checksum of the whole result.
    pub fn checksum(&self) -> u64 {
        super::mix64(self.below ^ super::mix64(self.count ^ super::mix64(self.largest)))
    }
}

// region: compute
/// Counts the primes below `n`, testing each odd candidate by trial division up to its
/// square root.
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn count_primes(n: u64) -> PrimeCount {
    let mut result = PrimeCount {
        below: n,
        count: 0,
        largest: 0,
    };
    if n > 2 {
        result.count = 1;
        result.largest = 2;
    }
    let mut candidate = 3;
    while candidate < n {
        let mut d = 3;
        let mut prime = true;
        while d * d <= candidate {
            if candidate % d == 0 {
                prime = false;
                break;
            }
            d += 2;
        }
        if prime {
            result.count += 1;
            result.largest = candidate;
        }
        candidate += 2;
    }
    result
}
// endregion

/// The widget's two ways to an answer: compute it, or read what an earlier run stored.
pub static VARIANTS: [Variant; 2] = [
    Variant::new("compute", "compute (trial division)", "primes"),
    Variant::new("storage", "read from the browser's storage", "primes"),
];

/// Version of the stored entry's format; entries of another version are not used (the
/// version is part of the key, so they are not even looked up). Version 1 was JSON.
pub const ENTRY_VERSION: u32 = 2;

/// What the page stores for one set of arguments.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// [`ENTRY_VERSION`].
    pub version: u32,
    /// The key it is stored under.
    pub key: String,
    /// The result.
    pub result: PrimeCount,
    /// [`PrimeCount::checksum`] of the result, to catch damaged entries.
    pub checksum: u64,
    /// How long computing it took, ms.
    pub compute_ms: f64,
}

// region: storage
/// The storage key of `count_primes(n)`: a 64-bit FNV-1a hash of the function's name
/// and arguments, so different arguments never share an entry.
pub fn cache_key(n: u64) -> String {
    let text = format!("count_primes(n={n})#v{ENTRY_VERSION}");
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    format!("primes-{h:016x}")
}

/// The text stored for a computed result: one `name value` line per field, readable in
/// the browser's storage inspector.
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn encode(key: &str, result: PrimeCount, compute_ms: f64) -> String {
    format!(
        "benchbook cache entry v{ENTRY_VERSION}\nkey {key}\nbelow {}\ncount {}\nlargest {}\nchecksum {}\ncompute_ms {}",
        result.below,
        result.count,
        result.largest,
        result.checksum(),
        crate::format::shortest(compute_ms)
    )
}

/// Reads a stored entry back, refusing anything that is not exactly what [`encode`]
/// wrote for this key: another format or version, other arguments, a wrong checksum.
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn decode(key: &str, n: u64, text: &str) -> Result<Entry, String> {
    let mut lines = text.lines();
    let version = lines
        .next()
        .and_then(|l| l.strip_prefix("benchbook cache entry v"))
        .and_then(|v| v.parse::<u32>().ok())
        .ok_or("it is not a stored entry")?;
    if version != ENTRY_VERSION {
        return Err(format!(
            "format version {version} (expected {ENTRY_VERSION})"
        ));
    }
    let mut field = |name: &str| -> Result<String, String> {
        let line = lines.next().ok_or(format!("its {name} is missing"))?;
        let value = line
            .strip_prefix(name)
            .and_then(|rest| rest.strip_prefix(' '))
            .ok_or(format!("its {name} is missing"))?;
        Ok(value.to_owned())
    };
    let number = |name: &str, value: String| -> Result<u64, String> {
        value
            .parse()
            .map_err(|_| format!("its {name} is not a number"))
    };
    let stored_key = field("key")?;
    let below = number("below", field("below")?)?;
    let count = number("count", field("count")?)?;
    let largest = number("largest", field("largest")?)?;
    let checksum = number("checksum", field("checksum")?)?;
    let compute_ms = crate::format::parse_number(&field("compute_ms")?)
        .ok_or("its compute_ms is not a number")?;
    let entry = Entry {
        version,
        key: stored_key,
        result: PrimeCount {
            below,
            count,
            largest,
        },
        checksum,
        compute_ms,
    };
    if entry.key != key || entry.result.below != n {
        return Err("it belongs to other arguments".into());
    }
    if entry.checksum != entry.result.checksum() {
        return Err("its checksum does not match its contents".into());
    }
    Ok(entry)
}
// endregion

/// The run: count the primes below n once (a cache miss); the UI stores the answer.
pub fn plan(spec: &RunSpec) -> Result<AsyncPlan, RunError> {
    match spec.sizes.as_slice() {
        [n] if (1..=MAX_N).contains(n) => Ok(AsyncPlan::Compute { n: *n }),
        _ => Err(RunError::InvalidSpec(format!(
            "persistent-cache takes one bound from 1 to {MAX_N}"
        ))),
    }
}

/// The UI half: the slider, chart, the variants' facts and the sentence. The run is
/// asynchronous (`async_runs`: one count, then the UI stores it; `widgets/storage.rs`
/// reads and writes the browser's storage).
pub static TOPIC: Topic = Topic {
    spec: WidgetSpec {
        id: "persistent-cache",
        title: "A result that survives a reload: caching in IndexedDB",
        sliders: &[log_slider(
            "n",
            "Count the primes below n",
            1e3,
            MAX_N as f64,
            5e6,
        )],
        op_label: "answer",
        chart: ChartKind::Lookups,
        n_label: "n",
        x_label: "run on this page",
        // The browser tests' quick sweep: primes below 10,000.
        quick_sweep: &[("n", 3)],
        ..DEFAULTS
    },
    info: Some(SuiteInfo {
        variants: &VARIANTS,
        source_path: "topics/caching/persistent_cache.rs",
        measures_memory: false,
    }),
    python: None,
};

/// The sentence and details of a run, written on the UI side: the run ends there, with
/// the lookup in the browser's storage.
pub fn written(r: &Report) -> crate::readout::Written {
    crate::topics::written_by(r, sentence, |d| match d {
        crate::protocol::Details::Cache(log) => Some(details_view(log)),
        _ => None,
    })
}

/// What this run did (hit or miss), the answer, and the page's tally.
pub fn sentence(r: &Report, _values: &Params) -> Option<String> {
    let Some(Details::Cache(log)) = &r.details else {
        return None;
    };
    let last = log.last()?;
    let (hits, misses) = crate::persist::tally(log);
    let mut s = format!(
        "Run {}: {} The answer, {} primes below {}, took {}.",
        last.run,
        last.outcome.message(),
        count(last.result.count),
        count(last.n),
        duration_ns(last.ms * 1e6)
    );
    let plural =
        |k: usize, one: &str, many: &str| format!("{k} {}", if k == 1 { one } else { many });
    s += &format!(
        " This page: {}, {}.",
        plural(hits, "hit", "hits"),
        plural(misses, "miss", "misses")
    );
    if let Some((entries, size)) = last.stored {
        s += &format!(
            " The store holds {} {} ({}).",
            count(entries),
            if entries == 1 { "entry" } else { "entries" },
            bytes(size)
        );
    }
    Some(s)
}

/// The details under the widget: every run on this page and where its answer came from.
pub fn details_view(log: &[crate::persist::Lookup]) -> crate::html::Block {
    use crate::format::{count, duration_ns};
    let mut table = crate::html::Markup::new();
    table.table(
        &[],
        "Every run on this page: where its answer came from.",
        &[
            "Run",
            "n",
            "Outcome",
            "Primes below n",
            "Time to answer",
            "Storage key",
        ],
        |m| {
            for l in log.iter().rev() {
                let run = l.run.to_string();
                m.open(
                    "tr",
                    &[("data-run", &run), ("data-outcome", l.outcome.as_str())],
                )
                .element("th", &[("scope", "row")], &run);
                for cell in [
                    count(l.n),
                    l.outcome.as_str().to_owned(),
                    count(l.result.count),
                    duration_ns(l.ms * 1e6),
                ] {
                    m.element("td", &[], &cell);
                }
                m.open("td", &[])
                    .element("code", &[], &l.key)
                    .close("td")
                    .close("tr");
            }
        },
    );
    crate::html::Block::table("cache", table)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reason `decode` gave for refusing an entry (a test failure if it accepted it).
    fn refused(r: Result<Entry, String>) -> String {
        match r {
            Err(reason) => reason,
            Ok(entry) => panic!("accepted {entry:?}"),
        }
    }

    #[test]
    fn entries_round_trip_and_damage_is_refused() {
        let key = cache_key(1000);
        assert_ne!(key, cache_key(1001));
        assert_eq!(key, cache_key(1000));
        let r = count_primes(1000);
        let text = encode(&key, r, 12.5);
        let back = decode(&key, 1000, &text).expect("decodes");
        assert_eq!(back.result, r);
        assert_eq!(back.compute_ms, 12.5);
        assert!(refused(decode(&key, 1000, "{not json")).contains("not a stored entry"));
        assert!(refused(decode(&cache_key(5), 5, &text)).contains("other arguments"));
        let tampered = text.replace("\ncount 168\n", "\ncount 169\n");
        assert_ne!(tampered, text);
        assert!(refused(decode(&key, 1000, &tampered)).contains("checksum"));
        let old = text.replace("entry v2", "entry v1");
        assert!(refused(decode(&key, 1000, &old)).contains("version 1"));
        let cut: String = text.lines().take(4).collect::<Vec<_>>().join("\n");
        assert!(refused(decode(&key, 1000, &cut)).contains("largest is missing"));
        let word = text.replace("\nbelow 1000\n", "\nbelow lots\n");
        assert!(refused(decode(&key, 1000, &word)).contains("below is not a number"));
    }

    #[test]
    fn known_prime_counts() {
        for (n, count, largest) in [
            (0, 0, 0),
            (2, 0, 0),
            (3, 1, 2),
            (10, 4, 7),
            (100, 25, 97),
            (1_000_000, 78_498, 999_983),
        ] {
            let r = count_primes(n);
            assert_eq!((r.count, r.largest), (count, largest), "below {n}");
        }
    }

    use crate::readout::tests::report_with as report;

    #[test]
    fn persistent_readout_counts_hits() {
        use crate::persist::{Lookup, Outcome};
        let result = count_primes(100);
        let entry = |run, outcome| Lookup {
            run,
            n: 100,
            key: "k".into(),
            outcome,
            result,
            ms: 2.0,
            stored: Some((1, 150)),
        };
        let log = vec![entry(1, Outcome::Miss), entry(2, Outcome::Hit)];
        let s = sentence(
            &report("persistent-cache", Vec::new(), Some(Details::Cache(log))),
            &Params::new(),
        )
        .expect("sentence");
        assert!(s.starts_with("Run 2: Hit"), "{s}");
        assert!(s.contains("25 primes below 100"), "{s}");
        assert!(s.contains("1 hit, 1 miss"), "{s}");
        assert!(s.contains("1 entry (150 B)"), "{s}");
    }
}
