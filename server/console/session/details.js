// Session details, for seats with the right: the customer's device and network as the
// phone reported them, when the session started and how long it runs, and everyone who
// has been in it with role and join/leave times; the live connection's `details`
// messages keep it current.

import { formatTime, h, mount } from '../dom.js';

const NETWORK_LABELS = { wifi: 'Wi-Fi', cellular: 'Cellular', ethernet: 'Ethernet', unknown: 'Unknown' };

// `ms` as "1 h 02 min 05 s" (or "4 min 09 s", "12 s").
export function formatDuration(ms) {
  const total = Math.max(0, Math.floor(ms / 1000));
  const [hours, minutes, seconds] = [Math.floor(total / 3600), Math.floor(total / 60) % 60, total % 60];
  const pad = (n) => String(n).padStart(2, '0');
  if (hours) return `${hours} h ${pad(minutes)} min ${pad(seconds)} s`;
  if (minutes) return `${minutes} min ${pad(seconds)} s`;
  return `${seconds} s`;
}

function row(label, value, testid) {
  return [h('dt', {}, label), h('dd', { 'data-testid': testid }, value || '—')];
}

export class DetailsPanel {
  constructor() {
    this.details = null;
    this.duration = h('dd', { 'data-testid': 'details-duration' });
    this.facts = h('dl', { class: 'details' });
    this.people = h('ul', { class: 'participants', 'data-testid': 'details-people' });
    this.element = h('section', { class: 'card', 'aria-labelledby': 'details-title', 'data-testid': 'details', hidden: true },
      h('h2', { id: 'details-title' }, 'Details'), this.facts, h('h3', {}, 'People'), this.people);
    this.timer = setInterval(() => this.tick(), 1000);
  }

  setSeat(seat) {
    if (!seat.rights.includes('session_details')) {
      this.details = null;
      this.element.hidden = true;
    }
  }

  show(details) {
    this.details = details;
    const device = details.device;
    mount(this.facts,
      row('Device', device && [device.model, device.os && `${device.os} ${device.os_version}`.trim()].filter(Boolean).join(' · '), 'details-device'),
      row('App', device && `${device.app_name} ${device.app_version}`.trim(), 'details-app'),
      row('SDK', device && device.sdk_version, 'details-sdk'),
      row('Network', details.network && NETWORK_LABELS[details.network], 'details-network'),
      row('Started', formatTime(details.started_at), 'details-started'),
      h('dt', {}, details.ended_at ? 'Lasted' : 'Running for'), this.duration,
    );
    mount(this.people, details.people.map((p) => h('li', { class: 'person' },
      h('span', { class: 'participant-name' }, p.display_name), ' ', h('span', { class: `badge role-${p.role}` }, p.role),
      h('div', { class: 'muted' }, `joined ${formatTime(p.joined_at)}`, p.left_at ? `, left ${formatTime(p.left_at)}` : null),
    )));
    this.element.hidden = false;
    this.tick();
  }

  tick() {
    if (!this.details) return;
    this.duration.textContent = formatDuration((this.details.ended_at || Date.now()) - this.details.started_at);
  }

  remove() {
    clearInterval(this.timer);
  }
}
