//! What the benchmarks share: the programs they run on (loaded once per process), an app on a
//! program with a temporary store and a clock during the conference, and a terminal that counts
//! the bytes written to it.
//!
//! The programs are the bundled one, the real large programs in ../shared/fixtures (skipped
//! with a note when missing) and synthetic programs of 10,000 and 50,000 sessions
//! (`hallway::synth`). Under `cargo test --benches` (divan's test mode: each benchmark runs
//! once, in a debug build) the synthetic programs are 200 and 500 sessions, to stay quick.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::cell::Cell;
use std::io::Write;
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::OnceLock;

use chrono::{DateTime, Duration, FixedOffset, NaiveTime};
use hallway::import;
use hallway::schedule::{Schedule, bundled, save};
use hallway::store::Store;
use hallway::tui::app::App;
use hallway::tui::effects;
use hallway::tui::headless::Recorder;
use hallway::tui::key::Key;
use hallway::tui::ui::{self, Theme};
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

/// The seed of every synthetic program (the same as benches/synth_write.rs).
pub const SEED: u64 = 2025;

/// The bundled program's JSON, as the binary embeds it.
const BUNDLED_NAME: &str = "bundled";

/// The real programs: (argument name, file under ../shared/fixtures).
const REAL: &[(&str, &str)] = &[
    ("fosdem-2025", "fosdem-2025-schedule-LARGE.xml"),
    ("36c3", "36c3-everything-merged-schedule-LARGE.json"),
];

/// Runs divan with at most 5 s per benchmark (the 50k programs take up to a second per
/// iteration); `--max-time`, `--sample-count` and the other flags still apply.
pub fn run() {
    divan::Divan::default()
        .max_time(std::time::Duration::from_secs(5))
        .config_with_args()
        .main();
}

/// Whether divan was asked to measure (`cargo bench` passes `--bench`); otherwise it is in
/// test mode and runs each benchmark once.
pub fn measuring() -> bool {
    std::env::args().any(|a| a == "--bench")
}

/// The synthetic sizes: 10k and 50k when measuring, small ones in test mode.
pub fn synth_sizes() -> [usize; 2] {
    if measuring() {
        [10_000, 50_000]
    } else {
        [200, 500]
    }
}

fn fixture(file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/fixtures")
        .join(file)
}

/// The names of the programs available here, in order of size; a missing fixture is left out
/// with a note.
pub fn programs() -> Vec<&'static str> {
    static NAMES: OnceLock<Vec<&'static str>> = OnceLock::new();
    NAMES
        .get_or_init(|| {
            let mut names = vec![BUNDLED_NAME];
            for (name, file) in REAL {
                if fixture(file).is_file() {
                    names.push(name);
                } else {
                    eprintln!(
                        "note: {} is missing; the {name} benchmarks are skipped",
                        fixture(file).display()
                    );
                }
            }
            for n in synth_sizes() {
                let name = if n.is_multiple_of(1000) {
                    format!("synth-{}k", n / 1000)
                } else {
                    format!("synth-{n}")
                };
                names.push(Box::leak(name.into_boxed_str()));
            }
            names
        })
        .clone()
}

/// One program, ready in every form a benchmark starts from.
pub struct Program {
    pub name: &'static str,
    /// As published: the original file (real programs) or hallway JSON (bundled, synthetic).
    pub original: Vec<u8>,
    /// Whether `original` is a foreign format that `hallway import` reads.
    pub imported: bool,
    /// The program as hallway keeps it: `save::to_json`, what `--conference NAME` opens.
    pub saved: String,
    pub schedule: Schedule,
}

fn build(name: &'static str) -> Program {
    if name == BUNDLED_NAME {
        let schedule = bundled::load().expect("the bundled program loads");
        let saved = save::to_json(&schedule);
        return Program {
            name,
            original: saved.clone().into_bytes(),
            imported: false,
            saved,
            schedule,
        };
    }
    if let Some((_, file)) = REAL.iter().find(|(n, _)| *n == name) {
        let original = std::fs::read(fixture(file)).expect("the fixture reads");
        let schedule = import::load_bytes(&original, file).expect("the fixture imports");
        return Program {
            name,
            original,
            imported: true,
            saved: save::to_json(&schedule),
            schedule,
        };
    }
    let size = name.trim_start_matches("synth-");
    let size = match size.strip_suffix('k') {
        Some(thousands) => thousands.parse::<usize>().expect("a synthetic size") * 1000,
        None => size.parse::<usize>().expect("a synthetic size"),
    };
    let schedule = hallway::synth::program(size, SEED);
    let saved = save::to_json(&schedule);
    Program {
        name,
        original: saved.clone().into_bytes(),
        imported: false,
        saved,
        schedule,
    }
}

/// The program named `name` (one of [`programs`]), built on first use.
pub fn program(name: &str) -> &'static Program {
    static CACHE: OnceLock<Vec<OnceLock<Program>>> = OnceLock::new();
    let names = programs();
    let cache = CACHE.get_or_init(|| names.iter().map(|_| OnceLock::new()).collect());
    let i = names
        .iter()
        .position(|n| *n == name)
        .expect("a known program");
    cache[i].get_or_init(|| build(names[i]))
}

/// A program's saved copy on disk with its cache beside it, as `hallway --conference NAME`
/// finds them (under the build's temporary folder, rewritten on each run).
pub struct OnDisk {
    pub json: PathBuf,
    pub cache: PathBuf,
    pub meta: std::fs::Metadata,
}

/// [`OnDisk`] for the program named `name`, written on first use.
pub fn on_disk(name: &str) -> &'static OnDisk {
    static DISK: OnceLock<Vec<OnceLock<OnDisk>>> = OnceLock::new();
    let names = programs();
    let disk = DISK.get_or_init(|| names.iter().map(|_| OnceLock::new()).collect());
    let i = names
        .iter()
        .position(|n| *n == name)
        .expect("a known program");
    disk[i].get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-programs");
        std::fs::create_dir_all(&dir).expect("a folder for the saved copies");
        let json = dir.join(format!("{name}.json"));
        let cache = dir.join(format!("{name}.cache"));
        std::fs::write(&json, &program(name).saved).expect("the saved copy is written");
        let meta = std::fs::metadata(&json).expect("the saved copy is there");
        let loaded = import::load_path(&json).expect("the saved copy loads");
        hallway::library::cache::write(&cache, &meta, &loaded).expect("the cache is written");
        OnDisk { json, cache, meta }
    })
}

/// 10:30 on the conference's first day, in its own offset: the app opens on that day's tab.
pub fn during(schedule: &Schedule) -> DateTime<FixedOffset> {
    let c = &schedule.conference;
    let local = c.start_date.and_time(NaiveTime::MIN) + Duration::minutes(10 * 60 + 30);
    local
        .and_local_timezone(c.utc_offset)
        .single()
        .expect("a fixed offset has no gaps")
}

/// A terminal that counts the bytes written to it (and otherwise throws them away).
#[derive(Clone, Default)]
pub struct Counter(Rc<Cell<usize>>);

impl Counter {
    /// Bytes written since the last call.
    pub fn take(&self) -> usize {
        self.0.replace(0)
    }
}

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.set(self.0.get() + buf.len());
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A fixed-size crossterm terminal writing into a [`Counter`].
pub fn terminal(size: (u16, u16)) -> (Terminal<CrosstermBackend<Counter>>, Counter) {
    let count = Counter::default();
    let terminal = Terminal::with_options(
        CrosstermBackend::new(count.clone()),
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, size.0, size.1)),
        },
    )
    .expect("a fixed viewport needs no terminal");
    (terminal, count)
}

/// The app on a program with an empty store in a temporary folder, a clock at [`during`], and a
/// terminal as in the interactive program (only the cells that change are written).
pub struct Tui {
    pub app: App,
    pub terminal: Terminal<CrosstermBackend<Counter>>,
    pub count: Counter,
    _dir: tempfile::TempDir,
}

impl Tui {
    /// The app on `name` at `size`, first frame drawn.
    pub fn new(name: &str, size: (u16, u16)) -> Self {
        let schedule = program(name).schedule.clone();
        let now = during(&schedule);
        let dir = tempfile::tempdir().expect("a temporary folder");
        let (store, _) = Store::open(dir.path(), now).expect("an empty store opens");
        let (terminal, count) = terminal(size);
        let mut tui = Self {
            app: App::new(schedule, store, now, size),
            terminal,
            count,
            _dir: dir,
        };
        tui.draw();
        tui
    }

    /// One key as the event loop handles it: update, then any effect (a star is saved to disk).
    pub fn press(&mut self, c: char) {
        self.key(Key::char(c));
    }

    /// [`Self::press`] for any key.
    pub fn key(&mut self, key: Key) {
        if let Some(effect) = self.app.key(key) {
            effects::perform(&mut self.app, effect, &mut Recorder);
        }
    }

    /// Keys in `render --keys` notation.
    pub fn keys(&mut self, notation: &str) {
        for key in hallway::tui::key::parse_keys(notation).expect("valid keys") {
            self.key(key);
        }
    }

    /// Draws a frame; returns the bytes it wrote.
    pub fn draw(&mut self) -> usize {
        self.count.take();
        let app = &mut self.app;
        self.terminal
            .draw(|f| ui::render(app, f, Theme::new(false)))
            .expect("drawing into a counter cannot fail");
        self.count.take()
    }

    /// Whether the cursor is on the last session row of the Timeslots pane.
    pub fn at_last_row(&self) -> bool {
        let last = self
            .app
            .rows
            .iter()
            .rposition(|r| matches!(r, hallway::tui::view::Row::Session(_)));
        self.app.rows_list.selected() >= last
    }
}
