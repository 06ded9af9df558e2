// The console feed (`/api/me/live`): while it is open the technician counts as online,
// and the invitations waiting for them arrive live. It reconnects with backoff.

const FIRST_RETRY_MS = 1000;
const LAST_RETRY_MS = 30_000;

export class ConsoleFeed {
  constructor() {
    this.listeners = new Set();
    this.invitations = null;
    this.closed = false;
    this.retry = FIRST_RETRY_MS;
    this.timer = null;
    this.connect();
  }

  connect() {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const ws = new WebSocket(`${scheme}://${location.host}/api/me/live`);
    this.ws = ws;
    ws.onmessage = (event) => {
      this.retry = FIRST_RETRY_MS;
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      if (message.type === 'invitations') {
        this.invitations = message.invitations;
        for (const listener of this.listeners) listener(this.invitations);
      }
    };
    ws.onclose = () => {
      if (this.closed || ws !== this.ws) return;
      this.timer = setTimeout(() => this.connect(), this.retry);
      this.retry = Math.min(this.retry * 2, LAST_RETRY_MS);
    };
  }

  // Calls `listener` with the waiting invitations now (if known) and on every change;
  // returns the function that stops it.
  subscribe(listener) {
    this.listeners.add(listener);
    if (this.invitations) listener(this.invitations);
    return () => this.listeners.delete(listener);
  }

  close() {
    this.closed = true;
    clearTimeout(this.timer);
    this.listeners.clear();
    if (this.ws) this.ws.close();
  }
}
