//! The worker pool's decisions as plain state: which pick of each side is current, what each
//! worker has processed, when to collect the workers' results and for which report, whether a
//! report that arrives is shown, held or dropped, and how the pool recovers when a worker dies.
//!
//! Events come in as method calls (a side picked, a worker ready or lost or parsing a file, a
//! share processed, a partial or a report arrived, Analyze clicked, evidence asked for); each
//! returns what to do (what to post, whether to collect or assemble, what to show, which file to
//! skip). [`super::bridge`] is the thin shell that holds the workers and the browser objects and
//! executes those answers. No browser type appears here — the picked files, the partials' bytes
//! and the evidence callbacks are type parameters ([`Handles`]) — so every recovery path is unit
//! tested natively.

use std::collections::VecDeque;

use crate::problem::Side;

/// The browser objects the pool holds on to without looking inside.
pub trait Handles {
    /// A picked side (its files).
    type Picked: Clone;
    /// One worker's results, postcard-encoded.
    type Partial;
    /// A bundle file.
    type File: Clone;
    /// Where an evidence answer goes.
    type Reply;
}

/// Files still to process below which Analyze waits for the complete report rather than show a
/// first one (at ~0.3–1 ms a file the rest is due in well under a second, and two reports in a
/// row cost the page a long task on flask).
pub const FIRST_REPORT_MIN_FILES_LEFT: usize = 1000;

/// How long reading other files waits once a first report is shown ([`Pool::first_in_progress`]).
pub const FIRST_REPORT_QUIET_MS: f64 = 400.0;

/// Crashes after which the pool stops resending the sides (each crash leaves one file out).
pub const MAX_CRASHES: usize = 25;

/// Files not to parse, with the reason to report instead.
pub type Skipped = Vec<(String, String)>;

/// A report as worker 0 sends it: the JSON and the text of the current tree's policy file.
pub type Arrived = (String, String);

/// What the pool needs to know of a picked side besides its handle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SideKind {
    /// A folder, its files dealt out by path: `files` in all, and per worker how many of them
    /// are read first ([`crate::pipeline::read_first`]).
    Folder { files: usize, analysed_per_worker: Vec<usize> },
    /// An archive, read whole by worker `reader`.
    Archive { reader: usize },
}

/// What the pool knows about one side's processing.
struct SideState<P> {
    picked: Option<P>,
    /// Files of a picked folder (`None` for an archive).
    files: Option<usize>,
    generation: u32,
    processed: Vec<usize>,
    finished: Vec<bool>,
    /// A picked folder: how many files read first each worker gets. They are sent first, so a
    /// worker that processed that many has them all.
    analysed: Option<Vec<usize>>,
    /// Analysed files of a picked folder not read yet: the other side's remaining files wait.
    analysed_unread: usize,
    /// Files of a picked folder only the file-level comparison reads.
    others: usize,
}

impl<P> Default for SideState<P> {
    fn default() -> Self {
        SideState {
            picked: None,
            files: None,
            generation: 0,
            processed: Vec::new(),
            finished: Vec::new(),
            analysed: None,
            analysed_unread: 0,
            others: 0,
        }
    }
}

impl<P> SideState<P> {
    fn ready(&self) -> bool {
        self.picked.is_some() && self.finished.iter().all(|f| *f)
    }

    /// Every file the API and the rules read is processed (others may still be on their way).
    fn analysable(&self) -> bool {
        self.ready()
            || self.analysed.as_ref().is_some_and(|analysed| {
                self.picked.is_some()
                    && self.processed.iter().zip(analysed).all(|(done, wanted)| done >= wanted)
            })
    }

    fn progress(&self) -> (usize, usize) {
        let total = self.files.unwrap_or_else(|| self.processed.iter().sum::<usize>().max(1));
        (self.processed.iter().sum(), total)
    }
}

/// What a report that worker 0 will send is for, in the order they were asked for.
enum ReportFor<P> {
    /// The two trees, as picked in these generations.
    Trees([u32; 2]),
    /// The first report of the two trees: every analysed file, the others still being read.
    First([u32; 2]),
    /// The sample, or a bundle.
    Other(Origin<P>),
    /// The last analysis under a policy edited in the page (`None`: the tree's own again).
    Policy(Option<String>),
}

/// Where the report shown was analysed from: where a finding's source is read again from.
#[derive(Clone, Debug, PartialEq)]
pub enum Origin<P> {
    Trees([Option<P>; 2]),
    Sample,
    /// A bundle: the commits come with each request, from the report (ids are content hashes, so
    /// even another bundle holding them gives the same files).
    Bundle,
}

/// An analysis worker 0 runs alone (the sample, a bundle), kept so it can run again — carefully,
/// without the file it died on — if the worker crashes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Single {
    Sample,
    Bundle { baseline: String, current: String },
}

/// The partials of one assembly, as the workers send them.
struct Collecting<D> {
    generations: [u32; 2],
    partials: Vec<Option<D>>,
}

/// What to do with a report that arrived.
#[derive(Debug, PartialEq)]
pub enum Route {
    /// Show it (`completes`: the complete version of the first report shown).
    Show { result: Result<Arrived, String>, completes: bool },
    /// A policy edit failed: say so at the editor.
    PolicyFailed(String),
    /// Nothing to show now (held for Analyze, or for picks replaced meanwhile).
    Nothing,
}

/// What to do after a worker died.
pub struct Lost<H: Handles> {
    /// For the page: what happened.
    pub message: String,
    /// Whether the pool recovers (it resends what was running once the replacement is ready).
    pub recovering: bool,
    /// Evidence requests that were waiting for worker 0: they get an error.
    pub failed_sources: Vec<H::Reply>,
}

/// What to do once a worker says it is ready.
pub struct Ready<H: Handles> {
    /// A replacement worker 0: open the bundle again, quietly.
    pub reopen_bundle: Option<H::File>,
    /// Every worker is ready: tell the page, send these sides again and run this again.
    pub all: bool,
    pub resend: Vec<(Side, H::Picked)>,
    pub single: Option<Single>,
}

/// The pool's state; see the module doc.
pub struct Pool<H: Handles> {
    ready: Vec<bool>,
    sides: [SideState<H::Picked>; 2],
    /// Analyze was clicked and waits for the trees' report.
    analyze_pending: bool,
    /// Partials being collected for the complete report, and for a first report.
    partials: Option<Collecting<H::Partial>>,
    first_partials: Option<Collecting<H::Partial>>,
    /// A first report is shown (for these generations): the complete one replaces it on arrival.
    completing: Option<[u32; 2]>,
    /// Until when (ms) reading other files waits after a first report is shown, so its first
    /// render and first rows have the CPU (on two cores the busy workers and Chromium's reading
    /// stretched its first task past 100 ms).
    quiet_until: f64,
    reports: VecDeque<ReportFor<H::Picked>>,
    /// The trees' report computed before Analyze was clicked (the work starts at the pick).
    speculative: Option<([u32; 2], Result<Arrived, String>)>,
    /// The policy edited in the page, used for every analysis until it is reset.
    pub policy: Option<String>,
    /// Crash containment. After a worker dies, workers announce each Python file before parsing
    /// it (`careful`); when one dies again, the file it announced last is left out of that side
    /// (`skipped`, with the reason) and everything else is analysed again.
    careful: bool,
    crashes: usize,
    last_parsing: Vec<Option<(Side, String)>>,
    skipped: [Skipped; 2],
    /// The same for the sample or a bundle, run by worker 0 alone (their paths are not the picked
    /// trees').
    single_skipped: [Skipped; 2],
    /// Sides to send again once every worker is ready (after a crash), and a sample or bundle
    /// analysis to run again.
    resend: Vec<(Side, H::Picked)>,
    resend_single: Option<Single>,
    /// The bundle being opened, then the bundle open in worker 0 (opened again, quietly, in a
    /// replacement worker), and the analysis it runs alone, if any.
    opening_bundle: Option<H::File>,
    bundle_file: Option<H::File>,
    single: Option<Single>,
    /// A bundle is being opened again after a crash: its summary is not news to the page.
    reopening: bool,
    /// Where the report shown came from (`None`: nothing analysed here, or a saved report).
    shown: Option<Origin<H::Picked>>,
    /// Evidence requests waiting for worker 0, by number.
    sources: Vec<(u32, H::Reply)>,
    next_source: u32,
}

impl<H: Handles> Pool<H> {
    /// A pool of `size` workers, none ready yet.
    pub fn new(size: usize) -> Pool<H> {
        Pool {
            ready: vec![false; size],
            sides: Default::default(),
            analyze_pending: false,
            partials: None,
            first_partials: None,
            completing: None,
            quiet_until: 0.0,
            reports: VecDeque::new(),
            speculative: None,
            policy: None,
            careful: false,
            crashes: 0,
            last_parsing: vec![None; size],
            skipped: Default::default(),
            single_skipped: Default::default(),
            resend: Vec::new(),
            resend_single: None,
            opening_bundle: None,
            bundle_file: None,
            single: None,
            reopening: false,
            shown: None,
            sources: Vec::new(),
            next_source: 0,
        }
    }

    pub fn size(&self) -> usize {
        self.ready.len()
    }

    pub fn generations(&self) -> [u32; 2] {
        [self.sides[0].generation, self.sides[1].generation]
    }

    /// Whether this pick of a side is still the current one.
    pub fn current(&self, side: Side, generation: u32) -> bool {
        side.of(&self.sides).generation == generation
    }

    fn both_ready(&self) -> bool {
        self.sides.iter().all(SideState::ready)
    }

    fn picked(&self) -> Origin<H::Picked> {
        Origin::Trees([self.sides[0].picked.clone(), self.sides[1].picked.clone()])
    }

    /// Whether the trees' report for the current picks is computed or being computed.
    fn assembling_current(&self) -> bool {
        let current = self.generations();
        self.speculative.as_ref().is_some_and(|(g, _)| *g == current)
            || self.partials.as_ref().is_some_and(|c| c.generations == current)
            || self.reports.iter().any(|r| matches!(r, ReportFor::Trees(g) if *g == current))
    }

    /// Whether a first report for the current picks will be shown: Analyze waits, enough files
    /// are left, and none is shown yet. Meanwhile other files wait, so the analysed ones (and
    /// then the first report's assembly) have the CPU.
    fn first_coming(&self) -> bool {
        let left: usize = self
            .sides
            .iter()
            .map(|side| {
                let (done, total) = side.progress();
                total.saturating_sub(done)
            })
            .sum();
        self.analyze_pending
            && !self.both_ready()
            && left >= FIRST_REPORT_MIN_FILES_LEFT
            && self.completing != Some(self.generations())
    }

    /// Whether a first report for the current picks is wanted: one is coming, every analysed
    /// file is processed, and none was asked for yet.
    fn first_wanted(&self) -> bool {
        let current = self.generations();
        self.first_coming()
            && self.sides.iter().all(SideState::analysable)
            && self.first_partials.as_ref().is_none_or(|c| c.generations != current)
            && !self.reports.iter().any(|r| matches!(r, ReportFor::First(g) if *g == current))
    }

    /// A first report is coming, being collected or assembled, or was just shown (before `now`
    /// passes the quiet time): reading other files waits meanwhile (on two cores it slowed the
    /// assembly threefold).
    pub fn first_in_progress(&self, now: f64) -> bool {
        self.first_coming()
            || self.first_partials.is_some()
            || self.reports.iter().any(|r| matches!(r, ReportFor::First(_)))
            || now < self.quiet_until
    }

    /// Whether a side's files the findings do not read should wait: the other side's analysed
    /// files are not all read yet, or a first report is on its way.
    pub fn others_wait(&self, side: Side, now: f64) -> bool {
        side.other().of(&self.sides).analysed_unread > 0 || self.first_in_progress(now)
    }

    /// Files still being compared while a first report is shown.
    pub fn others_pending(&self) -> usize {
        if self.completing.is_some() {
            self.sides.iter().map(|side| side.others).sum()
        } else {
            0
        }
    }

    /// The reviewer picked a side: nothing is left out of it any more, no care needed yet.
    pub fn picked_again(&mut self, side: Side) {
        side.of_mut(&mut self.skipped).clear();
        self.crashes = 0;
        self.careful = false;
    }

    /// A new analysis asked for by the reviewer (the sample, a bundle): nothing left out, no care
    /// needed yet.
    pub fn fresh(&mut self) {
        self.single_skipped = Default::default();
        self.crashes = 0;
        self.careful = false;
    }

    /// The crash containment a side is sent with: careful or not, and the files to leave out.
    pub fn containment(&self, side: Side) -> (bool, Skipped) {
        (self.careful, side.of(&self.skipped).clone())
    }

    /// The containment a single analysis (sample, bundle) is sent with.
    pub fn single_containment(&self) -> (bool, [Skipped; 2]) {
        (self.careful, self.single_skipped.clone())
    }

    /// A side is sent to the workers as a new generation, which this returns. For an archive,
    /// every worker but the reader has nothing to do and counts as finished.
    pub fn side_sent(&mut self, side: Side, picked: H::Picked, kind: &SideKind) -> u32 {
        let size = self.size();
        self.partials = None;
        self.first_partials = None;
        self.completing = None;
        self.speculative = None;
        let state = side.of_mut(&mut self.sides);
        state.generation += 1;
        state.picked = Some(picked);
        state.processed = vec![0; size];
        state.finished = vec![false; size];
        match kind {
            SideKind::Folder { files, analysed_per_worker } => {
                let analysed: usize = analysed_per_worker.iter().sum();
                state.files = Some(*files);
                state.analysed = Some(analysed_per_worker.clone());
                state.analysed_unread = analysed;
                state.others = files.saturating_sub(analysed);
            }
            SideKind::Archive { reader } => {
                state.files = None;
                state.analysed = None;
                state.analysed_unread = 0;
                state.others = 0;
                for (index, finished) in state.finished.iter_mut().enumerate() {
                    *finished = index != *reader;
                }
            }
        }
        state.generation
    }

    /// Analysed files of a folder side were read (the other side's other files may go on).
    pub fn analysed_read(&mut self, side: Side, count: usize) {
        let state = side.of_mut(&mut self.sides);
        state.analysed_unread = state.analysed_unread.saturating_sub(count);
    }

    /// A folder side could not be read further: the other side's files go on.
    pub fn reading_failed(&mut self, side: Side) {
        side.of_mut(&mut self.sides).analysed_unread = 0;
    }

    /// Worker `index` is ready.
    pub fn worker_ready(&mut self, index: usize) -> Ready<H> {
        if let Some(ready) = self.ready.get_mut(index) {
            *ready = true;
        }
        let reopen_bundle = if index == 0 {
            let file = self.bundle_file.clone().filter(|_| self.crashes > 0);
            self.reopening = file.is_some();
            file
        } else {
            None
        };
        let all = self.ready.iter().all(|r| *r);
        let (resend, single) = if all {
            (std::mem::take(&mut self.resend), self.resend_single.take())
        } else {
            (Vec::new(), None)
        };
        Ready { reopen_bundle, all, resend, single }
    }

    /// Worker `index` processed `done` files of its share of a side: the side's progress to show,
    /// or `None` for a pick replaced meanwhile.
    pub fn side_progress(
        &mut self,
        index: usize,
        side: Side,
        generation: u32,
        done: usize,
    ) -> Option<(usize, usize)> {
        let state = side.of_mut(&mut self.sides);
        if state.generation != generation {
            return None;
        }
        if let Some(slot) = state.processed.get_mut(index) {
            *slot = done;
        }
        Some(state.progress())
    }

    /// Worker `index` is about to parse this file (careful mode).
    pub fn parsing(&mut self, index: usize, side: Side, path: String) {
        if let Some(slot) = self.last_parsing.get_mut(index) {
            *slot = Some((side, path));
        }
    }

    /// Worker `index` processed its whole share of a side: whether the side is ready now.
    pub fn side_done(&mut self, index: usize, side: Side, generation: u32) -> bool {
        // Its parsing is over: a later crash (serving evidence, say) is no file's fault.
        if let Some(slot) = self.last_parsing.get_mut(index) {
            *slot = None;
        }
        let state = side.of_mut(&mut self.sides);
        if state.generation != generation {
            return false;
        }
        if let Some(slot) = state.finished.get_mut(index) {
            *slot = true;
        }
        state.ready()
    }

    /// A side could not be read at all: whether it is the current pick (then Analyze stops
    /// waiting and the page says why).
    pub fn side_failed(&mut self, side: Side, generation: u32) -> bool {
        let current = self.current(side, generation);
        if current {
            self.analyze_pending = false;
        }
        current
    }

    /// What the picks' processing allows now: `Some(false)` to collect for the complete report
    /// (both sides processed, before Analyze too), `Some(true)` for a first report (Analyze
    /// waiting, every analysed file processed), `None` to wait.
    pub fn next_collection(&self) -> Option<bool> {
        if self.both_ready() && !self.assembling_current() {
            Some(false)
        } else if self.first_wanted() {
            Some(true)
        } else {
            None
        }
    }

    /// Collecting starts: the generations to ask every worker for, and whether Analyze waits
    /// (then the page shows the comparison has begun).
    pub fn collecting(&mut self, first: bool) -> ([u32; 2], bool) {
        let generations = self.generations();
        let size = self.size();
        let collecting =
            Some(Collecting { generations, partials: std::iter::repeat_with(|| None).take(size).collect() });
        if first {
            self.first_partials = collecting;
        } else {
            self.partials = collecting;
        }
        (generations, self.analyze_pending)
    }

    /// Worker `index`'s results arrived: once every worker's are in, the partials to assemble
    /// (and the report is then expected for the current picks).
    pub fn partial_arrived(
        &mut self,
        index: usize,
        partial: H::Partial,
        first: bool,
    ) -> Option<Vec<H::Partial>> {
        let current = self.generations();
        let collecting = if first { &mut self.first_partials } else { &mut self.partials };
        let collection = collecting.as_mut().filter(|c| c.generations == current)?;
        if let Some(slot) = collection.partials.get_mut(index) {
            *slot = Some(partial);
        }
        if !collection.partials.iter().all(Option::is_some) {
            return None;
        }
        let Collecting { generations, partials } = collecting.take()?;
        self.reports.push_back(if first {
            ReportFor::First(generations)
        } else {
            ReportFor::Trees(generations)
        });
        Some(partials.into_iter().flatten().collect())
    }

    /// Analyze was clicked: the report if it is computed already (shown at once), else it waits.
    pub fn analyze(&mut self) -> Option<Result<Arrived, String>> {
        let current = self.generations();
        self.completing = None;
        match self.speculative.take() {
            Some((generations, result)) if generations == current => {
                self.shown = Some(self.picked());
                Some(result)
            }
            _ => {
                self.analyze_pending = true;
                None
            }
        }
    }

    /// A single analysis (the sample, a bundle) was posted to worker 0.
    pub fn single_started(&mut self, single: Single) {
        let origin = match single {
            Single::Sample => Origin::Sample,
            Single::Bundle { .. } => Origin::Bundle,
        };
        self.single = Some(single);
        self.reports.push_back(ReportFor::Other(origin));
    }

    /// A policy edit was posted to worker 0.
    pub fn policy_applying(&mut self, text: Option<String>) {
        self.reports.push_back(ReportFor::Policy(text));
    }

    /// Worker 0 refused an edited policy: that request is answered.
    pub fn policy_refused(&mut self) {
        self.reports.pop_front();
    }

    /// A report (or a failure) from worker 0, for the oldest request still waiting; `now` is the
    /// page's clock (ms).
    pub fn report_arrived(&mut self, result: Result<Arrived, String>, now: f64) -> Route {
        if let Some(slot) = self.last_parsing.first_mut() {
            *slot = None; // worker 0's analysis is over
        }
        let current = self.generations();
        match self.reports.pop_front() {
            Some(ReportFor::Policy(text)) => match result {
                Ok(arrived) => {
                    self.policy = text;
                    Route::Show { result: Ok(arrived), completes: false } // from where the report it re-scores came
                }
                Err(message) => Route::PolicyFailed(message),
            },
            Some(ReportFor::First(generations)) if generations == current && self.analyze_pending => {
                self.analyze_pending = false;
                self.shown = Some(self.picked());
                if result.is_ok() {
                    self.completing = Some(generations);
                    self.quiet_until = now + FIRST_REPORT_QUIET_MS;
                }
                Route::Show { result, completes: false }
            }
            Some(ReportFor::Trees(generations)) if generations == current => {
                if self.analyze_pending {
                    self.analyze_pending = false;
                    self.shown = Some(self.picked());
                    Route::Show { result, completes: false }
                } else if self.completing == Some(generations) {
                    // The first report shown is complete now.
                    self.completing = None;
                    Route::Show { result, completes: true }
                } else {
                    self.speculative = Some((generations, result));
                    Route::Nothing
                }
            }
            // For picks replaced meanwhile, or a first report overtaken by the complete one.
            Some(ReportFor::Trees(_) | ReportFor::First(_)) => Route::Nothing,
            Some(ReportFor::Other(origin)) => {
                self.shown = Some(origin);
                Route::Show { result, completes: false }
            }
            None => Route::Show { result, completes: false },
        }
    }

    /// Worker `index` died (`detail`: the browser's message). It is replaced by the caller; the
    /// pool decides what is left out and what runs again once the replacement is ready — the
    /// first time announcing each file before parsing it, then without the file it died on.
    pub fn worker_lost(&mut self, index: usize, detail: &str) -> Lost<H> {
        let detail = if detail.is_empty() { "it stopped unexpectedly" } else { detail };
        self.crashes += 1;
        let culprit = self.last_parsing.get_mut(index).and_then(Option::take);
        let single = index == 0 && self.reports.iter().any(|r| matches!(r, ReportFor::Other(_)));
        if let Some((side, path)) = &culprit {
            let reason = format!(
                "the analyser crashed on this file ({detail}); it was left out and everything else analysed"
            );
            let list = if single { &mut self.single_skipped } else { &mut self.skipped };
            side.of_mut(list).push((path.clone(), reason));
        }
        self.careful = true;
        let failed_sources = if index == 0 {
            std::mem::take(&mut self.sources).into_iter().map(|(_, reply)| reply).collect()
        } else {
            Vec::new()
        };
        if let Some(ready) = self.ready.get_mut(index) {
            *ready = false;
        }
        // A pending Analyze stays pending: the report shows once the sides are processed again.
        // So does a pending sample or bundle analysis: worker 0 runs it again once replaced.
        if index == 0 {
            self.resend_single = if single { self.single.clone() } else { None };
        }
        self.partials = None;
        self.first_partials = None;
        self.reports.clear();
        self.speculative = None;
        // A first report shown waits for its complete version: the sides processed again give a
        // new report (first, then complete), shown in its place.
        if self.completing.take().is_some() {
            self.analyze_pending = true;
        }
        // Every side is processed again: until then nothing is collected (an Analyze clicked
        // meanwhile waits for it).
        for side in &mut self.sides {
            side.processed.iter_mut().for_each(|done| *done = 0);
            side.finished.iter_mut().for_each(|finished| *finished = false);
        }
        let picked: Vec<(Side, H::Picked)> = [Side::Baseline, Side::Current]
            .into_iter()
            .filter_map(|side| side.of(&self.sides).picked.clone().map(|p| (side, p)))
            .collect();
        let gave_up = self.crashes > MAX_CRASHES;
        let message = match (&culprit, gave_up) {
            (_, true) => format!("the analysis workers crashed {MAX_CRASHES} times ({detail}); pick the folders again to retry"),
            (Some((side, path)), _) => format!("an analysis worker crashed on {path} ({}) and was restarted; the file is left out and listed as a problem", side.as_str()),
            (None, _) => format!("an analysis worker stopped ({detail}); it was restarted and the files are read again"),
        };
        let recovering = !gave_up && (!picked.is_empty() || self.resend_single.is_some());
        // A new worker drops what is posted before it has loaded: resend once it says it is ready.
        if gave_up {
            self.resend_single = None;
            self.resend = Vec::new();
        } else {
            self.resend = picked;
        }
        Lost { message, recovering, failed_sources }
    }

    /// A bundle is being opened in worker 0.
    pub fn bundle_opening(&mut self, file: H::File) {
        self.opening_bundle = Some(file);
    }

    /// Worker 0 opened a bundle: whether the page should hear of it (not when a replacement
    /// worker opened it again quietly).
    pub fn bundle_opened(&mut self) -> bool {
        let quiet = std::mem::take(&mut self.reopening);
        if !quiet {
            self.bundle_file = self.opening_bundle.take();
        }
        !quiet
    }

    /// The reviewer asks for a finding's evidence: its request number and where the report shown
    /// came from, or why it cannot be had now.
    pub fn source_asked(&mut self) -> Result<(u32, Origin<H::Picked>), String> {
        let Some(origin) = self.shown.clone() else {
            return Err("The code is not included in a saved or shared report: analyse the two trees in this page to see it.".into());
        };
        if !self.ready.first().copied().unwrap_or(false) {
            // A worker that has not loaded yet drops what is posted to it.
            return Err("the analysis worker is restarting; open the finding again in a moment".into());
        }
        self.next_source += 1;
        Ok((self.next_source, origin))
    }

    /// An evidence request was posted: its answer goes to `reply`.
    pub fn source_waiting(&mut self, number: u32, reply: H::Reply) {
        self.sources.push((number, reply));
    }

    /// An evidence request could not be posted (its reply gets an error from the caller).
    pub fn source_unsent(&mut self, number: u32) -> Option<H::Reply> {
        let at = self.sources.iter().position(|(n, _)| *n == number)?;
        Some(self.sources.remove(at).1)
    }

    /// The answer to evidence request `number` arrived: where it goes.
    pub fn source_answered(&mut self, number: u32) -> Option<H::Reply> {
        self.source_unsent(number)
    }
}

#[cfg(test)]
mod tests;
