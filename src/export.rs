//! Taking it home: the attendee's notes as Markdown ([`markdown`]). Reads the schedule and the
//! store; writes text. No terminal, no files: the caller decides where the text goes.

pub mod ical;
pub mod markdown;
