// The invitations waiting for this technician, on every page: who invites, their
// comment, through which team; Accept (after confirming the name) or Decline.

import { api } from '../api.js';
import { formatTime, h, mount, toast } from '../dom.js';
import { acceptForm } from './accept-invitation.js';

// Shows the feed's invitations in a panel on the page; returns the function that removes it.
export function showIncoming(feed, me) {
  const list = h('ul', { class: 'plain incoming-list' });
  const panel = h('aside', {
    class: 'incoming', 'aria-labelledby': 'incoming-title', 'data-testid': 'incoming-invitations', hidden: true,
  }, h('h2', { id: 'incoming-title' }, 'Invitations for you'), list);
  const confirmBox = h('dialog', { class: 'dialog', 'aria-labelledby': 'accept-title' });
  document.body.append(panel, confirmBox);

  const close = () => confirmBox.close();
  function confirmAccept(invitation) {
    mount(confirmBox, h('h2', { id: 'accept-title' }, 'Join the session'), acceptForm(invitation, me, { onCancel: close, onJoined: close }));
    confirmBox.showModal();
  }

  async function decline(invitation) {
    try {
      await api('POST', `/api/invitations/${encodeURIComponent(invitation.id)}/decline`);
      toast('Invitation declined');
    } catch (err) {
      toast(err.message);
    }
  }

  const unsubscribe = feed.subscribe((invitations) => {
    panel.dataset.feed = 'connected';
    panel.hidden = invitations.length === 0;
    mount(list, invitations.map((invitation) => h('li', { class: 'incoming-item', 'data-invitation-id': invitation.id },
      h('p', {}, h('strong', {}, invitation.inviter_name), ' invites you',
        invitation.via ? [' via ', h('span', { class: 'badge' }, invitation.via)] : null),
      invitation.comment ? h('blockquote', { class: 'comment' }, invitation.comment) : null,
      h('p', { class: 'muted' }, formatTime(invitation.created_at)),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'primary', onclick: () => confirmAccept(invitation) }, 'Accept'),
        h('button', { type: 'button', class: 'secondary', onclick: () => decline(invitation) }, 'Decline'),
      ),
    )));
  });

  return () => {
    unsubscribe();
    panel.remove();
    confirmBox.remove();
  };
}
