//! `persistent-cache`'s storage: results in IndexedDB, keyed by a hash of their
//! arguments (`persistent_cache::cache_key`).
//!
//! IndexedDB rather than localStorage: it is asynchronous, so a large entry never blocks
//! the UI thread, and it reports a full quota as a typed `QuotaExceededError`. Every
//! failure becomes a [`StoreError`] and the widget computes instead: the storage can only
//! make an answer faster, never make it fail.

use crate::persist::{Outcome, StoreError};
use crate::topics::caching::persistent_cache::{cache_key, decode, encode, Entry, PrimeCount};
use js_sys::Promise;
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
