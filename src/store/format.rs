//! Reading and writing the bytes of `state.json` (documented in `docs/state-format.md`).
//!
//! Decoding sorts a file into three cases the store treats differently: a state it can use, a
//! file from a newer hallway (shown but never rewritten), and a file it cannot parse (moved
//! aside, never overwritten). The format marker and version are checked before the rest, so a
//! newer file whose layout changed is still recognised as newer rather than as garbage.
//! Duplicate note ids in a file edited by hand are repaired as it is decoded (see
//! `repair.rs`), so nothing past this point sees two notes of a session sharing an id.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::model::{ConferenceState, State};

/// The value of the `format` field.
pub const FORMAT: &str = "hallway-state";
/// The newest file version this build reads and the one it writes.
pub const VERSION: u64 = 1;

#[derive(Serialize)]
struct FileOut<'a> {
    format: &'a str,
    version: u64,
    conferences: &'a BTreeMap<String, ConferenceState>,
    #[serde(flatten)]
    extra: &'a BTreeMap<String, Value>,
}

#[derive(Deserialize)]
struct FileIn {
    #[serde(rename = "format")]
    _format: String,
    #[serde(rename = "version")]
    _version: u64,
    #[serde(default)]
    conferences: BTreeMap<String, ConferenceState>,
    #[serde(flatten)]
    extra: BTreeMap<String, Value>,
}

/// How a state file decoded.
#[derive(Debug)]
pub(crate) enum Decoded {
    /// A file this build understands.
    Usable(State),
    /// A file from a newer build, with as much of it as could be read for display.
    Newer { version: u64, best_effort: State },
    /// Not a state file this build can read; the string says why.
    Corrupt(String),
}

/// Encodes a state as pretty-printed JSON with a trailing newline.
pub(crate) fn encode(state: &State) -> Result<Vec<u8>, serde_json::Error> {
    let file = FileOut {
        format: FORMAT,
        version: VERSION,
        conferences: &state.conferences,
        extra: &state.extra,
    };
    let mut bytes = serde_json::to_vec_pretty(&file)?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// Decodes the bytes of a state file.
pub(crate) fn decode(bytes: &[u8]) -> Decoded {
    let value: Value = match serde_json::from_slice(bytes) {
        Ok(value) => value,
        Err(e) => return Decoded::Corrupt(e.to_string()),
    };
    let Some(object) = value.as_object() else {
        return Decoded::Corrupt("the top level is not a JSON object".to_owned());
    };
    match object.get("format") {
        Some(Value::String(format)) if format == FORMAT => {}
        Some(other) => {
            return Decoded::Corrupt(format!("format is {other}, expected \"{FORMAT}\""));
        }
        None => return Decoded::Corrupt("the \"format\" field is missing".to_owned()),
    }
    let version = match object.get("version").map(Value::as_u64) {
        Some(Some(version)) if version >= 1 => version,
        Some(_) => {
            return Decoded::Corrupt("version is not a whole number of at least 1".to_owned());
        }
        None => return Decoded::Corrupt("the \"version\" field is missing".to_owned()),
    };
    let parsed = serde_json::from_value::<FileIn>(value).map(|file| {
        let mut state = State {
            conferences: file.conferences,
            extra: file.extra,
        };
        state.repair_note_ids();
        state
    });
    match parsed {
        _ if version > VERSION => Decoded::Newer {
            version,
            best_effort: parsed.unwrap_or_default(),
        },
        Ok(state) => Decoded::Usable(state),
        Err(e) => Decoded::Corrupt(e.to_string()),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]
mod tests {
    use super::*;

    fn corrupt(bytes: &[u8]) -> String {
        match decode(bytes) {
            Decoded::Corrupt(reason) => reason,
            other => panic!("expected corrupt, got {other:?}"),
        }
    }

    #[test]
    fn empty_state_encodes_to_the_documented_header() {
        let bytes = encode(&State::default()).unwrap();
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "{\n  \"format\": \"hallway-state\",\n  \"version\": 1,\n  \"conferences\": {}\n}\n"
        );
    }

    #[test]
    fn unparsable_files_are_corrupt() {
        corrupt(b"");
        corrupt(b"{\"format\": \"hallway-state\", \"vers");
        corrupt(b"[]");
        corrupt(b"{\"format\": \"hallway-state\", \"version\": \"1\"}");
        corrupt(b"{\"format\": \"other\", \"version\": 1}");
        corrupt(b"{\"version\": 1}");
        corrupt(b"{\"format\": \"hallway-state\"}");
        corrupt(b"{\"format\": \"hallway-state\", \"version\": 0}");
        corrupt(b"{\"format\": \"hallway-state\", \"version\": 1, \"conferences\": []}");
        corrupt(b"{\"format\": \"hallway-state\", \"version\": 1, \"conferences\": {\"c\": {\"notes\": {\"s\": [{\"id\": -1}]}}}}");
        corrupt(b"{\"format\": \"hallway-state\", \"version\": 1, \"x\": \"\xff\"}");
    }

    #[test]
    fn minimal_file_is_usable_and_unknown_fields_survive() {
        let text = r#"{"format":"hallway-state","version":1,"theme":"dark",
            "conferences":{"c":{"colour":"red","stars":{"s":{"at":"2024-09-18T10:00:00-07:00","why":1}}}}}"#;
        let Decoded::Usable(state) = decode(text.as_bytes()) else {
            panic!("not usable");
        };
        assert_eq!(state.extra["theme"], "dark");
        assert_eq!(state.conferences["c"].extra["colour"], "red");
        assert_eq!(state.conferences["c"].stars["s"].extra["why"], 1);
        let again = String::from_utf8(encode(&state).unwrap()).unwrap();
        for field in ["\"theme\": \"dark\"", "\"colour\": \"red\"", "\"why\": 1"] {
            assert!(again.contains(field), "{field} lost in {again}");
        }
    }

    #[test]
    fn newer_version_is_recognised_even_if_its_layout_changed() {
        match decode(br#"{"format":"hallway-state","version":7,"conferences":[1,2]}"#) {
            Decoded::Newer {
                version,
                best_effort,
            } => assert_eq!((version, best_effort), (7, State::default())),
            other => panic!("expected newer, got {other:?}"),
        }
    }
}
