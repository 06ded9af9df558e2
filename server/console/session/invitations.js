// The session's invitations as its owner sees them: status, the code and link of
// active ones (copyable), Revoke; and the button that opens the Invite dialog.

import { api } from '../api.js';
import { copyButton, formatCode, formatTime, h, mount, toast } from '../dom.js';

const STATUS_LABELS = {
  sent: 'sent', opened: 'opened', joined: 'joined', used: 'used',
  active: 'waiting', accepted: 'accepted', declined: 'declined', revoked: 'revoked', inviter_left: 'inviter left',
  ownership_transferred: 'ownership transferred', session_ended: 'session ended',
};
const TARGET_LABELS = { technician: 'Technician', team: 'Team', category: 'Request help', guest: 'Guest' };

// Internal invitations while active; a guest's until its link is used up (revoking a
// joined guest's invitation removes the guest).
function revocable(invitation) {
  return invitation.target === 'guest' ? ['sent', 'opened', 'joined'].includes(invitation.status) : invitation.status === 'active';
}

export class InvitationsPanel {
  constructor(inviteDialog) {
    this.list = h('ul', { class: 'plain invitations', 'data-testid': 'invitations' });
    this.element = h('section', { class: 'card', 'aria-labelledby': 'invitations-title', hidden: true },
      h('div', { class: 'card-head' },
        h('h2', { id: 'invitations-title' }, 'Invitations'),
        h('button', { type: 'button', class: 'primary', onclick: () => inviteDialog.open() }, 'Invite'),
      ),
      this.list);
  }

  // Shown only to the owner: the seat carries invitations only for it.
  setSeat(seat) {
    this.element.hidden = !seat.invitations;
    if (!seat.invitations) return;
    if (seat.invitations.length === 0) {
      mount(this.list, h('li', { class: 'muted' }, 'No invitations yet.'));
      return;
    }
    mount(this.list, seat.invitations.map((inv) => h('li', { class: 'invitation', 'data-invitation-id': inv.id },
      h('div', { class: 'invitation-head' },
        h('span', { class: 'muted' }, `${TARGET_LABELS[inv.target] || inv.target}: `), h('strong', {}, inv.target_name), ' ',
        h('span', { class: `badge invitation-${inv.status}`, 'data-testid': 'invitation-status' }, STATUS_LABELS[inv.status] || inv.status),
      ),
      inv.comment ? h('p', { class: 'muted' }, `“${inv.comment}”`) : null,
      h('p', { class: 'muted' }, `Sent ${formatTime(inv.created_at)}`, inv.closed_at ? ` · closed ${formatTime(inv.closed_at)}` : ''),
      inv.status === 'active' && inv.code ? h('div', { class: 'invitation-code' },
        h('span', { class: 'mono', 'aria-label': `Invitation code ${inv.code.split('').join(' ')}` }, formatCode(inv.code)), ' ',
        inv.link ? [h('a', { href: inv.link, class: 'mono invitation-link' }, inv.link), ' ', copyButton(inv.link, 'Link')] : null,
      ) : null,
      revocable(inv) ? h('button', { type: 'button', class: 'danger small', onclick: () => this.revoke(inv) }, 'Revoke') : null,
    )));
  }

  async revoke(invitation) {
    try {
      const kind = invitation.target === 'guest' ? 'guest-invitations' : 'invitations';
      await api('POST', `/api/${kind}/${encodeURIComponent(invitation.id)}/revoke`);
      toast('Invitation revoked');
    } catch (err) {
      toast(err.message);
    }
  }
}
