import { api } from '../api.js';
import { formatCode, formatTime, h, mount, toast } from '../dom.js';
import { statusBadge } from './dashboard.js';
import { LiveVideo } from '../live.js';

export function sessionView(main, me, id) {
  let stopped = false;
  const body = h('div', { class: 'session-side' }, h('p', { class: 'muted' }, 'Loading session…'));
  let live = null;
  const videoSlot = h('div', { class: 'session-video' });
  mount(main, h('h1', {}, 'Session'), h('div', { class: 'session-layout' }, videoSlot, body));
  let qrShownFor = null;
  let shown = '';
  const qrImage = h('img', { class: 'qr', alt: 'QR code of the join link', width: 220, height: 220 });

  async function refresh() {
    let session;
    try {
      session = await api('GET', `/api/sessions/${encodeURIComponent(id)}`);
    } catch (err) {
      mount(body, h('p', { class: 'error', role: 'alert' }, err.message));
      return;
    }
    if (!live && session.status !== 'ended' && session.participants.some((p) => p.technician_id === me.technician.id && !p.left_at)) {
      live = new LiveVideo(id, { onEnded: () => refresh() });
      mount(videoSlot, live.element);
    }
    if (live && session.status === 'ended') {
      live.stop();
    }
    const snapshot = JSON.stringify(session);
    if (stopped || snapshot === shown) return;
    shown = snapshot;
    const mine = session.participants.find((p) => p.technician_id === me.technician.id && !p.left_at);
    const canEnd = session.status !== 'ended' && ((mine && mine.role === 'primary') || me.technician.is_admin);
    if (session.join && qrShownFor !== session.join.qr_url) {
      qrShownFor = session.join.qr_url;
      qrImage.src = session.join.qr_url;
    }
    const copy = (text, what) => h('button', {
      type: 'button',
      class: 'secondary',
      onclick: async () => {
        await navigator.clipboard.writeText(text).then(() => toast(`${what} copied`), () => toast(`Copy the ${what.toLowerCase()} by hand`));
      },
    }, `Copy ${what.toLowerCase()}`);

    mount(body,
      h('div', { class: 'session-head' }, statusBadge(session.status), h('span', { class: 'muted' }, `Started ${formatTime(session.created_at)}`)),
      session.join
        ? h('section', { class: 'card join', 'aria-labelledby': 'join-title' },
            h('h2', { id: 'join-title' }, 'Invite the customer'),
            h('div', { class: 'join-grid' },
              h('div', {},
                h('p', {}, 'Ask the customer to open the app and enter this code:'),
                h('p', { class: 'join-code', 'data-testid': 'join-code' }, formatCode(session.join.code)),
                copy(session.join.code, 'Code'),
                h('p', {}, 'Or send them this link:'),
                h('p', {}, h('a', { href: session.join.link, class: 'mono', 'data-testid': 'join-link', target: '_blank', rel: 'noopener' }, session.join.link)),
                copy(session.join.link, 'Link'),
                h('p', { class: session.join.expired ? 'error' : 'muted' },
                  session.join.expired ? 'This code has expired. Start a new session.' : `The code expires at ${formatTime(session.join.expires_at)} if unused.`),
              ),
              h('figure', {}, qrImage, h('figcaption', { class: 'muted' }, 'Or let them scan this with the phone camera.')),
            ))
        : null,
      h('section', { class: 'card' },
        h('h2', {}, 'Participants'),
        h('ul', { class: 'participants' }, session.participants.map((p) => h('li', {},
          h('span', {}, p.display_name), ' ', h('span', { class: `badge role-${p.role}` }, p.role),
          p.left_at ? h('span', { class: 'muted' }, ` left ${formatTime(p.left_at)}`) : null,
        ))),
      ),
      !mine && me.technician.is_admin && session.status !== 'ended'
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
  };
}
