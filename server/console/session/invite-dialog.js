// The owner's Invite dialog: an Internal tab (technicians available now, teams,
// request-help categories, a comment; with nobody to invite it says so and has no Send)
// and a Guest tab whenever guests may be invited.

import { api } from '../api.js';
import { errorBox, field, h, mount, showError, toast } from '../dom.js';
import { GuestInviteTab } from './guest-invite.js';

// One tab list over panels, with the keyboard behaviour of the ARIA tabs pattern; a tab
// can be taken away (`offer(id, false)`) and given back.
function tabs(label, entries) {
  const buttons = entries.map(({ id, title }, i) => h('button', {
    type: 'button', role: 'tab', id: `tab-${id}`, 'aria-controls': `panel-${id}`, 'aria-selected': String(i === 0), tabindex: i === 0 ? 0 : -1,
  }, title));
  const panels = entries.map(({ id, panel }, i) => h('div', {
    role: 'tabpanel', id: `panel-${id}`, 'aria-labelledby': `tab-${id}`, hidden: i !== 0, tabindex: 0,
  }, panel));
  const show = (index) => buttons.forEach((b, i) => {
    b.setAttribute('aria-selected', String(i === index));
    b.tabIndex = i === index ? 0 : -1;
    panels[i].hidden = i !== index;
  });
  const offered = () => entries.map((_, i) => i).filter((i) => !buttons[i].hidden);
  buttons.forEach((b, i) => {
    b.addEventListener('click', () => show(i));
    b.addEventListener('keydown', (event) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
      if (!step) return;
      const open = offered();
      const next = open[(open.indexOf(i) + step + open.length) % open.length];
      show(next);
      buttons[next].focus();
    });
  });
  const offer = (id, shown) => {
    const index = entries.findIndex((entry) => entry.id === id);
    buttons[index].hidden = !shown;
    if (!shown && buttons[index].getAttribute('aria-selected') === 'true') show(offered()[0]);
  };
  return { nodes: [h('div', { role: 'tablist', 'aria-label': label, class: 'tabs' }, buttons), ...panels], offer };
}

function targetGroup(legend, target, items, describe) {
  if (items.length === 0) return null;
  return h('fieldset', { class: 'targets' }, h('legend', {}, legend),
    items.map((item) => h('label', { class: 'check' },
      h('input', { type: 'radio', name: 'invite-target', value: `${target}:${item.id}`, required: true }),
      describe(item))));
}

function technicianLabel(t) {
  return [t.display_name, ' ', t.online
    ? h('span', { class: 'presence online' }, 'online')
    : h('span', { class: 'presence' }, t.extended_availability ? 'by email' : 'offline')];
}

export class InviteDialog {
  constructor(sessionId) {
    this.sessionId = sessionId;
    this.targets = h('div', { class: 'target-list', 'aria-live': 'polite' });
    this.comment = h('textarea', { rows: 3, maxlength: 500, name: 'comment' });
    this.error = errorBox();
    this.sendButton = h('button', { type: 'submit', class: 'primary' }, 'Send');
    // The comment and Send only when there is someone to send to.
    this.sending = h('div', {}, field('Comment for the invitee', this.comment, 'Shown to them before they join.'),
      h('div', { class: 'actions' }, this.sendButton));
    const internal = h('form', { class: 'invite-form', 'aria-label': 'Invite a technician', onsubmit: (event) => this.send(event) },
      this.targets,
      this.error,
      this.sending,
    );
    this.guest = new GuestInviteTab(sessionId);
    this.tabs = tabs('Whom to invite', [{ id: 'invite-internal', title: 'Internal', panel: internal }, { id: 'invite-guest', title: 'Guest', panel: this.guest.element }]);
    this.element = h('dialog', { class: 'dialog invite-dialog', 'aria-labelledby': 'invite-title' },
      h('div', { class: 'card-head' },
        h('h2', { id: 'invite-title' }, 'Invite'),
        h('button', { type: 'button', class: 'link', onclick: () => this.element.close() }, 'Close'),
      ),
      ...this.tabs.nodes,
    );
    document.body.append(this.element);
  }

  // The Guest tab is there whenever guests may be invited (not to sessions started from a phone or tablet).
  allowGuests(allowed) {
    this.guestsAllowed = allowed;
    this.tabs.offer('invite-guest', allowed);
  }

  async open() {
    this.error.hidden = true;
    this.guest.reset();
    mount(this.targets, h('p', { class: 'muted' }, 'Loading who can be invited…'));
    this.sending.hidden = true;
    this.element.showModal();
    try {
      const { technicians, teams, categories } = await api('GET', `/api/sessions/${encodeURIComponent(this.sessionId)}/invitation-targets`);
      const groups = [
        targetGroup('Technicians', 'technician', technicians, technicianLabel),
        targetGroup('Teams', 'team', teams, (t) => t.name),
        targetGroup('Request help', 'category', categories, (c) => c.name),
      ].filter(Boolean);
      mount(this.targets, groups.length ? groups : h('p', { class: 'muted', 'data-testid': 'nobody-to-invite' },
        'Nobody can be invited now: no other technician is online or reachable by email, and no team or request-help category is set up.',
        this.guestsAllowed ? ' A guest technician can still be invited (Guest tab).' : null));
      this.sending.hidden = groups.length === 0;
    } catch (err) {
      mount(this.targets);
      showError(this.error, err);
    }
  }

  async send(event) {
    event.preventDefault();
    const chosen = this.element.querySelector('input[name="invite-target"]:checked');
    if (!chosen) return;
    const [target, id] = chosen.value.split(/:(.*)/s);
    this.sendButton.disabled = true;
    this.error.hidden = true;
    try {
      await api('POST', `/api/sessions/${encodeURIComponent(this.sessionId)}/invitations`, { target, id, comment: this.comment.value });
      this.comment.value = '';
      this.element.close();
      toast('Invitation sent');
    } catch (err) {
      showError(this.error, err);
    } finally {
      this.sendButton.disabled = false;
    }
  }

  remove() {
    this.element.remove();
  }
}
