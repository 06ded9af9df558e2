// The session's notes, for whoever holds the notes right (the owner).

import { api } from '../api.js';
import { errorBox, h, showError, toast } from '../dom.js';

export class NotesPanel {
  constructor(sessionId) {
    this.path = `/api/sessions/${encodeURIComponent(sessionId)}/notes`;
    this.loaded = false;
    this.text = h('textarea', { rows: 6, maxlength: 20000, 'aria-labelledby': 'notes-title', 'data-testid': 'notes' });
    this.error = errorBox();
    this.save = h('button', { type: 'submit', class: 'secondary' }, 'Save notes');
    this.element = h('section', { class: 'card', 'aria-labelledby': 'notes-title', hidden: true },
      h('h2', { id: 'notes-title' }, 'Notes'),
      h('form', { onsubmit: (event) => this.submit(event) }, this.text, this.error, this.save));
  }

  setSeat(seat) {
    const allowed = seat.rights.includes('notes');
    this.element.hidden = !allowed;
    if (allowed && !this.loaded) this.load();
    if (!allowed) this.loaded = false;
  }

  async load() {
    this.loaded = true;
    try {
      this.text.value = (await api('GET', this.path)).text;
    } catch (err) {
      this.loaded = false;
      showError(this.error, err);
    }
  }

  async submit(event) {
    event.preventDefault();
    this.save.disabled = true;
    this.error.hidden = true;
    try {
      await api('PUT', this.path, { text: this.text.value });
      toast('Notes saved');
    } catch (err) {
      showError(this.error, err);
    } finally {
      this.save.disabled = false;
    }
  }
}
