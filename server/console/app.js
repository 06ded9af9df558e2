// The technician console: a small router over views, one per page.

import { api, setCsrf } from './api.js';
import { h, mount } from './dom.js';
import { loginView } from './views/login.js';
import { dashboardView } from './views/dashboard.js';
import { sessionView } from './views/session.js';
import { adminView } from './views/admin.js';
import { joinView } from './views/join.js';

const state = { me: null, cleanup: null };

export function navigate(path) {
  history.pushState({}, '', path);
  render();
}

export async function signedIn() {
  if (state.me) return state.me;
  try {
    state.me = await api('GET', '/api/me');
    setCsrf(state.me.csrf_token);
    return state.me;
  } catch {
    return null;
  }
}

export function setMe(me) {
  state.me = me;
  setCsrf(me ? me.csrf_token : null);
}

function renderTopbar(me) {
  const bar = document.getElementById('topbar');
  bar.hidden = !me;
  if (!me) return;
  const link = (href, label) =>
    h('a', { href, 'aria-current': location.pathname === href ? 'page' : null }, label);
  mount(document.getElementById('nav'), link('/', 'Sessions'), me.technician.is_admin ? link('/admin', 'Admin') : null);
  mount(
    document.getElementById('who'),
    h('span', {}, `${me.technician.display_name} · ${me.org.name}`),
    h('button', {
      class: 'link',
      type: 'button',
      onclick: async () => {
        await api('POST', '/api/auth/logout').catch(() => null);
        setMe(null);
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
  if (join) {
    renderTopbar(null);
    joinView(main, decodeURIComponent(join[1]));
    return;
  }
  const me = await signedIn();
  if (!me) {
    renderTopbar(null);
    if (path !== '/login') history.replaceState({}, '', '/login');
    loginView(main);
    return;
  }
  if (path === '/login') history.replaceState({}, '', '/');
  renderTopbar(me);
  const session = location.pathname.match(/^\/sessions\/([^/]+)$/);
  if (session) {
    state.cleanup = sessionView(main, me, decodeURIComponent(session[1]));
  } else if (location.pathname === '/admin' && me.technician.is_admin) {
    adminView(main, me);
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
window.addEventListener('popstate', render);
render();
