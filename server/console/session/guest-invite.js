// The Invite dialog's Guest tab: a technician from outside the organisation, invited
// by email with a single-use link (shown once to copy), optionally with fewer rights.

import { api } from '../api.js';
import { copyButton, errorBox, field, h, mount, showError, toast } from '../dom.js';
import { CEILING, FEATURE_LABELS } from './features.js';

export class GuestInviteTab {
  constructor(sessionId) {
    this.path = `/api/sessions/${encodeURIComponent(sessionId)}/guest-invitations`;
    this.email = h('input', { type: 'email', name: 'email', required: true, maxlength: 254, autocomplete: 'off' });
    this.name = h('input', { name: 'name', required: true, maxlength: 80, autocomplete: 'off' });
    this.comment = h('textarea', { rows: 2, maxlength: 500, name: 'comment' });
    this.description = h('textarea', { rows: 2, maxlength: 1000, name: 'description' });
    // What a guest can have, and so what the policy can withhold.
    this.boxes = CEILING.guest.map((feature) => {
      const box = h('input', { type: 'checkbox', value: feature, checked: true });
      return [box, h('label', { class: 'check' }, box, FEATURE_LABELS[feature])];
    });
    this.error = errorBox();
    this.result = h('div', { 'aria-live': 'polite', 'data-testid': 'guest-link' });
    this.send = h('button', { type: 'submit', class: 'primary' }, 'Send invitation');
    this.form = h('form', { class: 'invite-form', 'aria-label': 'Invite a guest technician', onsubmit: (event) => this.submit(event) },
      field('Guest’s email', this.email),
      field('Guest’s name', this.name),
      field('Comment for the guest', this.comment, 'Shown to them before they join.'),
      field('What it is about', this.description, 'Sent with the invitation email.'),
      h('fieldset', { class: 'targets' }, h('legend', {}, 'The guest may use'), this.boxes.map(([, label]) => label)),
      this.error,
      h('div', { class: 'actions' }, this.send),
    );
    this.refused = h('p', { class: 'muted', hidden: true }, 'This session was started from a phone or tablet, so it cannot invite guest technicians.');
    this.element = h('div', {}, this.form, this.refused, this.result);
  }

  // Guests can be invited only to sessions started from a desktop.
  allow(allowed) {
    this.allowed = allowed;
    this.form.hidden = !allowed;
    this.refused.hidden = allowed;
  }

  // Back to an empty form (the last link is gone from view).
  reset() {
    this.error.hidden = true;
    this.form.hidden = this.allowed === false;
    mount(this.result);
  }

  async submit(event) {
    event.preventDefault();
    this.send.disabled = true;
    this.error.hidden = true;
    const withhold = this.boxes.filter(([box]) => !box.checked).map(([box]) => box.value);
    try {
      const created = await api('POST', this.path, {
        email: this.email.value, name: this.name.value, comment: this.comment.value, description: this.description.value, withhold,
      });
      mount(this.result,
        h('p', {}, `Invitation emailed to ${this.email.value.trim()} (without a mail server, admins find the email in Mail outbox). The link works once; copy it now to send it another way, or open it in a private window to see the guest’s side:`),
        h('p', { class: 'mono invitation-link', 'data-testid': 'guest-invite-link' }, created.link),
        h('div', { class: 'actions' }, copyButton(created.link, 'Link'),
          h('button', { type: 'button', class: 'secondary', onclick: () => this.reset() }, 'Invite another guest')));
      // The link in view, in place of the form it came from.
      this.form.hidden = true;
      for (const input of [this.email, this.name, this.comment, this.description]) input.value = '';
      toast('Guest invitation sent');
    } catch (err) {
      showError(this.error, err);
    } finally {
      this.send.disabled = false;
    }
  }
}
