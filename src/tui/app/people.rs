//! The Tracks pane's sections: tracks and kinds, rooms, speakers (`b` cycles). Each section
//! remembers the entry last chosen in it, so coming back finds the same room or speaker.

use super::{App, Pane};
use crate::tui::view::Section;

impl App {
    /// Shows the next section in the Tracks pane (skipping empty ones) and focuses it, on the
    /// entry last chosen there; the Timeslots pane follows that entry.
    pub(super) fn next_section(&mut self) {
        let here = self.tracks_list.selected().unwrap_or(0);
        self.section_choice[self.section.index()] = here;
        // Past a section the program has nothing for (no rooms published, say).
        let ix = self.schedule.index();
        let mut next = self.section.next();
        while match next {
            Section::Tracks => false,
            Section::Rooms => ix.rooms().is_empty(),
            Section::Speakers => self.schedule.speakers().is_empty(),
        } {
            next = next.next();
        }
        self.section = next;
        let back = self.section_choice[self.section.index()];
        self.tracks_list.select(Some(back));
        *self.tracks_list.offset_mut() = 0;
        self.focus = Pane::Tracks;
        self.detail_scroll = 0;
        self.note = None;
        self.refresh();
    }
}
