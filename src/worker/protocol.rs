//! The messages between the page and the workers, as serde enums both ends share: the page posts
//! [`Request`]s, a worker answers with [`Reply`]s. Each crosses `postMessage` as a plain JS value
//! made by `serde-wasm-bindgen`, so a field added, renamed or retyped on one end is a compile
//! error on the other, not a silently missing property.
//!
//! JS objects that must not be copied — picked `File`s, the ArrayBuffers of a folder's files, a
//! worker's postcard-encoded results — pass through unchanged (`serde_wasm_bindgen::preserve`);
//! the poster still lists the buffers to transfer, so their bytes move rather than copy.

use js_sys::{Array, Uint8Array};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;
use web_sys::File;

use crate::intake::ProjectFile;
use crate::pipeline::PolicyText;
use crate::problem::Side;

/// Files not to parse, with the reason to report instead: files a worker crashed on.
pub type Skip = Vec<(String, String)>;

/// A message from the page to a worker.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Request {
    /// Analyse the sample pair built into the worker (worker 0).
    Sample { policy: Option<PolicyText>, careful: bool, skip: [Skip; 2] },
    /// Analyse two revisions of the open bundle (worker 0).
    BundleAnalyze {
        baseline: String,
        current: String,
        policy: Option<PolicyText>,
        careful: bool,
        skip: [Skip; 2],
    },
    /// Assemble the last analysis again under this policy (`None`: the tree's own).
    Policy { policy: Option<PolicyText> },
    /// A picked folder side: its paths (every worker plans the side from them and the build files)
    /// and how many of its files this worker will get.
    SideBegin {
        side: Side,
        generation: u32,
        label: String,
        paths: Vec<String>,
        build: Vec<ProjectFile>,
        expected: usize,
        careful: bool,
        skip: Skip,
    },
    /// This worker's share of a folder side's files: paths and their bytes (ArrayBuffers,
    /// transferred), Python files first.
    SideFiles {
        side: Side,
        generation: u32,
        paths: Vec<String>,
        #[serde(with = "serde_wasm_bindgen::preserve")]
        buffers: Array,
    },
    /// An archive side, read whole by this worker.
    SideArchive {
        side: Side,
        generation: u32,
        label: String,
        #[serde(with = "serde_wasm_bindgen::preserve")]
        file: File,
        careful: bool,
        skip: Skip,
    },
    /// Another worker reads this side (an archive): drop any share of it.
    SideClear { side: Side },
    /// Send back the results for these generations of the two sides.
    Collect { generations: [u32; 2], first: bool },
    /// Assemble the report from every worker's results (worker 0); `first`: the first report,
    /// from the analysed files alone.
    Assemble {
        #[serde(with = "serde_wasm_bindgen::preserve")]
        partials: Array,
        first: bool,
        policy: Option<PolicyText>,
    },
    BundleOpen {
        #[serde(with = "serde_wasm_bindgen::preserve")]
        file: File,
    },
    /// A repository folder picked in the page (worker 0): its paths and files, `.git` included,
    /// in chunks (posting a `File` costs the page a synchronous stat, so a big checkout goes in
    /// parts with the page free between them); `first` starts a new one, and after the `last`
    /// it is opened and answered as [`Reply::Bundle`] — its refs and history are picked from as
    /// a bundle's.
    RepositoryOpen {
        name: String,
        paths: Vec<String>,
        #[serde(with = "serde_wasm_bindgen::preserve")]
        files: Array,
        first: bool,
        last: bool,
    },
    /// The commits between two revisions of the open bundle or repository.
    BundleRange { baseline: String, current: String },
    /// The evidence for a finding, answered as [`Reply::Source`] with the same `request` number.
    Source { request: u32, baseline: Option<SourceAt>, current: Option<SourceAt> },
}

/// One side of an evidence request: the file and line, and where the analysed side came from.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SourceAt {
    pub path: String,
    pub line: u32,
    pub from: SourceFrom,
}

/// Where an analysed side's files can be read again.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum SourceFrom {
    /// A picked file (`undefined` when the folder no longer has it).
    File {
        #[serde(with = "serde_wasm_bindgen::preserve")]
        file: JsValue,
    },
    /// The picked archive.
    Archive {
        #[serde(with = "serde_wasm_bindgen::preserve")]
        file: File,
    },
    Sample,
    /// A revision of the open bundle.
    Bundle {
        revision: String,
    },
    /// Nowhere: a saved or shared report.
    Nowhere,
}

/// A message from a worker to the page.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Reply {
    Ready,
    Progress {
        phase: String,
        done: usize,
        total: usize,
    },
    /// A report, and the text of the current tree's own policy file (empty without one).
    Report {
        json: String,
        policy: String,
    },
    /// A policy given to `policy` was refused: where and why.
    PolicyError {
        line: u32,
        column: u32,
        message: String,
    },
    /// A request failed; `request` names it (`assemble`, `bundle-open`, …).
    Error {
        message: String,
        request: String,
    },
    /// A bundle was opened: its [`crate::intake::bundle::BundleSummary`] as JSON.
    Bundle {
        json: String,
    },
    /// The commits between two revisions of the open bundle (JSON list), or why not.
    Range {
        json: String,
    },
    RangeError {
        message: String,
    },
    /// A worker has processed `done` files of its share of a side.
    SideProgress {
        side: Side,
        generation: u32,
        done: usize,
    },
    /// In careful mode (after a worker crashed), sent before each Python file is parsed: if the
    /// worker dies now, this file is the one that killed it.
    Parsing {
        side: Side,
        path: String,
    },
    /// A worker has processed its whole share of a side.
    SideDone {
        side: Side,
        generation: u32,
    },
    /// A worker's results for both sides ([`crate::pipeline::Partial`], postcard-encoded: a
    /// third of JSON's size, four times faster to decode). Its buffer is transferred, not copied.
    /// `first`: asked for the first report (see [`crate::pipeline::Partial::only_analysed_files`]).
    Partial {
        #[serde(with = "serde_wasm_bindgen::preserve")]
        bytes: Uint8Array,
        first: bool,
    },
    /// The evidence for a finding ([`crate::evidence::SourceEvidence`] as JSON), or why there is
    /// none, for the page's request number `request`.
    Source {
        request: u32,
        result: Result<String, String>,
    },
    /// A side could not be read at all (a corrupt archive).
    SideFailed {
        side: Side,
        generation: u32,
        message: String,
    },
}

impl Request {
    /// The request's name, for errors (`side-files`, `assemble`, …).
    pub fn name(&self) -> &'static str {
        match self {
            Request::Sample { .. } => "sample",
            Request::BundleAnalyze { .. } => "bundle-analyze",
            Request::Policy { .. } => "policy",
            Request::SideBegin { .. } => "side-begin",
            Request::SideFiles { .. } => "side-files",
            Request::SideArchive { .. } => "side-archive",
            Request::SideClear { .. } => "side-clear",
            Request::Collect { .. } => "collect",
            Request::Assemble { .. } => "assemble",
            Request::BundleOpen { .. } => "bundle-open",
            Request::BundleRange { .. } => "bundle-range",
            Request::RepositoryOpen { .. } => "repository-open",
            Request::Source { .. } => "source",
        }
    }
}

/// A message as the JS value `postMessage` takes. Serialising plain data and preserved JS
/// objects cannot fail; if it did, `undefined` is posted and the receiver ignores it.
pub fn to_js<T: Serialize>(message: &T) -> JsValue {
    serde_wasm_bindgen::to_value(message).unwrap_or(JsValue::UNDEFINED)
}

/// A received JS value as a message, or why it is not one.
pub fn from_js<T: for<'de> Deserialize<'de>>(value: JsValue) -> Result<T, String> {
    serde_wasm_bindgen::from_value(value).map_err(|error| format!("an unreadable message: {error}"))
}
