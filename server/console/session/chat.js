// The session's chat: the history and live messages merged by `seq` (never twice),
// and the technician's own messages kept until the server echoes them, resent with
// the same id after a reconnect (the server keeps one copy).

import { h, mount } from '../dom.js';

// A message id unique enough for the sender (crypto.randomUUID needs a secure context).
function clientId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function timeOf(ms) {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

export class ChatPanel {
  // `send(message)` sends on the live connection and returns false when it is down.
  constructor(send) {
    this.send = send;
    this.messages = new Map();
    this.pending = new Map();
    this.me = null;
    this.log = h('ol', { class: 'chat-log', role: 'log', 'aria-live': 'polite', 'aria-label': 'Chat log', 'data-testid': 'chat-log' });
    this.input = h('textarea', { rows: 2, maxlength: 4000, 'aria-label': 'Message', placeholder: 'Write a message (Enter sends, Shift+Enter for a new line)' });
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.submit();
      }
    });
    this.form = h('form', {
      class: 'chat-form',
      onsubmit: (event) => {
        event.preventDefault();
        this.submit();
      },
    }, this.input, h('button', { type: 'submit', class: 'primary' }, 'Send'));
    this.off = h('p', { class: 'muted', hidden: true }, 'The session owner has turned off your chat.');
    this.element = h('section', { class: 'card chat', 'aria-labelledby': 'chat-title', 'data-testid': 'chat' },
      h('h2', { id: 'chat-title' }, 'Chat'), this.log, this.form, this.off);
  }

  setSeat(seat) {
    this.me = seat.participant_id;
    const allowed = seat.rights.includes('chat');
    this.form.hidden = !allowed;
    this.off.hidden = allowed;
  }

  handle(message) {
    if (message.type === 'chat_history') {
      for (const m of message.messages) this.merge(m);
      // The connection is (back) up: whatever the server has not confirmed goes again.
      for (const [id, text] of this.pending) this.send({ type: 'chat', client_id: id, text });
    } else if (message.type === 'chat') {
      this.merge(message.message);
    }
    this.render();
  }

  merge(message) {
    this.pending.delete(message.client_id);
    this.messages.set(message.seq, message);
  }

  submit() {
    const text = this.input.value.trim();
    if (!text) return;
    const id = clientId();
    this.pending.set(id, text);
    this.input.value = '';
    this.send({ type: 'chat', client_id: id, text });
    this.render();
  }

  render() {
    const stored = [...this.messages.values()].sort((a, b) => a.seq - b.seq);
    mount(this.log,
      stored.map((m) => h('li', { class: m.from === this.me ? 'chat-message mine' : 'chat-message', 'data-seq': m.seq },
        h('span', { class: 'chat-from' }, m.display_name), ' ',
        h('span', { class: `badge role-${m.role}` }, m.role), ' ',
        h('time', { class: 'muted', datetime: new Date(m.sent_at).toISOString() }, timeOf(m.sent_at)),
        h('p', { class: 'chat-text' }, m.text),
      )),
      [...this.pending].map(([id, text]) => h('li', { class: 'chat-message mine pending', 'data-client-id': id },
        h('span', { class: 'muted' }, 'Sending…'),
        h('p', { class: 'chat-text' }, text),
      )),
    );
    this.log.scrollTop = this.log.scrollHeight;
  }
}
