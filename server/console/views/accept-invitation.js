// Accepting an invitation: the owner's comment, then the name to show in the session.
// Used by the incoming prompt and by the invitation link (`/invitations/{code}`).

import { api } from '../api.js';
import { errorBox, field, h, mount, showError } from '../dom.js';
import { navigate } from '../router.js';

function invitationSummary(invitation) {
  return [
    h('p', {}, h('strong', {}, invitation.inviter_name), ' invites you to join a live session',
      invitation.via ? [' (via ', h('span', {}, invitation.via), ')'] : null, '.'),
    invitation.comment
      ? h('blockquote', { class: 'comment', 'data-testid': 'invitation-comment' }, invitation.comment)
      : h('p', { class: 'muted' }, 'No comment.'),
  ];
}

// The confirm step: a form that accepts `invitation` under the chosen name and opens the session.
export function acceptForm(invitation, me, { onCancel, onJoined } = {}) {
  const name = h('input', { name: 'display_name', required: true, maxlength: 80, value: me.technician.display_name });
  const error = errorBox();
  const join = h('button', { type: 'submit', class: 'primary' }, 'Join the session');
  return h('form', {
    class: 'accept-form',
    'aria-label': 'Accept the invitation',
    onsubmit: async (event) => {
      event.preventDefault();
      join.disabled = true;
      error.hidden = true;
      try {
        const accepted = await api('POST', `/api/invitations/${encodeURIComponent(invitation.id)}/accept`, { display_name: name.value.trim() });
        if (onJoined) onJoined();
        navigate(`/sessions/${accepted.session_id}`);
      } catch (err) {
        showError(error, err.code === 'invitation_inactive' ? { message: 'This invitation is no longer open: someone else took it, or it was withdrawn.' } : err);
        join.disabled = false;
      }
    },
  },
    invitationSummary(invitation),
    field('Your name in the session', name, 'Everyone in the session sees this name.'),
    error,
    h('div', { class: 'actions' }, join, onCancel ? h('button', { type: 'button', class: 'secondary', onclick: onCancel }, 'Cancel') : null),
  );
}

// The page an invitation link opens.
export async function invitationView(main, me, code) {
  mount(main, h('h1', {}, 'Invitation'), h('p', { class: 'muted' }, 'Opening the invitation…'));
  try {
    const invitation = await api('GET', `/api/invitations/code/${encodeURIComponent(code)}`);
    mount(main, h('h1', {}, 'Invitation'), h('section', { class: 'card narrow-card' }, acceptForm(invitation, me, { onCancel: () => navigate('/') })));
  } catch (err) {
    mount(main, h('h1', {}, 'Invitation'),
      h('p', { class: 'error', role: 'alert' }, err.status === 404 ? 'This invitation is not open for you: it may have been taken, withdrawn or mistyped.' : err.message),
      h('p', {}, h('a', { href: '/' }, 'Back to sessions')));
  }
}

// "Join with an invitation code" (the dashboard): opens the invitation's page.
export function codeForm() {
  const code = h('input', { name: 'code', required: true, inputmode: 'numeric', autocomplete: 'off', pattern: '[0-9 ]{9,11}', placeholder: '123 456 789' });
  return h('form', {
    class: 'card',
    'aria-label': 'Join with an invitation code',
    onsubmit: (event) => {
      event.preventDefault();
      navigate(`/invitations/${code.value.replace(/\s/g, '')}`);
    },
  },
    h('h2', {}, 'Join with an invitation code'),
    field('Invitation code', code, 'The 9 digits from the invitation.'),
    h('button', { type: 'submit', class: 'secondary' }, 'Open invitation'),
  );
}
