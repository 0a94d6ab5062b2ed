//! The view's state, provided at the app's root so that it outlives a tab switch (the table
//! is still there after a look at the scene), and its two drivers: the import (read, unpack,
//! decode, one file at a time with a yield to the event loop between files) and the
//! evaluation (every pair not yet evaluated with the board's current losses, in slices of
//! about 25 ms with a yield between them). Its own file so that the view and its parts all
//! import it and not each other.

use super::model::{Cache, DataSet, PairRef, Results, Sort};
use crate::ui::i18n::{fill, k, text, I18n, Lang};
use crate::ui::state::Lab;
use crate::ui::view::View;
use leptos::prelude::*;
use losslab_core::data::{
    self, decode_within, format_of, is_data_file, role_of, unzip, Array, Budget, DataError, Format,
    Role, ValueCap,
};
use losslab_core::maps::MapGroup;
use losslab_core::scene::DataWindow;
use losslab_core::train::UserSample;
use losslab_core::{Loss, LossName};
use std::collections::{HashMap, VecDeque};
use std::sync::Arc;
use wasm_bindgen::JsCast;

/// Where a file's bytes come from.
pub enum Source {
    /// A file of the page's pickers or of a drop: read with `arrayBuffer()`.
    File(web_sys::File),
    /// Bytes already in memory (tests).
    Bytes(Vec<u8>),
}

impl Source {
    /// Its size in bytes, known before reading.
    fn size(&self) -> u64 {
        match self {
            Source::File(f) => f.size() as u64,
            Source::Bytes(b) => b.len() as u64,
        }
    }

    /// Its bytes.
    async fn read(self) -> Result<Vec<u8>, ()> {
        match self {
            Source::Bytes(b) => Ok(b),
            Source::File(f) => {
                let buffer =
                    wasm_bindgen_futures::JsFuture::from(f.array_buffer()).await.map_err(|_| ())?;
                Ok(js_sys::Uint8Array::new(&buffer).to_vec())
            }
        }
    }
}

/// One file handed to an import.
pub struct Incoming {
    /// Its path: the folder's relative path, a dropped folder's, or just the name.
    pub path: String,
    /// The role a picker gave it ("Targets", "Predictions", "Images"); `None`: from its
    /// folders (`data::role_of`).
    pub role: Option<Role>,
    /// Whether it was picked on its own (a file that is not a data file is then refused with
    /// a reason; inside a folder or a zip it is passed over silently, as a `README.txt`).
    pub chosen: bool,
    /// Its bytes.
    pub source: Source,
}

/// What the page is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Stage {
    /// Nothing.
    #[default]
    Idle,
    /// Reading and decoding files.
    Decoding,
    /// Evaluating pairs.
    Evaluating,
}

impl Stage {
    /// Its name in the hook (`data-stage`).
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Idle => "idle",
            Stage::Decoding => "decoding",
            Stage::Evaluating => "evaluating",
        }
    }
}

/// Progress of the current stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Progress {
    /// The stage.
    pub stage: Stage,
    /// Files or pairs done.
    pub done: usize,
    /// Files or pairs in all.
    pub total: usize,
}

/// The last pair opened in the scene, for the view's note.
#[derive(Debug, Clone, PartialEq)]
pub struct Opened {
    /// The row's name (`case01`, `vol01[3]`).
    pub name: String,
    /// How it was placed on the grid.
    pub window: DataWindow,
    /// Soft target pixels rounded at 0.5.
    pub rounded: usize,
    /// Whether the predictions were logits (the scene holds their sigmoids).
    pub logits: bool,
}

/// What the other views read of the imported data set, and the view's own state.
#[derive(Clone, Copy)]
pub struct DataCtx {
    /// The imported images with their masks (empty until images are imported with their
    /// pairs): the race can train on crops of them. One sample per 2-D pair with an image,
    /// one per plane of a 3-D one. Shared (`Arc`, as the race's `RaceCtx::user` holds it):
    /// switching the race to them or reading them copies no sample.
    pub training: RwSignal<Arc<Vec<UserSample>>, LocalStorage>,
    /// Every file imported so far.
    pub set: RwSignal<DataSet, LocalStorage>,
    /// Float predictions are logits.
    pub logits: RwSignal<bool>,
    /// What the page is doing.
    pub progress: RwSignal<Progress>,
    /// The table's content.
    pub results: RwSignal<Results>,
    /// 3-D volumes are also evaluated plane by plane, listed under their row.
    pub per_slice: RwSignal<bool>,
    /// The losses the table and the chart show.
    pub group: RwSignal<MapGroup>,
    /// Loss cells show each image's share of the batch gradient instead of the value.
    pub show_shares: RwSignal<bool>,
    /// Rows grouped by object-size bin (each bin sorted on its own).
    pub grouped: RwSignal<bool>,
    /// The table's order.
    pub sort: RwSignal<Sort>,
    /// The plane each volume's slider shows, by pair name.
    pub planes: RwSignal<HashMap<String, usize>>,
    /// The last pair opened in the scene.
    pub opened: RwSignal<Option<Opened>>,
    losses: Signal<Vec<Loss>>,
    open: Signal<bool>,
    i18n: Option<I18n>,
    /// The app's state (absent when the view is mounted alone, in tests).
    pub lab: Option<Lab>,
    /// The most decoded values the set may hold, every import together (`data::MAX_VALUES`;
    /// a test lowers it to reach it with small files).
    pub max_values: usize,
    cache: StoredValue<Cache, LocalStorage>,
    queue: StoredValue<VecDeque<Vec<Incoming>>, LocalStorage>,
    busy: StoredValue<bool>,
    generation: StoredValue<u64>,
}

/// Milliseconds since the page started (0 without a clock).
pub fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

/// Lets the browser handle events and paint before the work goes on.
pub async fn yield_now() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// An evaluation slice: this many milliseconds of work between two yields (a large volume
/// yields between two losses).
const SLICE_MS: f64 = 25.0;
/// The table is updated at most this often while an evaluation runs.
const PUBLISH_MS: f64 = 250.0;

impl DataCtx {
    /// Creates the context and provides it. The losses are the board's (the `Lab`'s, with
    /// their current parameters) and the evaluation runs while the view is open; without a
    /// `Lab` (a component mounted alone) the default losses, always.
    pub fn provide() -> DataCtx {
        DataCtx::provide_capped(data::MAX_VALUES)
    }

    /// [`DataCtx::provide`] with another cap on the decoded values held (tests).
    pub fn provide_capped(max_values: usize) -> DataCtx {
        let lab = use_context::<Lab>();
        let losses = match lab {
            Some(lab) => Signal::derive(move || lab.losses.iter().map(|l| l.get()).collect()),
            None => {
                Signal::derive(|| LossName::ALL.iter().map(|&n| Loss::default_for(n)).collect())
            }
        };
        let open = match lab {
            Some(lab) => Signal::derive(move || lab.view.get() == View::Data),
            None => Signal::derive(|| true),
        };
        let ctx = DataCtx {
            training: RwSignal::new_local(Arc::default()),
            set: RwSignal::new_local(DataSet::default()),
            logits: RwSignal::new(false),
            progress: RwSignal::new(Progress::default()),
            results: RwSignal::new(Results::default()),
            per_slice: RwSignal::new(false),
            group: RwSignal::new(MapGroup::Article),
            show_shares: RwSignal::new(false),
            grouped: RwSignal::new(true),
            sort: RwSignal::new(Sort::default()),
            planes: RwSignal::new(HashMap::new()),
            opened: RwSignal::new(None),
            losses,
            open,
            i18n: use_context::<I18n>(),
            lab,
            max_values,
            cache: StoredValue::new_local(Cache::default()),
            queue: StoredValue::new_local(VecDeque::new()),
            busy: StoredValue::new(false),
            generation: StoredValue::new(0),
        };
        provide_context(ctx);
        // Evaluates what is new or stale whenever the set, the logits switch, the per-slice
        // switch or a loss changes, and the view is open (a change made elsewhere, a loss
        // parameter on the board, is evaluated on the way back).
        Effect::new(move |_| {
            ctx.set.with(|s| s.version);
            ctx.logits.track();
            ctx.per_slice.track();
            ctx.losses.track();
            if ctx.open.get() {
                ctx.evaluate();
            }
        });
        ctx
    }

    /// The page's language now (English without an `I18n`).
    pub fn lang(self) -> Lang {
        self.i18n.map(|i| i.lang.get_untracked()).unwrap_or_default()
    }

    /// Imports `files` (after any import still running): read, unpack, decode; then pair and
    /// evaluate. What is refused is listed; what was imported before stays.
    pub fn import(self, files: Vec<Incoming>) {
        if files.is_empty() {
            return;
        }
        self.queue.update_value(|q| q.push_back(files));
        if self.busy.get_value() {
            return;
        }
        self.busy.set_value(true);
        leptos::task::spawn_local(async move {
            while let Some(batch) = self.queue.try_update_value(VecDeque::pop_front).flatten() {
                self.run_import(batch).await;
            }
            let _ = self.busy.try_set_value(false);
        });
    }

    /// Empties the set, the table, the race's samples and the errors.
    pub fn clear(self) {
        self.generation.update_value(|g| *g += 1);
        self.queue.update_value(VecDeque::clear);
        self.cache.set_value(Cache::default());
        self.set.update(DataSet::clear);
        self.results.set(Results::default());
        self.training.set(Arc::default());
        self.planes.set(HashMap::new());
        self.opened.set(None);
        self.progress.set(Progress::default());
    }

    async fn run_import(self, files: Vec<Incoming>) {
        let lang = self.lang();
        let no_role = text(lang, k("data.no_role"));
        let mut budget = Budget::default();
        // What the set holds counts: the cap is on every import together.
        let held = self.set.try_with_untracked(DataSet::values).unwrap_or(0);
        let mut cap = ValueCap::new(held, self.max_values);
        let mut decoded: Vec<(String, Role, Array)> = Vec::new();
        let mut refused: Vec<DataError> = Vec::new();
        let mut total = files.len();
        let mut done = 0;
        let step = |done: usize, total: usize| {
            let _ = self.progress.try_set(Progress { stage: Stage::Decoding, done, total });
        };
        step(0, total);
        yield_now().await;
        let mut files = files.into_iter();
        while let Some(file) = files.next() {
            let Incoming { path, role, chosen, source } = file;
            let zip_named = path.to_ascii_lowercase().ends_with(".zip");
            let role = role.or_else(|| role_of(&path));
            if !zip_named && !chosen && !is_data_file(&path) {
                // A README or a hidden file in a folder: not part of the data set.
                done += 1;
                step(done, total);
                continue;
            }
            let taken = if zip_named {
                // The archive's entries are taken from the budget as they are inflated.
                if source.size() > data::MAX_TOTAL_BYTES {
                    Err(format!(
                        "{} MiB, over the limit of {} MiB of files",
                        source.size() >> 20,
                        data::MAX_TOTAL_BYTES >> 20
                    ))
                } else {
                    Ok(())
                }
            } else {
                budget.take(source.size())
            };
            if let Err(reason) = taken {
                if budget.files >= data::MAX_FILES {
                    // Every file left is over the file limit too: one line for all of them.
                    let rest = files.by_ref().count();
                    let name = if rest > 0 {
                        fill(
                            text(lang, k("data.and_more")),
                            &[("file", &path), ("n", &rest.to_string())],
                        )
                    } else {
                        path
                    };
                    refused.push(DataError::new(name, reason));
                    break;
                }
                refused.push(DataError::new(path, reason));
                done += 1;
                step(done, total);
                continue;
            }
            let Ok(bytes) = source.read().await else {
                refused.push(DataError::new(path, text(lang, k("data.unreadable"))));
                done += 1;
                step(done, total);
                continue;
            };
            if zip_named || format_of(&bytes) == Some(Format::Zip) {
                match unzip(&bytes, &mut budget) {
                    Err(reason) => refused.push(DataError::new(path, reason)),
                    Ok(entries) => {
                        let inner: Vec<(String, Vec<u8>)> =
                            entries.into_iter().filter(|(name, _)| is_data_file(name)).collect();
                        total += inner.len();
                        for (name, data) in inner {
                            let full = format!("{path}/{name}");
                            let role = role.or_else(|| role_of(&name));
                            match (role, decode_within(&full, &data, &mut cap)) {
                                (_, Err(e)) => refused.push(e),
                                (None, Ok(array)) => {
                                    cap.release(array.values.len());
                                    refused.push(DataError::new(full, no_role));
                                }
                                (Some(role), Ok(array)) => decoded.push((full, role, array)),
                            }
                            done += 1;
                            step(done, total);
                            yield_now().await;
                        }
                    }
                }
            } else {
                match (role, decode_within(&path, &bytes, &mut cap)) {
                    (_, Err(e)) => refused.push(e),
                    (None, Ok(array)) => {
                        cap.release(array.values.len());
                        refused.push(DataError::new(path, no_role));
                    }
                    (Some(role), Ok(array)) => decoded.push((path, role, array)),
                }
            }
            done += 1;
            step(done, total);
            yield_now().await;
        }
        let _ = self.set.try_update(|s| {
            s.add(decoded);
            for e in refused {
                s.refuse(e);
            }
        });
        let samples = self.set.try_with_untracked(|s| s.training(&s.pairing().0).0);
        if let Some(samples) = samples {
            let _ = self.training.try_set(Arc::new(samples));
        }
        let _ = self.progress.try_set(Progress::default());
    }

    /// Starts an evaluation of whatever is new or stale (a running one stops at its next
    /// yield).
    pub fn evaluate(self) {
        self.generation.update_value(|g| *g += 1);
        let mine = self.generation.get_value();
        leptos::task::spawn_local(async move { self.run_evaluation(mine).await });
    }

    async fn run_evaluation(self, mine: u64) {
        let current = move || self.generation.try_get_value() == Some(mine);
        let (Some(losses), Some(logits), Some(per_slice)) = (
            self.losses.try_get_untracked(),
            self.logits.try_get_untracked(),
            self.per_slice.try_get_untracked(),
        ) else {
            return;
        };
        let stamp = (losses, logits);
        if self.cache.try_update_value(|c| c.keep_if(&stamp)).is_none() {
            return;
        }
        let Some((pairs, errors)) = self.set.try_with_untracked(|s| {
            let (pairs, mut errors) = s.pairing();
            errors.extend(s.training(&pairs).1);
            (pairs, errors)
        }) else {
            return;
        };
        let todo: Vec<usize> = (0..pairs.len())
            .filter(|&i| {
                self.set
                    .try_with_untracked(|s| {
                        self.cache.try_with_value(|c| c.needs(s, &pairs[i], per_slice))
                    })
                    .flatten()
                    .unwrap_or(false)
            })
            .collect();
        if !todo.is_empty() {
            let total = todo.len();
            let _ = self.progress.try_set(Progress { stage: Stage::Evaluating, done: 0, total });
            yield_now().await;
            let (mut slice, mut shown) = (now(), now());
            for (k, &i) in todo.iter().enumerate() {
                loop {
                    if !current() {
                        return;
                    }
                    let done = self.set.try_with_untracked(|s| {
                        self.cache.try_update_value(|c| c.step(s, &pairs[i], per_slice, &now))
                    });
                    let Some(Some(done)) = done else { return };
                    if now() - slice > SLICE_MS {
                        // Rows appear as their pairs finish (at most four times a second: the
                        // table is drawn anew each time).
                        if now() - shown > PUBLISH_MS {
                            self.publish(&pairs, &errors);
                            shown = now();
                        }
                        yield_now().await;
                        slice = now();
                    }
                    if done {
                        break;
                    }
                }
                let _ = self.progress.try_set(Progress {
                    stage: Stage::Evaluating,
                    done: k + 1,
                    total,
                });
            }
            // The last count is shown before the table changes.
            yield_now().await;
        }
        if !current() {
            return;
        }
        self.publish(&pairs, &errors);
        let _ = self.progress.try_set(Progress::default());
    }

    /// Shows what has been evaluated of `pairs` so far.
    fn publish(self, pairs: &[PairRef], errors: &[DataError]) {
        if let Some(results) = self.cache.try_with_value(|c| c.results(pairs, errors.to_vec())) {
            let _ = self.results.try_set(results);
        }
    }
}

/// The files of a `FileList` (a picker's or a drop's), with their folder paths when the
/// browser gives them (`webkitRelativePath`).
pub fn incoming(files: &web_sys::FileList, role: Option<Role>, chosen: bool) -> Vec<Incoming> {
    (0..files.length())
        .filter_map(|i| files.get(i))
        .map(|file| {
            let relative = js_sys::Reflect::get(&file, &"webkitRelativePath".into())
                .ok()
                .and_then(|v| v.as_string())
                .filter(|p| !p.is_empty());
            let path = relative.unwrap_or_else(|| file.name());
            Incoming { path, role, chosen, source: Source::File(file) }
        })
        .collect()
}

/// Reads a drop: files and folders through the `DataTransfer` items' entries (folders are
/// walked), or its plain file list where entries are not available.
pub fn dropped(ev: &web_sys::DragEvent, role: Option<Role>) -> DropRead {
    let Some(transfer) = ev.data_transfer() else { return DropRead::Files(Vec::new()) };
    let items = js_sys::Reflect::get(&transfer, &"items".into()).ok();
    let mut entries = Vec::new();
    if let Some(items) = items.filter(|i| !i.is_undefined() && !i.is_null()) {
        let length = js_sys::Reflect::get(&items, &"length".into())
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or(0.0) as u32;
        for i in 0..length {
            let Ok(item) = js_sys::Reflect::get(&items, &i.into()) else { continue };
            let kind = js_sys::Reflect::get(&item, &"kind".into()).ok().and_then(|v| v.as_string());
            if kind.as_deref() != Some("file") {
                continue;
            }
            let entry = js_sys::Reflect::get(&item, &"webkitGetAsEntry".into())
                .ok()
                .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
                .and_then(|f| f.call0(&item).ok())
                .filter(|e| !e.is_null() && !e.is_undefined());
            match entry {
                Some(e) => entries.push(e),
                None => {
                    entries.clear();
                    break;
                }
            }
        }
    }
    if entries.is_empty() {
        let files = transfer.files().map(|f| incoming(&f, role, true)).unwrap_or_default();
        return DropRead::Files(files);
    }
    DropRead::Entries(entries, role)
}

/// A drop, read synchronously in its event: files, or entries to walk afterwards.
pub enum DropRead {
    /// Plain files.
    Files(Vec<Incoming>),
    /// File-system entries (files and folders) and the role of the drop target.
    Entries(Vec<wasm_bindgen::JsValue>, Option<Role>),
}

impl DropRead {
    /// The files, folders walked (their files carry their paths inside the drop).
    pub async fn files(self) -> Vec<Incoming> {
        match self {
            DropRead::Files(files) => files,
            DropRead::Entries(entries, role) => {
                let mut out = Vec::new();
                let mut stack: Vec<(wasm_bindgen::JsValue, bool)> =
                    entries.into_iter().map(|e| (e, true)).collect();
                while let Some((entry, top)) = stack.pop() {
                    let is_dir = js_sys::Reflect::get(&entry, &"isDirectory".into())
                        .ok()
                        .and_then(|v| v.as_bool())
                        .unwrap_or(false);
                    let path = js_sys::Reflect::get(&entry, &"fullPath".into())
                        .ok()
                        .and_then(|v| v.as_string())
                        .unwrap_or_default();
                    let path = path.trim_start_matches('/').to_string();
                    if is_dir {
                        for child in read_directory(&entry).await {
                            stack.push((child, false));
                        }
                    } else if let Some(file) = entry_file(&entry).await {
                        // A file dropped on its own is "chosen"; one inside a folder is not.
                        out.push(Incoming { path, role, chosen: top, source: Source::File(file) });
                    }
                }
                out.sort_by(|a, b| a.path.cmp(&b.path));
                out
            }
        }
    }
}

/// Calls `method` on `target` with one callback for success and one for failure, as a
/// future of the success value.
async fn callback_call(
    target: &wasm_bindgen::JsValue,
    method: &str,
) -> Option<wasm_bindgen::JsValue> {
    let function =
        js_sys::Reflect::get(target, &method.into()).ok()?.dyn_into::<js_sys::Function>().ok()?;
    let target = target.clone();
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        if function.call2(&target, &resolve, &reject).is_err() {
            let _ = reject.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.ok()
}

/// The `File` of a file entry.
async fn entry_file(entry: &wasm_bindgen::JsValue) -> Option<web_sys::File> {
    callback_call(entry, "file").await?.dyn_into::<web_sys::File>().ok()
}

/// Every entry of a directory entry (`readEntries` gives them in batches until an empty one).
async fn read_directory(entry: &wasm_bindgen::JsValue) -> Vec<wasm_bindgen::JsValue> {
    let reader = js_sys::Reflect::get(entry, &"createReader".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call0(entry).ok());
    let Some(reader) = reader else { return Vec::new() };
    let mut all = Vec::new();
    // A folder over the file limit is refused by the import; stop walking well past it.
    while all.len() <= data::MAX_FILES * 2 {
        let Some(batch) = callback_call(&reader, "readEntries").await else { break };
        let batch = js_sys::Array::from(&batch);
        if batch.length() == 0 {
            break;
        }
        all.extend(batch.iter());
    }
    all
}
