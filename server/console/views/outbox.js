// Admins' view of the mail outbox: what the server sent, is trying to send, or
// (without SMTP settings) only keeps here.

import { api } from '../api.js';
import { formatTime, h, mount, toast } from '../dom.js';

const STATE_LABELS = { queued: 'Queued', failing: 'Retrying', sent: 'Sent' };

function stateCell(mail, delivery) {
  const label = delivery === 'local' && mail.state === 'queued' ? 'Kept here (not sent)' : STATE_LABELS[mail.state] || mail.state;
  if (mail.state === 'sent') return h('td', {}, label, h('br'), h('small', { class: 'muted' }, formatTime(mail.sent_at)));
  if (mail.state === 'failing') {
    return h('td', {}, h('strong', { class: 'danger-text' }, label),
      h('br'), h('small', { class: 'muted' }, `${mail.attempts} failed attempt${mail.attempts === 1 ? '' : 's'}; next ${formatTime(mail.next_attempt_at)}`),
      h('br'), h('small', {}, mail.last_error));
  }
  return h('td', {}, label);
}

function mailRow(mail, delivery) {
  const to = mail.to_name ? `${mail.to_name} <${mail.to_address}>` : mail.to_address;
  return h('tr', {},
    h('td', {}, formatTime(mail.created_at)),
    h('td', {}, to),
    h('td', {}, h('details', {}, h('summary', {}, mail.subject), h('pre', {}, mail.text_body))),
    stateCell(mail, delivery));
}

export async function outboxView(main) {
  const notice = h('p', { class: 'muted' });
  const list = h('div');
  const refreshButton = h('button', { type: 'button', class: 'secondary', onclick: () => refresh().catch((err) => toast(err.message)) }, 'Refresh');
  mount(main, h('h1', {}, 'Mail outbox'), h('section', { class: 'card' }, notice, refreshButton, list));

  async function refresh() {
    const outbox = await api('GET', '/api/admin/outbox?limit=100');
    notice.textContent = outbox.delivery === 'local'
      ? 'No SMTP server is configured: these mails are kept here and not sent. Set the SMTP settings to deliver them.'
      : 'Mails go out through the configured SMTP server; failed attempts are retried.';
    mount(list, outbox.mails.length === 0 ? h('p', { class: 'muted' }, 'No mail yet.') :
      h('table', { class: 'table' },
        h('thead', {}, h('tr', {}, ['Created', 'To', 'Subject', 'State'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, outbox.mails.map((mail) => mailRow(mail, outbox.delivery)))));
  }
  await refresh().catch((err) => toast(err.message));
}
