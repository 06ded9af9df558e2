// The session's notes, for whoever holds the notes right (the owner). They save while
// the technician types (a second after the last key), when the box loses focus and as
// the page unloads; a failed save keeps the text and is retried until it goes through.

import { api } from '../api.js';
import { errorBox, h, showError } from '../dom.js';

const DEBOUNCE_MS = 1000;
const RETRY_FIRST_MS = 2000;
const RETRY_MAX_MS = 30000;

const STATES = { saving: 'Saving…', saved: 'Saved', failed: 'Couldn’t save — retrying', unsaved: '' };

export class NotesPanel {
  constructor(sessionId) {
    this.path = `/api/sessions/${encodeURIComponent(sessionId)}/notes`;
    this.loaded = false;
    this.allowed = false;
    // The text the server holds, as far as this page knows; null before loading.
    this.stored = null;
    this.saving = false;
    this.timer = null;
    this.retryMs = RETRY_FIRST_MS;
    this.text = h('textarea', {
      rows: 6, maxlength: 20000, 'aria-labelledby': 'notes-title', 'data-testid': 'notes',
      oninput: () => this.typed(), onblur: () => this.saveNow(),
    });
    this.state = h('p', { class: 'save-state muted', role: 'status', 'data-testid': 'notes-state' });
    this.error = errorBox();
    this.element = h('section', { class: 'card', 'aria-labelledby': 'notes-title', hidden: true },
      h('h2', { id: 'notes-title' }, 'Notes'), this.text, this.state, this.error);
    this.onUnload = () => this.saveOnUnload();
    window.addEventListener('pagehide', this.onUnload);
  }

  setSeat(seat) {
    this.allowed = seat.rights.includes('notes');
    this.element.hidden = !this.allowed;
    if (this.allowed && !this.loaded) this.load();
    if (!this.allowed) {
      this.loaded = false;
      clearTimeout(this.timer);
    }
  }

  async load() {
    this.loaded = true;
    try {
      const { text } = await api('GET', this.path);
      // What was typed while loading wins; it saves as usual.
      if (this.stored === null && !this.dirty()) this.text.value = text;
      this.stored = text;
      if (this.dirty()) this.schedule(DEBOUNCE_MS);
    } catch (err) {
      this.loaded = false;
      showError(this.error, err);
    }
  }

  dirty() {
    return this.text.value !== (this.stored ?? '');
  }

  show(state) {
    this.state.textContent = STATES[state];
    this.state.dataset.state = state;
  }

  typed() {
    this.show('unsaved');
    this.retryMs = RETRY_FIRST_MS;
    this.schedule(DEBOUNCE_MS);
  }

  schedule(ms) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.saveNow(), ms);
  }

  // Saves the text now if it differs from the stored one; one save at a time, and the
  // newest text follows a save that was under way.
  async saveNow() {
    clearTimeout(this.timer);
    if (!this.allowed || this.stored === null || this.saving || !this.dirty()) return;
    this.saving = true;
    const text = this.text.value;
    this.show('saving');
    try {
      await api('PUT', this.path, { text });
      this.stored = text;
      this.error.hidden = true;
      this.retryMs = RETRY_FIRST_MS;
      this.show(this.dirty() ? 'unsaved' : 'saved');
      if (this.dirty()) this.schedule(DEBOUNCE_MS);
    } catch (err) {
      if (err.status === 403 || err.status === 404 || err.status === 422) {
        // Retrying cannot help: the right is gone or the text is refused. It stays in the box.
        showError(this.error, err);
        this.show('unsaved');
      } else {
        this.show('failed');
        this.schedule(this.retryMs);
        this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
      }
    } finally {
      this.saving = false;
    }
  }

  saveOnUnload() {
    if (!this.allowed || this.stored === null || !this.dirty()) return;
    api('PUT', this.path, { text: this.text.value }, { keepalive: true }).catch(() => {});
  }

  // The page goes (another view): what is not saved yet goes with a request that outlives it.
  remove() {
    this.saveOnUnload();
    clearTimeout(this.timer);
    window.removeEventListener('pagehide', this.onUnload);
  }
}
