// The session's snapshots, for whoever holds the snapshot right: thumbnails with who
// took each and when, and a download link; new ones arrive live (`captured`).

import { api } from '../api.js';
import { errorBox, h, mount, showError } from '../dom.js';

export class GalleryPanel {
  constructor(sessionId) {
    this.sessionId = sessionId;
    this.loaded = false;
    this.snapshots = [];
    this.list = h('ul', { class: 'gallery', 'data-testid': 'gallery', 'aria-live': 'polite' });
    this.error = errorBox();
    this.element = h('section', { class: 'card', 'aria-labelledby': 'gallery-title', hidden: true },
      h('h2', { id: 'gallery-title' }, 'Snapshots'), this.list, this.error);
  }

  setSeat(seat) {
    const allowed = seat.rights.includes('snapshot');
    this.element.hidden = !allowed;
    if (allowed && !this.loaded) this.load();
    if (!allowed) {
      this.loaded = false;
      this.show([]);
    }
  }

  async load() {
    this.loaded = true;
    try {
      this.show(await api('GET', `/api/sessions/${encodeURIComponent(this.sessionId)}/snapshots`));
    } catch (err) {
      this.loaded = false;
      showError(this.error, err);
    }
  }

  // A new capture announced on the live connection.
  add(capture) {
    if (capture.kind !== 'snapshot' || this.snapshots.some((s) => s.id === capture.id)) return;
    this.show([...this.snapshots, capture]);
  }

  show(snapshots) {
    this.snapshots = snapshots;
    mount(this.list, snapshots.map((snapshot) => {
      const url = `/api/sessions/${encodeURIComponent(this.sessionId)}/captures/${encodeURIComponent(snapshot.id)}`;
      const when = new Date(snapshot.taken_at).toLocaleTimeString();
      return h('li', { class: 'snapshot', 'data-testid': 'snapshot', 'data-width': String(snapshot.width), 'data-height': String(snapshot.height) },
        h('img', { src: url, alt: `Snapshot taken by ${snapshot.taken_by_name} at ${when}`, loading: 'lazy' }),
        h('span', {}, `${snapshot.taken_by_name}, ${when} (${snapshot.width}×${snapshot.height})`),
        h('a', { href: url, download: '', 'data-testid': 'snapshot-download' }, 'Download'));
    }));
  }
}
