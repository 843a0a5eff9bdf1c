//! `persistent-cache`'s storage: results in IndexedDB, keyed by a hash of their
//! arguments (`persistent_cache::cache_key`).
//!
//! IndexedDB rather than localStorage: it is asynchronous, so a large entry never blocks
//! the UI thread, and it reports a full quota as a typed `QuotaExceededError`. Every
//! failure becomes a [`StoreError`] and the widget computes instead: the storage can only
//! make an answer faster, never make it fail.

use crate::persist::{Outcome, StoreError};
use crate::protocol::{Details, Report};
use crate::topics::caching::persistent_cache::{cache_key, decode, encode, Entry, PrimeCount};
use js_sys::Promise;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbRequest, IdbTransaction, IdbTransactionMode};

/// The database and its one object store.
pub const DB_NAME: &str = "benchbook-cache";
/// The object store (keys are [`cache_key`]s, values the entries' text).
pub const STORE: &str = "results";

fn to_store_error(value: &JsValue) -> StoreError {
    match value.dyn_ref::<web_sys::DomException>() {
        Some(e) => StoreError::from_dom(&e.name(), &e.message()),
        None => StoreError::Failed(crate::js_error_message(value)),
    }
}

/// Resolves with the request's result, or fails with its error.
async fn settle(req: &IdbRequest) -> Result<JsValue, StoreError> {
    let promise = Promise::new(&mut |resolve, reject| {
        let ok_req = req.clone();
        let ok = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = resolve.call1(
                &JsValue::NULL,
                &ok_req.result().unwrap_or(JsValue::UNDEFINED),
            );
        });
        let err_req = req.clone();
        let err = Closure::once_into_js(move |e: web_sys::Event| {
            // Handled here: do not let the failure abort the transaction noisily.
            e.prevent_default();
            let error = err_req
                .error()
                .ok()
                .flatten()
                .map_or(JsValue::UNDEFINED, JsValue::from);
            let _ = reject.call1(&JsValue::NULL, &error);
        });
        req.set_onsuccess(Some(ok.unchecked_ref()));
        req.set_onerror(Some(err.unchecked_ref()));
    });
    let result = JsFuture::from(promise).await;
    // Settled: drop the handlers, so nothing keeps listening on a finished request.
    req.set_onsuccess(None);
    req.set_onerror(None);
    result.map_err(|e| to_store_error(&e))
}

/// Resolves when the transaction commits, or fails when it aborts (a full quota is
/// often reported only here, at commit).
async fn committed(tx: &IdbTransaction) -> Result<(), StoreError> {
    let promise = Promise::new(&mut |resolve, reject| {
        let done = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let failed_tx = tx.clone();
        let failed = Closure::once_into_js(move |_: web_sys::Event| {
            let error = failed_tx.error().map_or(JsValue::UNDEFINED, JsValue::from);
            let _ = reject.call1(&JsValue::NULL, &error);
        });
        tx.set_oncomplete(Some(done.unchecked_ref()));
        tx.set_onabort(Some(failed.unchecked_ref()));
    });
    let result = JsFuture::from(promise).await;
    tx.set_oncomplete(None);
    tx.set_onabort(None);
    result.map(drop).map_err(|e| to_store_error(&e))
}

/// An open connection to the database, closed when dropped. Each lookup, count and
/// clear opens its own; an unclosed connection (with the handlers of the requests that
/// opened it) stayed alive after the widget was gone, five listeners per visit of the
/// caching lesson. Closing waits for the connection's transactions to finish.
pub struct Db(IdbDatabase);

impl std::ops::Deref for Db {
    type Target = IdbDatabase;
    fn deref(&self) -> &IdbDatabase {
        &self.0
    }
}

impl Drop for Db {
    fn drop(&mut self) {
        self.0.close();
    }
}

/// Opens (creating on first use) the database.
pub async fn open() -> Result<Db, StoreError> {
    let unavailable = |e: &JsValue| match to_store_error(e) {
        StoreError::Failed(d) => StoreError::Unavailable(d),
        other => other,
    };
    let window = web_sys::window().ok_or_else(|| StoreError::Unavailable("no window".into()))?;
    let factory = window
        .indexed_db()
        .map_err(|e| unavailable(&e))?
        .ok_or_else(|| StoreError::Unavailable("this browser offers no IndexedDB".into()))?;
    let req = factory
        .open_with_u32(DB_NAME, 1)
        .map_err(|e| unavailable(&e))?;
    let upgrade_req = req.clone();
    let upgrade = Closure::once_into_js(move |_: web_sys::Event| {
        if let Some(db) = upgrade_req
            .result()
            .ok()
            .and_then(|r| r.dyn_into::<IdbDatabase>().ok())
        {
            if !db.object_store_names().contains(STORE) {
                let _ = db.create_object_store(STORE);
            }
        }
    });
    req.set_onupgradeneeded(Some(upgrade.unchecked_ref()));
    let settled = settle(&req).await;
    req.set_onupgradeneeded(None);
    let db = settled.map_err(|e| match e {
        StoreError::Failed(d) => StoreError::Unavailable(d),
        other => other,
    })?;
    db.dyn_into::<IdbDatabase>()
        .map(Db)
        .map_err(|_| StoreError::Unavailable("the database did not open".into()))
}

fn store(
    db: &IdbDatabase,
    mode: IdbTransactionMode,
) -> Result<(IdbTransaction, web_sys::IdbObjectStore), StoreError> {
    let tx = db
        .transaction_with_str_and_mode(STORE, mode)
        .map_err(|e| to_store_error(&e))?;
    let store = tx.object_store(STORE).map_err(|e| to_store_error(&e))?;
    Ok((tx, store))
}

/// The stored text under `key`, if any (a value that is not text comes back as its
/// JSON form, which then fails to decode like any damaged entry).
pub async fn get(db: &IdbDatabase, key: &str) -> Result<Option<String>, StoreError> {
    let (_tx, store) = store(db, IdbTransactionMode::Readonly)?;
    let req = store
        .get(&JsValue::from_str(key))
        .map_err(|e| to_store_error(&e))?;
    let value = settle(&req).await?;
    if value.is_undefined() {
        return Ok(None);
    }
    Ok(Some(value.as_string().unwrap_or_else(|| {
        js_sys::JSON::stringify(&value).map_or_else(|_| String::new(), String::from)
    })))
}

/// Stores `text` under `key`, waiting for the commit.
pub async fn put(db: &IdbDatabase, key: &str, text: &str) -> Result<(), StoreError> {
    let (tx, store) = store(db, IdbTransactionMode::Readwrite)?;
    let req = store
        .put_with_key(&JsValue::from_str(text), &JsValue::from_str(key))
        .map_err(|e| to_store_error(&e))?;
    settle(&req).await?;
    committed(&tx).await
}

/// Entries and bytes of stored text.
pub async fn usage(db: &IdbDatabase) -> Result<(u64, u64), StoreError> {
    let (_tx, store) = store(db, IdbTransactionMode::Readonly)?;
    let req = store.get_all().map_err(|e| to_store_error(&e))?;
    let all: js_sys::Array = settle(&req).await?.unchecked_into();
    let bytes = all
        .iter()
        .map(|v| v.as_string().map_or(0, |s| s.len() as u64))
        .sum();
    Ok((u64::from(all.length()), bytes))
}

/// Deletes every entry.
pub async fn clear(db: &IdbDatabase) -> Result<(), StoreError> {
    let (tx, store) = store(db, IdbTransactionMode::Readwrite)?;
    let req = store.clear().map_err(|e| to_store_error(&e))?;
    settle(&req).await?;
    committed(&tx).await
}

/// What a lookup found before any computing.
pub struct Before {
    /// The key of these arguments.
    pub key: String,
    /// The argument.
    pub n: u64,
    /// The open database, if it opened (closed when this is dropped).
    db: Option<Db>,
    /// A usable stored entry and the time to read and check it, ms.
    pub hit: Option<(Entry, f64)>,
    /// Why there is no hit, when that is a problem rather than a plain miss.
    problem: Option<Outcome>,
}

impl Before {
    /// What the store holds, read through the database this lookup opened.
    pub async fn usage(&self) -> Option<(u64, u64)> {
        usage(self.db.as_ref()?).await.ok()
    }
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Looks `n` up: a hit, a miss, a damaged entry, or no storage at all.
pub async fn look_up(n: u64) -> Before {
    let key = cache_key(n);
    let started = now_ms();
    let db = match open().await {
        Ok(db) => db,
        Err(error) => {
            return Before {
                key,
                n,
                db: None,
                hit: None,
                problem: Some(Outcome::NoStorage { error }),
            }
        }
    };
    let (hit, problem) = match get(&db, &key).await {
        Ok(None) => (None, None),
        Ok(Some(text)) => match decode(&key, n, &text) {
            Ok(entry) => (Some((entry, now_ms() - started)), None),
            Err(reason) => (None, Some(Outcome::Corrupt { reason })),
        },
        Err(error) => (None, Some(Outcome::NoStorage { error })),
    };
    Before {
        key,
        n,
        db: Some(db),
        hit,
        problem,
    }
}

/// Stores a computed result (unless the storage is unusable) and says how it went,
/// with what the store holds afterwards.
pub async fn store_computed(
    before: Before,
    result: PrimeCount,
    compute_ms: f64,
) -> (Outcome, Option<(u64, u64)>) {
    let Some(db) = before.db else {
        return (before.problem.unwrap_or(Outcome::Miss), None);
    };
    let outcome = match put(&db, &before.key, &encode(&before.key, result, compute_ms)).await {
        Err(error) => Outcome::NotSaved { error },
        Ok(()) => before.problem.unwrap_or(Outcome::Miss),
    };
    (outcome, usage(&db).await.ok())
}

/// What the store holds now, if it can be read.
pub async fn stored() -> Option<(u64, u64)> {
    let db = open().await.ok()?;
    usage(&db).await.ok()
}

/// Clears the store; the sentence to show.
pub async fn clear_all() -> Result<(), StoreError> {
    let db = open().await?;
    clear(&db).await
}

/// `persistent-cache`'s part of its widget: a Run looks in the store first and asks the
/// worker only on a miss; every lookup joins the log shown as the run's details, and the
/// panel above the chart says what the store holds. (Copy: signals and handles.)
#[derive(Clone, Copy)]
pub struct Lookups {
    /// The lookup waiting for the worker's answer.
    pending: StoredValue<Option<Before>, LocalStorage>,
    log: RwSignal<Vec<crate::persist::Lookup>>,
    /// Entries and bytes in the store, if it can be read.
    stored_now: RwSignal<Option<(u64, u64)>>,
    /// What the last Clear did.
    note: RwSignal<Option<String>>,
}

impl Lookups {
    /// The widget's state, and a read of what the store holds now (for the stored-results
    /// panel), started in the background.
    pub fn open() -> Self {
        let stored_now = RwSignal::new(None);
        leptos::task::spawn_local(async move {
            stored_now.try_set(stored().await);
        });
        Self {
            pending: StoredValue::new_local(None),
            log: RwSignal::new(Vec::new()),
            stored_now,
            note: RwSignal::new(None),
        }
    }

    /// Looks `n` up; a hit finishes the run at once, a miss calls `compute` (which hands
    /// the run to the worker) and waits for [`Lookups::finish`]. `resolution_ns` is the
    /// clock the lookup is timed with, `threads` the pool's size for the report.
    pub fn start(
        self,
        n: u64,
        resolution_ns: f64,
        threads: u32,
        sink: super::state::RunSink,
        compute: impl FnOnce() + 'static,
    ) {
        self.note.set(None);
        leptos::task::spawn_local(async move {
            let before = look_up(n).await;
            let Some((entry, ms)) = before.hit.clone() else {
                self.pending.try_set_value(Some(before));
                compute();
                return;
            };
            let stored = before.usage().await;
            let report = Report {
                widget: sink.widget.into(),
                points: vec![crate::async_runs::single_sample_point(
                    "storage",
                    n,
                    ms * 1e6,
                    entry.result.checksum(),
                    resolution_ns,
                )],
                fits: Vec::new(),
                timer_resolution_ns: 0.0,
                threads,
                elapsed_ms: ms,
                details: None,
                floor_ns: 0.0,
                machine_ns: Vec::new(),
            };
            let lookup = crate::persist::Lookup {
                run: self.next_run(),
                n,
                key: before.key.clone(),
                outcome: Outcome::Hit,
                result: entry.result,
                ms,
                stored,
            };
            self.log_and_finish(lookup, report, sink);
        });
    }

    /// The worker answered a miss: stores its result and finishes the run. Returns
    /// `report` untouched when no lookup was waiting.
    pub fn finish(self, report: Report, sink: super::state::RunSink) -> Option<Report> {
        let before = self.pending.try_update_value(Option::take).flatten()?;
        leptos::task::spawn_local(async move {
            let Some(Details::Primes(result)) = report.details.clone() else {
                sink.failed("The worker's answer carried no result.".into());
                return;
            };
            let ms = report
                .points
                .first()
                .and_then(|p| p.measurement())
                .map_or(0.0, |m| m.summary.median_ns / 1e6);
            let (n, key) = (before.n, before.key.clone());
            let (outcome, stored) = store_computed(before, result, ms).await;
            let lookup = crate::persist::Lookup {
                run: self.next_run(),
                n,
                key,
                outcome,
                result,
                ms,
                stored,
            };
            self.log_and_finish(lookup, report, sink);
        });
        None
    }

    /// The run failed or was stopped: nothing waits any more.
    pub fn cancel(self) {
        self.pending.try_update_value(|p| *p = None);
    }

    fn next_run(self) -> u32 {
        self.log
            .try_with_untracked(|l| l.len() as u32 + 1)
            .unwrap_or(1)
    }

    /// Appends a finished lookup to the log and shows the log as the run's details.
    fn log_and_finish(
        self,
        lookup: crate::persist::Lookup,
        mut report: Report,
        sink: super::state::RunSink,
    ) {
        self.log.try_update(|log| log.push(lookup.clone()));
        self.stored_now.try_set(lookup.stored);
        report.details = self.log.try_get_untracked().map(Details::Cache);
        let written = crate::topics::caching::persistent_cache::written(&report);
        sink.done(report, Ok(written));
    }

    /// What the store holds, and the button that empties it (disabled while `busy`).
    pub fn view(self, busy: impl Fn() -> bool + Copy + Send + Sync + 'static) -> impl IntoView {
        let Self {
            stored_now, note, ..
        } = self;
        view! {
            <div class="store" data-store="true">
                <p data-stored=move || stored_now.get().map_or(String::new(), |(e, _)| e.to_string())>
                    {move || match stored_now.get() {
                        Some((0, _)) => "Stored in this browser: nothing yet.".to_owned(),
                        Some((e, b)) => format!("Stored in this browser: {} {} ({}).", crate::format::count(e), if e == 1 { "entry" } else { "entries" }, crate::format::bytes(b)),
                        None => "Stored in this browser: unknown (the storage cannot be read here).".to_owned(),
                    }}
                </p>
                <button type="button" class="clear-store" disabled=busy
                    on:click=move |_| {
                        leptos::task::spawn_local(async move {
                            let text = match clear_all().await {
                                Ok(()) => "Cleared: the next run computes again.".to_owned(),
                                Err(e) => format!("Could not clear: {e}."),
                            };
                            note.try_set(Some(text));
                            stored_now.try_set(stored().await);
                        });
                    }>"Clear stored results"</button>
                {move || note.get().map(|n| view! { <p role="status">{n}</p> })}
            </div>
        }
    }
}
