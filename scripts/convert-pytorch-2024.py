#!/usr/bin/env python3
"""Rebuilds data/pytorch-conference-2024.json (hallway's schedule format, docs/schedule-format.md)
from ../shared/data/pytorch-conference-2024.json, the public record of the program.

Every session and every fact is carried over; nothing is added. Sessions without a Sched id get
a slug of their title as id, by the same rule as hallway's loader (src/schedule/slug.rs); a test
(tests/bundled.rs) checks that the two agree and that no fact was lost.

Usage: python3 scripts/convert-pytorch-2024.py [SOURCE] [OUTPUT]
"""
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT.parent / "shared" / "data" / "pytorch-conference-2024.json"
OUTPUT = ROOT / "data" / "pytorch-conference-2024.json"


def slug(text):
    out, dash = "", False
    for c in text.lower():
        if c.isalnum():
            if dash and out:
                out += "-"
            dash = False
            out += c
        else:
            dash = True
    b = out.encode()
    if len(b) > 40:
        cut = 40
        while (b[cut] & 0xC0) == 0x80:
            cut -= 1
        if b[cut] != ord("-"):
            pos = b[:cut].rfind(b"-")
            if pos > 0:
                cut = pos
        out = b[:cut].decode()
    return out or "session"


def links(s):
    out = []
    url, video = s.get("url"), s.get("video_url")
    if url and url != video:
        kind = "session" if "sched.com" in url or "sched.co/" in url else "other"
        out.append({"kind": kind, "url": url, "title": None})
    if video:
        out.append({"kind": "video", "url": video, "title": None})
    return out


def convert(src):
    c = src["conference"]
    conference = {
        "id": "pytorch-conference-2024",
        "name": c["name"],
        "start_date": c["start_date"],
        "end_date": c["end_date"],
        "time_zone": c["timezone"],
        "utc_offset": c["utc_offset"],
        "venue": c["venue"],
        "city": c["city"],
        "url": c["url"],
    }
    explicit = {s["id"] for s in src["sessions"] if s["id"]}
    seen, sessions = set(), []
    for s in src["sessions"]:
        sid = s["id"]
        if not sid:
            base = sid = slug(s["title"])
            n = 2
            while sid in explicit or sid in seen:
                sid, n = f"{base}-{n}", n + 1
        seen.add(sid)
        if s["track"] and s["part_of"] and s["track"] != s["part_of"]:
            sys.exit(f"{sid}: both a track and a mini-summit; the format holds one")
        session = {
            "id": sid,
            "title": s["title"],
            "kind": s["kind"],
            "track": s["track"] or s["part_of"],
            "start": s["start"],
            "end": s["end"],
            "day": s["date"],
            "room": s["room"],
            "speakers": [
                {"name": p["name"], "affiliation": p["affiliation"], "role": p.get("role")}
                for p in s["speakers"]
            ],
            "summary": s["summary"],
            "summary_verbatim": bool(s.get("seed")),
            "links": links(s),
            "sources": s["sources"],
        }
        sessions.append(session)
    return {"format": "hallway-schedule", "version": 1, "conference": conference, "sessions": sessions}


def main():
    src = Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else OUTPUT
    data = convert(json.loads(src.read_text(encoding="utf-8")))
    out.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"{out}: {len(data['sessions'])} sessions")


if __name__ == "__main__":
    main()
