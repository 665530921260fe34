//! The attendee's library of conferences: the bundled PyTorch Conference 2024 and every program
//! imported with `hallway import` (from a file or a URL), kept as hallway-format copies under the
//! config folder so they open offline, by name. No terminal here.
//!
//! Per saved conference, in `<config>/conferences/`:
//! - `NAME.json` — the parsed copy, in hallway's format (what [`Library::open`] reads);
//! - `NAME.source.json` — where it came from ([`Source`]: the URL or file, ETag, Last-Modified,
//!   when it was fetched, its format) and the last changes a replacement brought;
//! - `NAME.raw` — for a download, the bytes exactly as the server sent them (decompressed);
//! - `NAME.cache` — a binary copy of the parsed program that opens several times faster than
//!   the JSON, written on the first open and ignored whenever it does not match ([`cache`]).
//!
//! Each is written atomically (`store::replace_file`). A replacement writes the raw file, then
//! the copy, then the source record, and only after the new version parsed: a failed download
//! or a page that is not a schedule leaves all three untouched. A crash between two writes
//! leaves an old ETag, so the next refresh downloads again.
//!
//! Names. A program is saved under the slug of its `--name` (`"C++ Now"` → `c-now`), else of
//! the conference's id, and stars and notes are kept under that slug. Importing under a name
//! that is saved already replaces that copy — a newer version of the same program — when the
//! name given is the same one: the saved name itself (`--name c-now`, as `hallway
//! conferences` lists it), or the name it was imported with (`NAME.source.json` keeps it),
//! without regard to letter case or spacing. A *different* name that cuts to the same slug
//! (`--name "C Now"`) is refused with a message saying which program holds it, and nothing is
//! written: replacing it would leave that program's notes on sessions that no longer exist,
//! and a numbered name (`c-now-2`) would not be what `--conference "C Now"` opens. Imports
//! without `--name` and refreshes replace by the conference's id, as before.

pub mod cache;

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::changes::{self, Changes};
use crate::fetch::{Download, FetchError, FetchOptions, Fetched, Fetcher, Validators, local};
use crate::import::{self, Format, ImportError, ImportOptions, Imported};
use crate::schedule::{Schedule, bundled, save, slug::slug};
use crate::store::replace_file;

/// The name the bundled program answers to.
pub const BUNDLED: &str = "pytorch-conference-2024";

/// Version of the `NAME.source.json` records this hallway writes.
pub const SOURCE_VERSION: u32 = 1;

/// Why the library could not do something.
#[derive(Debug, thiserror::Error)]
pub enum LibraryError {
    #[error(transparent)]
    Import(#[from] ImportError),
    #[error("no conference named \"{name}\"; `hallway conferences` lists them{hint}")]
    Unknown { name: String, hint: String },
    #[error("{path}: cannot save the imported program: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("\"{0}\" is the bundled program's name; choose another with --name")]
    Reserved(String),
    /// A `--name` that cuts to the saved name of another program.
    #[error(
        "--name \"{given}\" would be saved as \"{name}\", which already holds {holder}; choose another --name, or give --name {name} to replace it"
    )]
    NameTaken {
        given: String,
        name: String,
        /// The program saved there, and the name it was imported with when known.
        holder: String,
    },
    /// The download failed.
    #[error(transparent)]
    Fetch(#[from] FetchError),
    /// The server sent a web page rather than a schedule.
    #[error(
        "{url}: the server sent a web page ({content_type}), not a schedule; give the address of the schedule file itself (Sched: https://EVENT.sched.com/all.ics; pretalx: https://HOST/EVENT/schedule/export/schedule.json; frab: …/schedule.json or …/schedule.xml)"
    )]
    WebPage { url: String, content_type: String },
    /// `refresh` of a conference that was not downloaded.
    #[error("\"{name}\" was {origin}, not downloaded from a URL; import it again to update it")]
    NotFromUrl { name: String, origin: String },
    /// A damaged `NAME.source.json`.
    #[error("{path}: cannot read where the conference came from: {message}")]
    Source { path: PathBuf, message: String },
}

/// One conference the library holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// What `--conference` takes.
    pub name: String,
    pub title: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub sessions: usize,
    pub bundled: bool,
}

impl Entry {
    fn of(name: &str, s: &Schedule, bundled: bool) -> Self {
        Self {
            name: name.to_owned(),
            title: s.conference.name.clone(),
            start: s.conference.start_date,
            end: s.conference.end_date,
            sessions: s.sessions().len(),
            bundled,
        }
    }
}

/// Where a saved conference came from, kept beside it in `NAME.source.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// [`SOURCE_VERSION`].
    pub version: u32,
    /// The address it was downloaded from (`None` for a file import).
    pub url: Option<String>,
    /// The file it was imported from (`None` for a download).
    pub file: Option<String>,
    /// The server's `ETag`, sent back as `If-None-Match` by a refresh.
    pub etag: Option<String>,
    /// The server's `Last-Modified`, sent back as `If-Modified-Since` by a refresh.
    pub last_modified: Option<String>,
    /// When this version was downloaded or imported.
    pub fetched_at: DateTime<FixedOffset>,
    /// The raw file's format: `hallway`, `frab-json`, `pentabarf-xml` or `icalendar`.
    pub format: String,
    /// The `--time-zone` given at import, used again by a refresh.
    pub time_zone: Option<String>,
    /// The most recent replacement that changed anything (an unchanged refresh keeps it).
    pub last_changes: Option<LastChanges>,
    /// The `--name` it was first imported under, as written (`C++ Now` for `c-now`); `None`
    /// when it was named after the conference's id, or imported before names were kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// The changes a replacement brought, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastChanges {
    pub at: DateTime<FixedOffset>,
    pub changes: Changes,
}

/// What an import or a refresh with a new version did.
#[derive(Debug)]
pub struct Saved {
    pub name: String,
    pub imported: Imported,
    /// The previous copy, when this import replaced one.
    pub previous: Option<Schedule>,
    /// What changed against the previous copy, when there was one.
    pub changes: Option<Changes>,
    /// The saved copy (`NAME.json`).
    pub path: PathBuf,
    /// The record written beside it.
    pub source: Source,
}

/// What a refresh found.
#[derive(Debug)]
pub enum RefreshOutcome {
    /// The server answered 304: nothing was written.
    NotModified { name: String, url: String },
    /// A new version was saved; `Saved::changes` says what changed (maybe nothing).
    Updated(Box<Saved>),
}

/// The short name of a format in `NAME.source.json`.
fn format_name(format: Format) -> &'static str {
    match format {
        Format::Hallway => "hallway",
        Format::FrabJson => "frab-json",
        Format::PentabarfXml => "pentabarf-xml",
        Format::ICalendar => "icalendar",
    }
}

/// Imports a downloaded body; a web page, or anything else that is no schedule, is an error
/// naming the address.
///
/// # Errors
/// [`LibraryError::WebPage`] for HTML, [`LibraryError::Import`] for anything else unreadable.
pub fn import_download(
    download: &Download,
    options: &ImportOptions,
) -> Result<Imported, LibraryError> {
    import::import_bytes(&download.bytes, &download.url, options).map_err(|e| {
        let html_type = download
            .content_type
            .as_deref()
            .filter(|t| t.to_ascii_lowercase().contains("html"));
        let start: Vec<u8> = download
            .bytes
            .iter()
            .copied()
            .skip_while(u8::is_ascii_whitespace)
            .take(15)
            .map(|b| b.to_ascii_lowercase())
            .collect();
        let html_body = start.starts_with(b"<!doctype html") || start.starts_with(b"<html");
        match (&e, html_type) {
            (ImportError::UnknownFormat { .. } | ImportError::Syntax { .. }, Some(t)) => {
                LibraryError::WebPage {
                    url: download.url.clone(),
                    content_type: t.to_owned(),
                }
            }
            (ImportError::UnknownFormat { .. }, None) if html_body => LibraryError::WebPage {
                url: download.url.clone(),
                content_type: "HTML".to_owned(),
            },
            _ => LibraryError::Import(e),
        }
    })
}

/// Where a new version comes from.
enum Origin<'a> {
    File(&'a Path),
    Url(&'a Download),
}

/// Saved conferences under `<config>/conferences`.
#[derive(Debug, Clone)]
pub struct Library {
    dir: PathBuf,
}

impl Library {
    /// The library of the config folder `config_dir`.
    pub fn new(config_dir: &Path) -> Self {
        Self {
            dir: config_dir.join("conferences"),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(format!("{name}.json"))
    }

    fn cache_path(&self, name: &str) -> PathBuf {
        self.dir.join(format!("{name}.cache"))
    }

    fn source_path(&self, name: &str) -> PathBuf {
        self.dir.join(format!("{name}.source.json"))
    }

    /// Where the raw download of `name` is kept.
    pub fn raw_path(&self, name: &str) -> PathBuf {
        self.dir.join(format!("{name}.raw"))
    }

    /// A saved conference's name, normalised the way ids are.
    pub fn name_for(text: &str) -> String {
        slug(text)
    }

    /// Imports `file` (any supported format) and keeps a copy as `name` (default: the
    /// conference's id). The conference's id becomes the name, so stars and notes stay attached
    /// when a newer version of the same program is imported under the same name. Stamped with
    /// the system clock; [`Self::import_file`] takes the time.
    ///
    /// # Errors
    /// The file cannot be read or parsed, the name is the bundled one, or the copy cannot be
    /// written.
    pub fn import(
        &self,
        file: &Path,
        name: Option<&str>,
        options: &ImportOptions,
    ) -> Result<Saved, LibraryError> {
        self.import_file(file, name, options, chrono::Local::now().fixed_offset())
    }

    /// [`Self::import`] at `now`. When a copy is replaced, [`Saved::changes`] holds the diff.
    ///
    /// # Errors
    /// As [`Self::import`].
    pub fn import_file(
        &self,
        file: &Path,
        name: Option<&str>,
        options: &ImportOptions,
        now: DateTime<FixedOffset>,
    ) -> Result<Saved, LibraryError> {
        let imported = import::import_path(file, options)?;
        self.keep(name, imported, &Origin::File(file), options, now)
    }

    /// Downloads `url` with `fetcher` and keeps it as `name` (default: the conference's id),
    /// with the raw file, the ETag and Last-Modified for later refreshes.
    ///
    /// # Errors
    /// The download failed ([`LibraryError::Fetch`]), the body is not a schedule
    /// ([`LibraryError::WebPage`], [`LibraryError::Import`]), the name is the bundled one, or
    /// the copy cannot be written.
    pub fn import_url(
        &self,
        url: &str,
        name: Option<&str>,
        options: &ImportOptions,
        fetcher: &Fetcher,
        now: DateTime<FixedOffset>,
    ) -> Result<Saved, LibraryError> {
        match fetcher.get(url, &Validators::default())? {
            Fetched::Body(download) => {
                let imported = import_download(&download, options)?;
                self.keep(name, imported, &Origin::Url(&download), options, now)
            }
            // Only a conditional request can be answered 304; treat a confused server as one.
            Fetched::NotModified => Err(LibraryError::Fetch(FetchError::Status {
                url: url.to_owned(),
                status: 304,
                reason: "Not Modified, to a request that was not conditional".to_owned(),
            })),
        }
    }

    /// Asks the server of a downloaded conference for a newer version (a conditional request
    /// with the saved ETag and Last-Modified). 304 changes nothing; a new version replaces the
    /// copy and the changes are kept for [`Self::last_changes`]. On any error the previous copy,
    /// raw file and record are left exactly as they were.
    ///
    /// # Errors
    /// Not downloaded from a URL, the download failed, the body is not a schedule, or the copy
    /// cannot be written.
    pub fn refresh(
        &self,
        name: &str,
        fetcher: &Fetcher,
        now: DateTime<FixedOffset>,
    ) -> Result<RefreshOutcome, LibraryError> {
        let name = Self::name_for(name);
        let Some(source) = self.source(&name)? else {
            let origin = if name == BUNDLED {
                "compiled into hallway".to_owned()
            } else if self.path(&name).is_file() {
                "imported before hallway kept where programs come from".to_owned()
            } else {
                return Err(self.unknown(name));
            };
            return Err(LibraryError::NotFromUrl { name, origin });
        };
        let Some(url) = source.url.clone() else {
            let origin = format!(
                "imported from the file {}",
                source.file.as_deref().unwrap_or("?")
            );
            return Err(LibraryError::NotFromUrl { name, origin });
        };
        // Without the copy a 304 would leave nothing to open: ask unconditionally.
        let validators = if self.path(&name).is_file() {
            Validators {
                etag: source.etag.clone(),
                last_modified: source.last_modified.clone(),
            }
        } else {
            Validators::default()
        };
        let options = ImportOptions {
            time_zone: source.time_zone.as_deref().and_then(|z| z.parse().ok()),
        };
        match fetcher.get(&url, &validators)? {
            Fetched::NotModified => Ok(RefreshOutcome::NotModified { name, url }),
            Fetched::Body(download) => {
                let imported = import_download(&download, &options)?;
                let saved = self.keep(
                    Some(&name),
                    imported,
                    &Origin::Url(&download),
                    &options,
                    now,
                )?;
                Ok(RefreshOutcome::Updated(Box::new(saved)))
            }
        }
    }

    /// Names of the conferences downloaded from a URL (what `hallway refresh` refreshes).
    pub fn refreshable(&self) -> Vec<String> {
        self.names()
            .into_iter()
            .filter(|n| {
                self.source(n)
                    .ok()
                    .flatten()
                    .is_some_and(|s| s.url.is_some())
            })
            .collect()
    }

    /// Where `name` came from, when hallway recorded it (imports since refresh exists).
    ///
    /// # Errors
    /// The record exists but cannot be read or parsed.
    pub fn source(&self, name: &str) -> Result<Option<Source>, LibraryError> {
        let path = self.source_path(&Self::name_for(name));
        let bytes = match local::read_capped(&path, own_file_limit()) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                return Err(LibraryError::Source {
                    path,
                    message: e.to_string(),
                });
            }
        };
        serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| LibraryError::Source {
                path,
                message: e.to_string(),
            })
    }

    /// What the most recent replacement of `name` changed (a refresh or a re-import, by the
    /// CLI or the TUI), when one changed anything.
    pub fn last_changes(&self, name: &str) -> Option<Changes> {
        self.source(name)
            .ok()
            .flatten()
            .and_then(|s| s.last_changes)
            .map(|l| l.changes)
    }

    /// Saves a parsed program as `name`: raw file (downloads), copy, then record.
    fn keep(
        &self,
        name: Option<&str>,
        mut imported: Imported,
        origin: &Origin<'_>,
        options: &ImportOptions,
        now: DateTime<FixedOffset>,
    ) -> Result<Saved, LibraryError> {
        let given = name.map(str::trim);
        let name = Self::name_for(given.unwrap_or(&imported.schedule.conference.id));
        if name == BUNDLED {
            return Err(LibraryError::Reserved(name));
        }
        let earlier = self.source(&name).ok().flatten();
        let replacing = self.path(&name).is_file();
        let previous = if replacing {
            self.load_saved(&name).ok()
        } else {
            None
        };
        let recorded = earlier.as_ref().and_then(|s| s.name.clone());
        if let Some(given) = given
            && replacing
            && !same_name(given, &name, recorded.as_deref())
        {
            let title = previous.as_ref().map_or_else(
                || "another program".to_owned(),
                |p| p.conference.name.clone(),
            );
            let holder = match &recorded {
                Some(r) => format!("{title} (imported as \"{r}\")"),
                None => title,
            };
            return Err(LibraryError::NameTaken {
                given: given.to_owned(),
                name,
                holder,
            });
        }
        // The indices do not depend on the conference's id: renamed in place, not rebuilt
        // from a copy of every session (which doubled an import's peak memory).
        imported.schedule.conference.id.clone_from(&name);
        let changes = previous
            .as_ref()
            .map(|p| changes::diff(p, &imported.schedule));
        let last_changes = match &changes {
            Some(c) if !c.is_empty() => Some(LastChanges {
                at: now,
                changes: c.clone(),
            }),
            _ => earlier.and_then(|s| s.last_changes),
        };
        // The first name stays: a refresh or a re-import by the saved name keeps it. The saved
        // name itself is not worth recording.
        let recorded = if replacing { recorded } else { None };
        let kept_name = recorded.or_else(|| {
            given
                .filter(|g| !same_name(g, &name, None))
                .map(str::to_owned)
        });
        let (url, file, etag, last_modified) = match origin {
            Origin::File(path) => (None, Some(path.display().to_string()), None, None),
            Origin::Url(d) => (
                Some(d.url.clone()),
                None,
                d.etag.clone(),
                d.last_modified.clone(),
            ),
        };
        let source = Source {
            version: SOURCE_VERSION,
            url,
            file,
            etag,
            last_modified,
            fetched_at: now,
            format: format_name(imported.format).to_owned(),
            time_zone: options.time_zone.map(|z| z.name().to_owned()),
            last_changes,
            name: kept_name,
        };
        let raw = self.raw_path(&name);
        match origin {
            Origin::Url(d) => write(&raw, &d.bytes)?,
            Origin::File(_) => match std::fs::remove_file(&raw) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(LibraryError::Write {
                        path: raw,
                        source: e,
                    });
                }
                _ => {}
            },
        }
        let path = self.path(&name);
        // The cache of the copy being replaced goes first: it must never outlive its JSON.
        let cache = self.cache_path(&name);
        cache::remove(&cache).map_err(|source| LibraryError::Write {
            path: cache,
            source,
        })?;
        write(&path, save::to_json(&imported.schedule).as_bytes())?;
        let record = serde_json::to_string_pretty(&source).map_err(|e| LibraryError::Write {
            path: self.source_path(&name),
            source: std::io::Error::other(e),
        })? + "\n";
        write(&self.source_path(&name), record.as_bytes())?;
        Ok(Saved {
            name,
            imported,
            previous,
            changes,
            path,
            source,
        })
    }

    fn load_saved(&self, name: &str) -> Result<Schedule, LibraryError> {
        let path = self.path(name);
        let meta = std::fs::metadata(&path)
            .ok()
            .filter(std::fs::Metadata::is_file);
        let Some(meta) = meta else {
            return Err(LibraryError::Unknown {
                name: name.to_owned(),
                hint: String::new(),
            });
        };
        let cache = self.cache_path(name);
        if let Some(schedule) = cache::read(&cache, &meta) {
            return Ok(schedule);
        }
        let file = path.display().to_string();
        let bytes =
            local::read_capped(&path, own_file_limit()).map_err(|source| ImportError::Io {
                file: file.clone(),
                source,
            })?;
        let schedule = import::load_bytes(&bytes, &file)?;
        // Best effort: without it the next open parses the JSON again, nothing worse.
        let _ = cache::write(&cache, &meta, &schedule);
        Ok(schedule)
    }

    fn unknown(&self, name: String) -> LibraryError {
        LibraryError::Unknown {
            name,
            hint: format!(": {}", self.names().join(", ")),
        }
    }

    /// Opens a conference by name: the bundled one, or a saved copy.
    ///
    /// # Errors
    /// No such conference (with the known names as a hint), or a damaged copy.
    pub fn open(&self, name: &str) -> Result<Schedule, LibraryError> {
        let wanted = Self::name_for(name);
        if wanted == BUNDLED {
            return bundled::load().map_err(|e| LibraryError::Import(ImportError::from_load(e)));
        }
        self.load_saved(&wanted).map_err(|e| match e {
            LibraryError::Unknown { name, .. } => self.unknown(name),
            other => other,
        })
    }

    /// Names of the saved conferences, sorted (the bundled one first).
    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(&self.dir)
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                name.strip_suffix(".json").map(str::to_owned)
            })
            // Names are slugs, which have no dots: `NAME.source.json` is not a conference.
            .filter(|n| !n.starts_with('.') && !n.contains('.'))
            .collect();
        names.sort();
        names.insert(0, BUNDLED.to_owned());
        names
    }

    /// Every conference with its dates and size; damaged copies are listed with the reason.
    pub fn list(&self) -> Vec<Result<Entry, (String, LibraryError)>> {
        self.names()
            .into_iter()
            .map(|name| {
                self.open(&name)
                    .map(|s| Entry::of(&name, &s, name == BUNDLED))
                    .map_err(|e| (name, e))
            })
            .collect()
    }
}

/// Whether `given` names the program saved as `slug` (and imported as `recorded`): it is the
/// saved name itself or the recorded one, without regard to letter case or spacing.
fn same_name(given: &str, slug: &str, recorded: Option<&str>) -> bool {
    let fold = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let given = fold(given);
    given == fold(slug) || recorded.is_some_and(|r| fold(r) == given)
}

/// The largest saved copy or record read back: four times the cap on what comes in, and at
/// least four times the default cap. A copy is hallway's re-encoding of a file that was within
/// the cap and may be somewhat larger than it; and a cap lowered later must not lock the user
/// out of a program saved before.
fn own_file_limit() -> u64 {
    let default = FetchOptions::default().max_bytes;
    local::max_bytes()
        .unwrap_or(default)
        .max(default)
        .saturating_mul(4)
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), LibraryError> {
    replace_file(path, bytes).map_err(|source| LibraryError::Write {
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_the_same_as_the_saved_one_or_the_recorded_one_only() {
        assert!(same_name("c-now", "c-now", None));
        assert!(same_name("C-Now", "c-now", Some("C++ Now")));
        assert!(same_name("c++  now ", "c-now", Some("C++ Now")));
        assert!(!same_name("C Now", "c-now", Some("C++ Now")));
        assert!(!same_name("C Now", "c-now", None));
        assert!(!same_name("c_now", "c-now", None));
    }
}
