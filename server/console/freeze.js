// Freeze: a Freeze/Unfreeze toggle for seats with the right (greyed while a freeze or
// unfreeze is on its way to the phone), and while the picture is frozen the phone's
// full-resolution still laid over the picture's place, under the annotation layer, with
// who froze it. Every technician who sees the video gets the still, a late joiner too.

import { h } from './dom.js';
import { fitToPicture } from './picture.js';

const ACTIONS = new Set(['freeze', 'unfreeze']);

export class Freeze {
  constructor(live) {
    this.live = live;
    this.frozen = false;
    this.pending = new Set();
    this.clicked = false;
    this.button = h('button', { type: 'button', class: 'tool', 'aria-pressed': 'false', onclick: () => this.toggle() }, 'Freeze');
    this.still = h('img', { class: 'freeze-still', 'data-testid': 'freeze-still', alt: 'The frozen picture', hidden: true });
    this.label = h('p', { class: 'freeze-label', role: 'status', 'data-testid': 'freeze-label', hidden: true });
    live.frame.append(this.still, this.label);
    const place = () => fitToPicture(live.video, this.still);
    window.addEventListener('resize', place);
    live.video.addEventListener('resize', place);
    this.still.addEventListener('load', place);
  }

  toggle() {
    this.clicked = true;
    this.render();
    if (!this.live.send({ type: 'command', command: { action: this.frozen ? 'unfreeze' : 'freeze' } })) {
      this.clicked = false;
      this.render();
    }
  }

  // The session's freeze: its still (a capture), or null while the video is live.
  show(still) {
    this.frozen = Boolean(still);
    this.still.hidden = !still;
    this.label.hidden = !still;
    if (still) {
      const url = `/api/sessions/${encodeURIComponent(this.live.sessionId)}/captures/${encodeURIComponent(still.id)}`;
      if (this.still.dataset.captureId !== still.id) this.still.src = url;
      this.still.dataset.captureId = still.id;
      this.still.dataset.width = String(still.width);
      this.still.dataset.height = String(still.height);
      this.label.textContent = `Frozen by ${still.taken_by_name}`;
    } else {
      this.still.removeAttribute('src');
      delete this.still.dataset.captureId;
    }
    this.render();
  }

  render() {
    this.button.textContent = this.frozen ? 'Unfreeze' : 'Freeze';
    this.button.setAttribute('aria-pressed', String(this.frozen));
    this.button.disabled = this.clicked || this.pending.size > 0;
  }

  // Handles the messages about freezing; true when it took `message`.
  handle(message) {
    switch (message.type) {
      case 'freeze':
        this.show(message.still);
        return true;
      case 'command_sent':
        if (!ACTIONS.has(message.command.action)) return false;
        this.pending.add(message.id);
        this.clicked = false;
        this.render();
        return true;
      case 'command_done':
        if (!this.pending.delete(message.id)) return false;
        this.render();
        return false;
      case 'error':
        // A refused command never became pending.
        this.clicked = false;
        this.render();
        return false;
      default:
        return false;
    }
  }
}
