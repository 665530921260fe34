//! The Tracks pane's sections: tracks and kinds, rooms, speakers (`b` cycles). Each section
//! remembers the entry last chosen in it, so coming back finds the same room or speaker.

use super::{App, Pane};

impl App {
    /// Shows the next section in the Tracks pane and focuses it, on the entry last chosen
    /// there; the Timeslots pane follows that entry.
    pub(super) fn next_section(&mut self) {
        let here = self.tracks_list.selected().unwrap_or(0);
        self.section_choice[self.section.index()] = here;
        self.section = self.section.next();
        let back = self.section_choice[self.section.index()];
        self.tracks_list.select(Some(back));
        *self.tracks_list.offset_mut() = 0;
        self.focus = Pane::Tracks;
        self.detail_scroll = 0;
        self.note = None;
        self.refresh();
    }
}
