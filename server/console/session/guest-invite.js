// The Invite dialog's Guest tab: a technician from outside the organisation, invited
// by email with a single-use link (shown once to copy), optionally with fewer rights;
// without a mail server it says where the email waits.

import { api } from '../api.js';
import { copyButton, errorBox, field, h, mount, showError, toast } from '../dom.js';
import { CEILING, FEATURE_LABELS } from './features.js';
import { signedIn } from '../signed-in.js';

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
    this.element = h('div', {}, this.form, this.result);
  }

  // Back to an empty form (the last link is gone from view).
  reset() {
    this.error.hidden = true;
    this.form.hidden = false;
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
      const to = this.email.value.trim();
      mount(this.result,
        await whereTheMailIs(created.delivery, to),
        h('p', {}, 'The link works once; copy it now to send it another way, or open it in a private window to see the guest’s side:'),
        h('p', { class: 'mono invitation-link', 'data-testid': 'guest-invite-link' }, created.link),
        h('div', { class: 'actions' }, copyButton(created.link, 'Link'),
          h('button', { type: 'button', class: 'secondary', onclick: () => this.reset() }, 'Invite another guest')));
      // The link in view, in place of the form it came from.
      this.form.hidden = true;
      for (const input of [this.email, this.name, this.comment, this.description]) input.value = '';
      toast(created.delivery === 'local' ? 'Guest invitation made' : 'Guest invitation sent');
    } catch (err) {
      showError(this.error, err);
    } finally {
      this.send.disabled = false;
    }
  }
}

// Where the invitation email went: out by SMTP, or, without a mail server, into the
// outbox (a link to it for admins, who alone may open it).
async function whereTheMailIs(delivery, to) {
  if (delivery !== 'local') return h('p', {}, `Invitation emailed to ${to}.`);
  const me = await signedIn();
  if (me && me.technician && me.technician.is_admin) {
    return h('p', { 'data-testid': 'guest-mail-notice' }, `No mail server is set up, so nothing was emailed: the invitation to ${to} waits with its link in the `,
      h('a', { href: '/admin/outbox', target: '_blank', rel: 'noopener' }, 'Mail outbox'), ' (opens in a new tab).');
  }
  return h('p', { 'data-testid': 'guest-mail-notice' },
    `No mail server is set up, so nothing was emailed: the invitation to ${to} waits in the Mail outbox, which only admins can open. Copy the link below and send it to the guest yourself.`);
}
