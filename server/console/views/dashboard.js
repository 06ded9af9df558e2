import { api } from '../api.js';
import { errorBox, field, formatCode, formatTime, h, mount, showError } from '../dom.js';
import { navigate } from '../router.js';
import { codeForm } from './accept-invitation.js';

const STATUS_LABELS = { waiting: 'Waiting for customer', connected: 'Customer connected', ended: 'Ended' };

export function statusBadge(status) {
  return h('span', { class: `badge status-${status}` }, STATUS_LABELS[status] || status);
}

export function dashboardView(main, me) {
  const category = h('select', { name: 'category' }, h('option', { value: '' }, 'No category'));
  const error = errorBox();
  const start = h('button', { type: 'submit', class: 'primary' }, 'Start a session');
  const list = h('div', { 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'Loading sessions…'));

  const form = h('form', {
    class: 'card',
    onsubmit: async (event) => {
      event.preventDefault();
      start.disabled = true;
      error.hidden = true;
      try {
        const session = await api('POST', '/api/sessions', category.value ? { issue_category_id: category.value } : {});
        navigate(`/sessions/${session.id}`);
      } catch (err) {
        showError(error, err);
      } finally {
        start.disabled = false;
      }
    },
  },
    h('h2', {}, 'New session'),
    h('p', { class: 'muted' }, 'You get a code, a link and a QR code to give the customer.'),
    field('Issue category', category),
    error,
    start,
  );

  async function refresh() {
    try {
      const sessions = await api('GET', '/api/sessions');
      if (sessions.length === 0) {
        mount(list, h('p', { class: 'muted' }, 'No active sessions.'));
        return;
      }
      mount(list, h('table', { class: 'table' },
        h('caption', { class: 'sr-only' }, 'Active sessions'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Started'), h('th', { scope: 'col' }, 'Status'),
          h('th', { scope: 'col' }, 'Join code'), h('th', { scope: 'col' }, 'Technicians'), h('th', { scope: 'col' }, ''))),
        h('tbody', {}, sessions.map((s) => h('tr', {},
          h('td', {}, formatTime(s.created_at)),
          h('td', {}, statusBadge(s.status)),
          h('td', { class: 'mono' }, s.join ? formatCode(s.join.code) : '—'),
          h('td', {}, s.participants.filter((p) => p.role !== 'customer' && !p.left_at).map((p) => (p.role === 'guest' ? `${p.display_name} (guest)` : p.display_name)).join(', ')),
          h('td', {}, h('a', { href: `/sessions/${s.id}`, class: 'button' }, 'Open')),
        ))),
      ));
    } catch (err) {
      mount(list, h('p', { class: 'error', role: 'alert' }, err.message));
    }
  }

  mount(main,
    h('h1', {}, 'Sessions'),
    h('div', { class: 'grid' }, h('div', {}, form, codeForm()), h('section', { class: 'card wide' }, h('h2', {}, 'Active sessions'), list)),
  );
  api('GET', '/api/categories').then((categories) => {
    for (const c of categories) category.append(h('option', { value: c.id }, c.name));
  }).catch(() => null);
  refresh();
  const timer = setInterval(refresh, 5000);
  return () => clearInterval(timer);
}
