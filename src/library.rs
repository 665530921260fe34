//! The attendee's library of conferences: the bundled PyTorch Conference 2024 and every program
//! imported with `hallway import`, kept as hallway-format copies under the config folder
//! (`conferences/NAME.json`) so they open offline, by name. No terminal here.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::import::{self, ImportError, ImportOptions, Imported};
use crate::schedule::{Schedule, bundled, save, slug::slug};
use crate::store::replace_file;

/// The name the bundled program answers to.
pub const BUNDLED: &str = "pytorch-conference-2024";

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

/// What an import did.
#[derive(Debug)]
pub struct Saved {
    pub name: String,
    pub imported: Imported,
    /// The previous copy, when this import replaced one.
    pub previous: Option<Schedule>,
    pub path: PathBuf,
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

    /// A saved conference's name, normalised the way ids are.
    pub fn name_for(text: &str) -> String {
        slug(text)
    }

    /// Imports `file` (any supported format) and keeps a copy as `name` (default: the
    /// conference's id). The conference's id becomes the name, so stars and notes stay attached
    /// when a newer version of the same program is imported under the same name.
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
        let mut imported = import::import_path(file, options)?;
        let name = Self::name_for(name.unwrap_or(&imported.schedule.conference.id));
        if name == BUNDLED {
            return Err(LibraryError::Reserved(name));
        }
        let mut conference = imported.schedule.conference.clone();
        conference.id.clone_from(&name);
        imported.schedule = Schedule::new(conference, imported.schedule.sessions().to_vec());
        let path = self.path(&name);
        let previous = self.load_saved(&name).ok();
        replace_file(&path, save::to_json(&imported.schedule).as_bytes()).map_err(|source| {
            LibraryError::Write {
                path: path.clone(),
                source,
            }
        })?;
        Ok(Saved {
            name,
            imported,
            previous,
            path,
        })
    }

    fn load_saved(&self, name: &str) -> Result<Schedule, LibraryError> {
        let path = self.path(name);
        if !path.is_file() {
            return Err(LibraryError::Unknown {
                name: name.to_owned(),
                hint: String::new(),
            });
        }
        Ok(import::load_path(&path)?)
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
            LibraryError::Unknown { name, .. } => {
                let names: Vec<String> = self.names().into_iter().collect();
                LibraryError::Unknown {
                    name,
                    hint: format!(": {}", names.join(", ")),
                }
            }
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
            .filter(|n| !n.starts_with('.'))
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
