// Recording. Every console shows that the session is being recorded ("● Recording",
// guests' too: customers and collaborators must know). The primary (the Record right)
// starts and stops it and gets the session's recordings, each played in a <video> and
// downloadable; the list is fetched again when a recording stops (it is stored by then).

import { api } from '../api.js';
import { errorBox, h, mount, showError } from '../dom.js';

export class RecordingIndicator {
  constructor() {
    this.element = h('p', { class: 'recording-indicator', role: 'status', 'data-testid': 'recording-indicator', hidden: true }, '● Recording');
  }

  show(on) {
    this.element.hidden = !on;
  }
}

export class RecordingsPanel {
  // `send(message)` sends on the live connection (false when it is down).
  constructor(sessionId, send) {
    this.sessionId = sessionId;
    this.send = send;
    this.allowed = false;
    this.on = false;
    this.button = h('button', { type: 'button', 'data-testid': 'record-button', onclick: () => this.toggle() }, 'Start recording');
    this.list = h('ul', { class: 'recordings', 'data-testid': 'recordings', 'aria-live': 'polite' });
    this.error = errorBox();
    this.element = h('section', { class: 'card', 'aria-labelledby': 'recordings-title', hidden: true },
      h('h2', { id: 'recordings-title' }, 'Recordings'), h('div', { class: 'actions' }, this.button), this.list, this.error);
  }

  setSeat(seat) {
    const allowed = seat.rights.includes('record');
    this.element.hidden = !allowed;
    if (allowed && !this.allowed) this.load();
    if (!allowed) this.show([]);
    this.allowed = allowed;
  }

  // Whether the session is being recorded, as the server says.
  setRecording(on) {
    const stopped = this.on && !on;
    this.on = on;
    this.button.textContent = on ? 'Stop recording' : 'Start recording';
    this.button.setAttribute('aria-pressed', String(on));
    this.button.disabled = false;
    if (stopped && this.allowed) this.load();
  }

  toggle() {
    this.button.disabled = true;
    if (!this.send({ type: this.on ? 'stop_recording' : 'start_recording' })) this.button.disabled = false;
  }

  // A refused start or stop leaves the button usable again.
  refused() {
    this.button.disabled = false;
  }

  async load() {
    try {
      this.show(await api('GET', `/api/sessions/${encodeURIComponent(this.sessionId)}/recordings`));
    } catch (err) {
      showError(this.error, err);
    }
  }

  show(recordings) {
    mount(this.list, recordings.map((recording) => {
      const url = `/api/sessions/${encodeURIComponent(this.sessionId)}/recordings/${encodeURIComponent(recording.id)}`;
      const when = new Date(recording.started_at).toLocaleTimeString();
      const seconds = Math.round(recording.duration_ms / 1000);
      const size = recording.bytes < 1024 * 1024 ? `${Math.ceil(recording.bytes / 1024)} KB` : `${(recording.bytes / (1024 * 1024)).toFixed(1)} MB`;
      return h('li', { class: 'recording', 'data-testid': 'recording' },
        h('video', { src: url, controls: '', preload: 'metadata', 'data-testid': 'recording-video', 'aria-label': `Recording started by ${recording.started_by_name} at ${when}` }),
        h('span', {}, `${recording.started_by_name}, ${when} (${seconds} s, ${size})`),
        h('a', { href: url, download: '', 'data-testid': 'recording-download' }, 'Download'));
    }));
  }
}
