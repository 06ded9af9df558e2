// A session's page: its state and join code (polled), the live video and tools, and
// the collaboration panels the live connection drives.

import { api } from '../api.js';
import { copyButton, formatCode, formatTime, h, mount, toast } from '../dom.js';
import { statusBadge } from './dashboard.js';
import { LiveVideo } from '../live.js';
import { Collaboration } from '../session/collaboration.js';

// `me` is the signed-in technician, or `{ guest }` for a guest technician.
export function sessionView(main, me, id) {
  let stopped = false;
  const isMe = (p) => (me.guest ? p.id === me.guest.participant_id : p.technician_id === me.technician.id);
  const body = h('div', {}, h('p', { class: 'muted' }, 'Loading session…'));
  let live = null;
  const collaboration = new Collaboration(id, (message) => (live ? live.send(message) : false));
  const videoSlot = h('div', { class: 'session-video' });
  const guestNote = me.guest
    ? h('p', { class: 'muted', 'data-testid': 'guest-note' },
        `You take part as ${me.guest.display_name}, a guest technician. Your invitation link works once: after you leave, you need a new one.`)
    : null;
  mount(main, h('h1', {}, 'Session'), guestNote, h('div', { class: 'session-layout' },
    h('div', { class: 'session-main' }, collaboration.recordingIndicator.element, videoSlot, collaboration.chat.element),
    h('div', { class: 'session-side' }, body, collaboration.element)));

  function goLive() {
    live = new LiveVideo(id, {
      onEnded: () => {
        collaboration.end();
        refresh();
      },
      onMessage: (message) => {
        collaboration.handle(message);
        // Ownership and people changed: the page's own view follows at once.
        if (message.type === 'seat') refresh();
      },
    });
    mount(videoSlot, live.element);
  }
  let qrShownFor = null;
  let shown = '';
  const qrImage = h('img', { class: 'qr', alt: 'QR code of the join link', width: 220, height: 220 });

  async function refresh() {
    let session;
    try {
      session = await api('GET', `/api/sessions/${encodeURIComponent(id)}`);
    } catch (err) {
      // A collaborator whose session-details right is withdrawn is still in the session.
      const hidden = err.status === 403;
      mount(body, h('p', { class: hidden ? 'muted' : 'error', role: hidden ? null : 'alert' },
        hidden ? 'The session owner has hidden the session details.' : err.message));
      shown = '';
      if (hidden && !live && !stopped) goLive();
      return;
    }
    if (!live && !stopped && session.status !== 'ended' && session.participants.some((p) => isMe(p) && !p.left_at)) {
      goLive();
    }
    if (live && session.status === 'ended') {
      live.stop();
      collaboration.end();
    }
    const snapshot = JSON.stringify(session);
    if (stopped || snapshot === shown) return;
    shown = snapshot;
    const mine = session.participants.find((p) => isMe(p) && !p.left_at);
    const admin = Boolean(me.technician && me.technician.is_admin);
    const canEnd = session.status !== 'ended' && ((mine && mine.role === 'primary') || admin);
    // The report (and its trail) is the primary's and the admins', also after the end.
    const canReport = admin || session.participants.some((p) => isMe(p) && p.role === 'primary');
    collaboration.inviteDialog.allowGuests(!session.started_from_mobile);
    if (session.join && qrShownFor !== session.join.qr_url) {
      qrShownFor = session.join.qr_url;
      qrImage.src = session.join.qr_url;
    }
    mount(body,
      h('div', { class: 'session-head' }, statusBadge(session.status), h('span', { class: 'muted' }, `Started ${formatTime(session.created_at)}`),
        canReport ? h('a', { href: `/sessions/${encodeURIComponent(id)}/report`, 'data-testid': 'report-link' }, 'Report') : null),
      session.join
        ? h('section', { class: 'card join', 'aria-labelledby': 'join-title' },
            h('h2', { id: 'join-title' }, 'Invite the customer'),
            h('div', { class: 'join-grid' },
              h('div', {},
                h('p', {}, 'Ask the customer to open the app and enter this code:'),
                h('p', { class: 'join-code', 'data-testid': 'join-code' }, formatCode(session.join.code)),
                copyButton(session.join.code, 'Code'),
                h('p', {}, 'Or send them this link:'),
                h('p', {}, h('a', { href: session.join.link, class: 'mono', 'data-testid': 'join-link', target: '_blank', rel: 'noopener' }, session.join.link)),
                copyButton(session.join.link, 'Link'),
                h('p', { class: session.join.expired ? 'error' : 'muted' },
                  session.join.expired ? 'This code has expired. Start a new session.' : `The code expires at ${formatTime(session.join.expires_at)} if unused.`),
              ),
              h('figure', {}, qrImage, h('figcaption', { class: 'muted' }, 'Or let them scan this with the phone camera.')),
            ))
        : null,
      // In a live session the collaboration panel lists the people; otherwise the record does.
      mine && session.status !== 'ended' ? null : h('section', { class: 'card' },
        h('h2', {}, 'Participants'),
        h('ul', { class: 'participants' }, session.participants.map((p) => h('li', {},
          h('span', {}, p.display_name), ' ', h('span', { class: `badge role-${p.role}` }, p.role),
          p.left_at ? h('span', { class: 'muted' }, ` left ${formatTime(p.left_at)}`) : null,
        ))),
      ),
      !mine && admin && session.status !== 'ended'
        ? h('button', {
            type: 'button',
            class: 'primary',
            onclick: async () => {
              try {
                await api('POST', `/api/sessions/${encodeURIComponent(id)}/monitor`);
                refresh();
              } catch (err) {
                toast(err.message);
              }
            },
          }, 'Monitor this session')
        : null,
      canEnd
        ? h('button', {
            type: 'button',
            class: 'danger',
            onclick: async () => {
              if (!confirm('End this session for everyone?')) return;
              try {
                await api('POST', `/api/sessions/${encodeURIComponent(id)}/end`);
                toast('Session ended');
                refresh();
              } catch (err) {
                toast(err.message);
              }
            },
          }, 'End session')
        : null,
    );
  }

  refresh();
  const timer = setInterval(refresh, 3000);
  return () => {
    stopped = true;
    clearInterval(timer);
    if (live) live.stop();
    collaboration.remove();
  };
}
