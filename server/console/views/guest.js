// What a guest technician sees on opening their invitation link: the server's
// verification (genuine, unused, not revoked, session live, desktop browser), then
// the owner's comment and the name to confirm; or a page saying clearly why not.

import { api, setCsrf } from '../api.js';
import { errorBox, field, h, mount, showError } from '../dom.js';
import { deviceReport } from '../device.js';
import { navigate } from '../router.js';

const ASK_AGAIN = 'Ask the admin or the technician who invited you for a new invitation.';

// Refusal pages by the server's error code.
const REFUSALS = {
  mobile_device: ['Open this link on a computer',
    'Guest technicians join from a browser on a desktop or laptop computer. Phones and tablets are not supported. Open the invitation email on your computer and use the link there.'],
  guest_link_used: ['This link was already used', `Each guest invitation link works once, and this one has been used. ${ASK_AGAIN}`],
  guest_link_revoked: ['This invitation was withdrawn', `The technician withdrew this invitation. ${ASK_AGAIN}`],
  guest_link_invalid: ['This link is not valid', `Check that you opened the whole link from the email. ${ASK_AGAIN}`],
  session_ended: ['The session has ended', `The session this invitation was for is over. ${ASK_AGAIN}`],
};

function refusal(main, code, message) {
  const [title, text] = REFUSALS[code] || ['The invitation cannot be opened', message];
  mount(main, h('section', { class: 'card narrow-card', 'data-testid': 'guest-refusal', 'data-code': code || 'error' },
    h('h1', {}, title), h('p', { role: 'alert' }, text)));
}

export async function guestView(main, token) {
  mount(main, h('p', { class: 'muted' }, 'Checking the invitation…'));
  const device = deviceReport();
  if (device.mobile) {
    refusal(main, 'mobile_device');
    return;
  }
  const path = `/api/guest/invitations/${encodeURIComponent(token)}`;
  let link;
  try {
    link = await api('GET', path);
  } catch (err) {
    refusal(main, err.code, err.message);
    return;
  }
  if (link.session_id) {
    // This browser joined with the link and is still in the session (a reload or a network blip).
    navigate(`/sessions/${link.session_id}`);
    return;
  }
  const name = h('input', { name: 'display_name', required: true, maxlength: 80, value: link.name, autocomplete: 'name' });
  const error = errorBox();
  const join = h('button', { type: 'submit', class: 'primary' }, 'Join the session');
  const form = h('form', {
    class: 'accept-form',
    'aria-label': 'Join as a guest',
    onsubmit: async (event) => {
      event.preventDefault();
      join.disabled = true;
      error.hidden = true;
      try {
        const me = await api('POST', `${path}/join`, { display_name: name.value.trim(), device });
        setCsrf(me.csrf_token);
        navigate(`/sessions/${me.session_id}`);
      } catch (err) {
        if (REFUSALS[err.code]) refusal(main, err.code, err.message);
        else showError(error, err);
        join.disabled = false;
      }
    },
  },
    h('p', {}, h('strong', {}, link.inviter_name), ' invites you to join a live session as a guest technician.'),
    link.description ? h('p', {}, link.description) : null,
    link.comment ? h('blockquote', { class: 'comment', 'data-testid': 'invitation-comment' }, link.comment) : null,
    link.withheld.length ? h('p', { class: 'muted' }, `In this session you will not have: ${link.withheld.join(', ').replaceAll('_', ' ')}.`) : null,
    field('Your name in the session', name, 'Everyone in the session sees this name.'),
    h('p', { class: 'muted' }, 'This link works once: after you leave the session, it cannot be used again.'),
    error,
    h('div', { class: 'actions' }, join),
  );
  mount(main, h('h1', {}, 'Join a session as a guest'), h('section', { class: 'card narrow-card' }, form));
}

// After a guest leaves: the way back is a new invitation.
export function guestLeftView(main) {
  mount(main, h('section', { class: 'card narrow-card' },
    h('h1', {}, 'You left the session'),
    h('p', {}, `Thank you for your help. Your invitation link cannot be used again. ${ASK_AGAIN}`)));
}
