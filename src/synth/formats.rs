//! A program written in the formats conferences publish, for the importers' benchmarks:
//! frab/pretalx `schedule.json` ([`frab_json`]), Pentabarf/frab `schedule.xml`
//! ([`pentabarf_xml`]) and iCalendar ([`ical`]).
//!
//! Each is laid out as the real exports are (frab's days, rooms and events with the fields
//! frab writes, hallway reads or not; one `VEVENT` per session with folded lines), from the
//! facts of the program only. Two things the formats cannot say otherwise: a session without a
//! day is filed under the first day (JSON and XML), and a session without a room under a room
//! with an empty name (JSON and XML; the calendar leaves its `LOCATION` out).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

use crate::schedule::{LinkKind, Schedule, Session};

/// The sessions of each day, room by room: days in date order, rooms in the program's room
/// order, sessions in program order.
fn by_day_and_room(schedule: &Schedule) -> BTreeMap<NaiveDate, Vec<(&str, Vec<&Session>)>> {
    let rank: BTreeMap<&str, usize> = schedule
        .index()
        .room_order()
        .iter()
        .enumerate()
        .map(|(i, r)| (r.as_str(), i))
        .collect();
    let mut days: BTreeMap<NaiveDate, BTreeMap<(usize, &str), Vec<&Session>>> = BTreeMap::new();
    for s in schedule.sessions() {
        let day = s.day.unwrap_or(schedule.conference.start_date);
        let room = s.room.as_deref().unwrap_or("");
        let key = (rank.get(room).copied().unwrap_or(usize::MAX), room);
        days.entry(day).or_default().entry(key).or_default().push(s);
    }
    days.into_iter()
        .map(|(day, rooms)| {
            let rooms = rooms.into_iter().map(|((_, r), s)| (r, s)).collect();
            (day, rooms)
        })
        .collect()
}

/// `HH:MM` of a length in minutes.
fn hh_mm(minutes: i64) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

fn minutes(s: &Session) -> Option<i64> {
    Some((s.end? - s.start?).num_minutes())
}

fn json(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

fn json_opt(text: Option<&str>) -> String {
    text.map_or_else(|| "null".to_owned(), json)
}

/// The conference's offset at 09:00 on `day`, as frab writes a day's `day_start`.
fn morning(schedule: &Schedule, day: NaiveDate) -> String {
    let offset: FixedOffset = schedule.conference.utc_offset;
    day.and_hms_opt(9, 0, 0)
        .and_then(|t| t.and_local_timezone(offset).single())
        .map(|t: DateTime<FixedOffset>| t.to_rfc3339())
        .unwrap_or_default()
}

/// The program as a frab `schedule.json` (the layout of frab 1.x and pretalx's export).
#[must_use]
pub fn frab_json(schedule: &Schedule) -> String {
    let c = &schedule.conference;
    let days = by_day_and_room(schedule);
    let mut out = String::with_capacity(schedule.sessions().len() * 1400);
    let _ = write!(
        out,
        "{{\"$schema\":\"https://c3voc.de/schedule/schema.json\",\"generator\":{{\"name\":\"hallway-synth\"}},\
         \"schedule\":{{\"version\":\"synth\",\"base_url\":{},\"conference\":{{\"acronym\":{},\"title\":{},\
         \"start\":\"{}\",\"end\":\"{}\",\"daysCount\":{},\"timeslot_duration\":\"00:05\",\
         \"time_zone_name\":{},\"url\":{},\"days\":[",
        json_opt(c.url.as_deref()),
        json(&c.id),
        json(&c.name),
        c.start_date,
        c.end_date,
        days.len(),
        json_opt(c.time_zone.as_deref()),
        json_opt(c.url.as_deref()),
    );
    let mut n = 0;
    for (d, (day, rooms)) in days.iter().enumerate() {
        if d > 0 {
            out.push(',');
        }
        let _ = write!(
            out,
            "{{\"index\":{},\"date\":\"{day}\",\"day_start\":\"{}\",\"rooms\":{{",
            d + 1,
            morning(schedule, *day)
        );
        for (r, (room, sessions)) in rooms.iter().enumerate() {
            if r > 0 {
                out.push(',');
            }
            let _ = write!(out, "{}:[", json(room));
            for (i, s) in sessions.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                n += 1;
                frab_event(&mut out, n, room, s);
            }
            out.push(']');
        }
        out.push_str("}}");
    }
    out.push_str("]}}}\n");
    out
}

fn frab_event(out: &mut String, n: usize, room: &str, s: &Session) {
    let _ = write!(out, "{{\"id\":{n},\"guid\":{},\"logo\":null", json(&s.id));
    if let Some(start) = s.start {
        let _ = write!(
            out,
            ",\"date\":\"{}\",\"start\":\"{}\"",
            start.to_rfc3339(),
            start.format("%H:%M")
        );
    } else {
        out.push_str(",\"start\":\"\"");
    }
    let duration = minutes(s).map(hh_mm).unwrap_or_default();
    let _ = write!(
        out,
        ",\"duration\":\"{duration}\",\"room\":{},\"slug\":{},\"url\":{},\"title\":{},\"subtitle\":\"\",\
         \"track\":{},\"type\":{},\"language\":\"en\",\"abstract\":{},\"description\":\"\",\
         \"recording_license\":\"\",\"do_not_record\":false,\"persons\":[",
        json(room),
        json(&s.id),
        json_opt(s.link(LinkKind::Session)),
        json(&s.title),
        json_opt(s.track.as_deref()),
        json_opt(s.kind.as_deref()),
        json_opt(s.summary_text().as_deref()),
    );
    for (i, p) in s.speakers.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(
            out,
            "{{\"id\":{},\"public_name\":{},\"biography\":null}}",
            n * 4 + i,
            json(&p.name)
        );
    }
    out.push_str("],\"links\":[");
    let others = s.links.iter().filter(|l| l.kind != LinkKind::Session);
    for (i, l) in others.enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(
            out,
            "{{\"url\":{},\"title\":{}}}",
            json(&l.url),
            json_opt(l.title.as_deref())
        );
    }
    out.push_str("],\"attachments\":[]}");
}

/// Text with XML's five special characters escaped.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(ch),
        }
    }
    out
}

/// The program as a frab/Pentabarf `schedule.xml`.
#[must_use]
pub fn pentabarf_xml(schedule: &Schedule) -> String {
    let c = &schedule.conference;
    let days = by_day_and_room(schedule);
    let mut out = String::with_capacity(schedule.sessions().len() * 1500);
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<schedule>\n  <version>synth</version>\n  \
         <conference>\n    <acronym>{}</acronym>\n    <title>{}</title>\n    <start>{}</start>\n    \
         <end>{}</end>\n    <days>{}</days>\n    <timeslot_duration>00:05</timeslot_duration>\n    \
         <time_zone_name>{}</time_zone_name>\n  </conference>\n",
        xml(&c.id),
        xml(&c.name),
        c.start_date,
        c.end_date,
        days.len(),
        xml(c.time_zone.as_deref().unwrap_or_default()),
    );
    let mut n = 0;
    for (d, (day, rooms)) in days.iter().enumerate() {
        let _ = writeln!(
            out,
            "  <day index=\"{}\" date=\"{day}\" start=\"{}\">",
            d + 1,
            morning(schedule, *day)
        );
        for (room, sessions) in rooms {
            let _ = writeln!(out, "    <room name=\"{}\">", xml(room));
            for s in sessions {
                n += 1;
                xml_event(&mut out, n, room, s);
            }
            out.push_str("    </room>\n");
        }
        out.push_str("  </day>\n");
    }
    out.push_str("</schedule>\n");
    out
}

fn xml_event(out: &mut String, n: usize, room: &str, s: &Session) {
    let _ = writeln!(out, "      <event guid=\"{}\" id=\"{n}\">", xml(&s.id));
    if let Some(start) = s.start {
        let _ = writeln!(
            out,
            "        <date>{}</date>\n        <start>{}</start>",
            start.to_rfc3339(),
            start.format("%H:%M")
        );
    }
    let text = |t: Option<&str>| xml(t.unwrap_or_default());
    let _ = writeln!(
        out,
        "        <duration>{}</duration>\n        <room>{}</room>\n        <slug>{}</slug>\n        \
         <url>{}</url>\n        <title>{}</title>\n        <subtitle/>\n        <track>{}</track>\n        \
         <type>{}</type>\n        <language>en</language>\n        <abstract>{}</abstract>\n        \
         <description/>\n        <persons>",
        minutes(s).map(hh_mm).unwrap_or_default(),
        xml(room),
        xml(&s.id),
        text(s.link(LinkKind::Session)),
        xml(&s.title),
        text(s.track.as_deref()),
        text(s.kind.as_deref()),
        text(s.summary_text().as_deref()),
    );
    for (i, p) in s.speakers.iter().enumerate() {
        let _ = writeln!(
            out,
            "          <person id=\"{}\">{}</person>",
            n * 4 + i,
            xml(&p.name)
        );
    }
    out.push_str("        </persons>\n        <links>\n");
    for l in s.links.iter().filter(|l| l.kind != LinkKind::Session) {
        let _ = writeln!(
            out,
            "          <link href=\"{}\">{}</link>",
            xml(&l.url),
            text(l.title.as_deref())
        );
    }
    out.push_str("        </links>\n        <attachments/>\n      </event>\n");
}

/// iCalendar TEXT: backslash, semicolon, comma and line breaks escaped.
fn ics_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            _ => out.push(ch),
        }
    }
    out
}

/// Appends a content line folded at 75 octets (never inside a character), ended by CRLF.
fn ics_line(out: &mut String, line: &str) {
    let mut width = 0;
    for ch in line.chars() {
        if width + ch.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(ch);
        width += ch.len_utf8();
    }
    out.push_str("\r\n");
}

fn utc(t: DateTime<FixedOffset>) -> String {
    t.with_timezone(&Utc).format("%Y%m%dT%H%M%SZ").to_string()
}

/// The program as an iCalendar file (as Sched and pretalx export it: UTC times, the zone
/// named in `X-WR-TIMEZONE`). Sessions without a time are left out: a `VEVENT` needs one.
#[must_use]
pub fn ical(schedule: &Schedule) -> String {
    let c = &schedule.conference;
    let mut out = String::with_capacity(schedule.sessions().len() * 1300);
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//hallway//synth//EN",
        "CALSCALE:GREGORIAN",
    ] {
        ics_line(&mut out, line);
    }
    ics_line(&mut out, &format!("X-WR-CALNAME:{}", ics_text(&c.name)));
    if let Some(tz) = &c.time_zone {
        ics_line(&mut out, &format!("X-WR-TIMEZONE:{tz}"));
    }
    let stamp = c
        .start_date
        .and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc().format("%Y%m%dT%H%M%SZ").to_string())
        .unwrap_or_default();
    for s in schedule.sessions() {
        let Some(start) = s.start else {
            continue;
        };
        ics_line(&mut out, "BEGIN:VEVENT");
        ics_line(
            &mut out,
            &format!("UID:{}@synth.example.org", ics_text(&s.id)),
        );
        ics_line(&mut out, &format!("DTSTAMP:{stamp}"));
        ics_line(&mut out, &format!("DTSTART:{}", utc(start)));
        if let Some(end) = s.end {
            ics_line(&mut out, &format!("DTEND:{}", utc(end)));
        }
        ics_line(&mut out, &format!("SUMMARY:{}", ics_text(&s.title)));
        if let Some(summary) = s.summary_text() {
            ics_line(&mut out, &format!("DESCRIPTION:{}", ics_text(&summary)));
        }
        if let Some(room) = &s.room {
            ics_line(&mut out, &format!("LOCATION:{}", ics_text(room)));
        }
        if let Some(track) = &s.track {
            ics_line(&mut out, &format!("CATEGORIES:{}", ics_text(track)));
        }
        if let Some(url) = s.link(LinkKind::Session) {
            ics_line(&mut out, &format!("URL:{url}"));
        }
        for p in &s.speakers {
            ics_line(
                &mut out,
                &format!(
                    "ATTENDEE;ROLE=CHAIR;CN=\"{}\":mailto:noreply@synth.example.org",
                    p.name.replace('"', "'")
                ),
            );
        }
        ics_line(&mut out, "END:VEVENT");
    }
    ics_line(&mut out, "END:VCALENDAR");
    out
}
