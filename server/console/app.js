// The technician console: shows the view of the current page, with the top bar and, while
// signed in, the console feed and incoming invitations.

import { api, setCsrf } from './api.js';
import { h, mount } from './dom.js';
import { navigate, route } from './router.js';
import { setMe, signedIn } from './signed-in.js';
import { loginView } from './views/login.js';
import { dashboardView } from './views/dashboard.js';
import { sessionView } from './views/session.js';
import { reportView } from './views/report.js';
import { adminView } from './views/admin.js';
import { outboxView } from './views/outbox.js';
import { joinView } from './views/join.js';
import { guestLeftView, guestView } from './views/guest.js';
import { invitationView } from './views/accept-invitation.js';
import { showIncoming } from './views/incoming.js';
import { ConsoleFeed } from './feed.js';

const AFTER_SIGN_IN = 'sightline.afterSignIn';
const state = { cleanup: null, feed: null, hideIncoming: null };

// The console feed and the incoming invitations panel live while signed in.
function openFeed(me) {
  if (state.feed) return;
  state.feed = new ConsoleFeed();
  state.hideIncoming = showIncoming(state.feed, me);
}

function closeFeed() {
  if (state.hideIncoming) state.hideIncoming();
  if (state.feed) state.feed.close();
  state.feed = null;
  state.hideIncoming = null;
}

function renderTopbar(me) {
  const bar = document.getElementById('topbar');
  bar.hidden = !me;
  if (!me) return;
  const link = (href, label) =>
    h('a', { href, 'aria-current': location.pathname === href ? 'page' : null }, label);
  mount(document.getElementById('nav'), link('/', 'Sessions'), me.technician.is_admin ? link('/admin', 'Admin') : null,
    me.technician.is_admin ? link('/admin/outbox', 'Mail outbox') : null);
  mount(
    document.getElementById('who'),
    h('span', {}, `${me.technician.display_name} · ${me.org.name}`),
    h('button', {
      class: 'link',
      type: 'button',
      onclick: async () => {
        await api('POST', '/api/auth/logout').catch(() => null);
        setMe(null);
        closeFeed();
        navigate('/login');
      },
    }, 'Sign out'),
  );
}

async function render() {
  if (state.cleanup) {
    state.cleanup();
    state.cleanup = null;
  }
  const main = document.getElementById('main');
  const path = location.pathname;
  const join = path.match(/^\/join\/([^/]+)$/);
  const guestLink = path.match(/^\/guest\/([^/]+)$/);
  if (join || guestLink || path === '/left') {
    renderTopbar(null);
    if (join) joinView(main, decodeURIComponent(join[1]));
    else if (guestLink) guestView(main, decodeURIComponent(guestLink[1]));
    else guestLeftView(main);
    return;
  }
  const me = await signedIn();
  if (!me) {
    renderTopbar(null);
    // A guest technician sees its own session and nothing else.
    const guest = await api('GET', '/api/guest/me').catch(() => null);
    if (guest) {
      setCsrf(guest.csrf_token);
      if (path !== `/sessions/${guest.session_id}`) history.replaceState({}, '', `/sessions/${guest.session_id}`);
      state.cleanup = sessionView(main, { guest, technician: null }, guest.session_id);
      return;
    }
    if (path !== '/login') {
      // An invitation link opens once the technician has signed in.
      if (path.startsWith('/invitations/')) sessionStorage.setItem(AFTER_SIGN_IN, path);
      history.replaceState({}, '', '/login');
    }
    loginView(main);
    return;
  }
  const resume = sessionStorage.getItem(AFTER_SIGN_IN);
  sessionStorage.removeItem(AFTER_SIGN_IN);
  if (resume || path === '/login') history.replaceState({}, '', resume || '/');
  renderTopbar(me);
  openFeed(me);
  const invitation = location.pathname.match(/^\/invitations\/([^/]+)$/);
  const session = location.pathname.match(/^\/sessions\/([^/]+)$/);
  const report = location.pathname.match(/^\/sessions\/([^/]+)\/report$/);
  if (invitation) {
    invitationView(main, me, decodeURIComponent(invitation[1]));
  } else if (session) {
    state.cleanup = sessionView(main, me, decodeURIComponent(session[1]));
  } else if (report) {
    reportView(main, decodeURIComponent(report[1]));
  } else if (location.pathname === '/admin' && me.technician.is_admin) {
    adminView(main, me);
  } else if (location.pathname === '/admin/outbox' && me.technician.is_admin) {
    outboxView(main);
  } else if (location.pathname === '/') {
    state.cleanup = dashboardView(main, me);
  } else {
    mount(main, h('h1', {}, 'Page not found'), h('p', {}, h('a', { href: '/' }, 'Back to sessions')));
  }
  main.focus({ preventScroll: true });
}

// Same-origin links navigate inside the console.
document.addEventListener('click', (event) => {
  const a = event.target.closest('a');
  if (!a || a.target || a.hasAttribute('download') || event.ctrlKey || event.metaKey || event.shiftKey) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
  event.preventDefault();
  navigate(url.pathname);
});
route(render);
