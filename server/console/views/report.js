// A session's report, for its primary technician and the organisation's admins: people,
// times, tools used, snapshots, recordings, notes and the audit trail with its verification, printable.

import { api } from '../api.js';
import { formatTime, h, mount } from '../dom.js';
import { statusBadge } from './dashboard.js';

function duration(ms) {
  const minutes = Math.floor(ms / 60000);
  const seconds = Math.floor((ms % 60000) / 1000);
  return minutes >= 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes} min ${seconds} s`;
}

function section(title, ...children) {
  return h('section', { class: 'card report-section' }, h('h2', {}, title), ...children);
}

function table(headings, rows, testid) {
  return h('table', { class: 'table', 'data-testid': testid },
    h('thead', {}, h('tr', {}, headings.map((heading) => h('th', { scope: 'col' }, heading)))),
    h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((cell) => h('td', {}, cell))))));
}

function verification(result) {
  return h('p', { class: `verification ${result.verified ? 'verified' : 'broken'}`, 'data-testid': 'verification', role: 'status' },
    h('strong', {}, result.verified ? 'Trail verified' : 'Trail does not verify'), ' — ', result.message);
}

export function reportView(main, id) {
  mount(main, h('h1', {}, 'Session report'), h('p', { class: 'muted' }, 'Loading report…'));
  const path = `/api/sessions/${encodeURIComponent(id)}`;
  api('GET', `${path}/report`).then((report) => {
    const names = new Map(report.people.flatMap((p) => [[p.id, p.display_name], [p.technician_id, p.display_name]]));
    const who = (actor) => (actor ? names.get(actor) || actor : '—');
    mount(main,
      h('div', { class: 'report-head' },
        h('h1', {}, 'Session report'),
        h('div', { class: 'report-actions no-print' },
          h('a', { href: `/sessions/${encodeURIComponent(id)}` }, 'Back to the session'),
          h('a', { class: 'button', href: `${path}/audit/export?format=json`, download: '' }, 'Export trail (JSON)'),
          h('a', { class: 'button', href: `${path}/audit/export?format=csv`, download: '' }, 'Export trail (CSV)'),
          h('button', { type: 'button', class: 'primary', onclick: () => window.print() }, 'Print'))),
      h('section', { class: 'card report-section' },
        h('div', { class: 'session-head' }, statusBadge(report.status), h('span', { class: 'mono muted' }, report.session_id)),
        h('dl', { class: 'report-facts' },
          h('dt', {}, 'Started'), h('dd', {}, formatTime(report.started_at)),
          h('dt', {}, 'Ended'), h('dd', {}, report.ended_at ? `${formatTime(report.ended_at)} (${(report.end_reason || '').replaceAll('_', ' ')})` : 'still running'),
          h('dt', {}, 'Duration'), h('dd', {}, duration(report.duration_ms)))),
      section('People', table(['Name', 'Role', 'Joined', 'Left'], report.people.map((p) => [
        p.display_name, h('span', { class: `badge role-${p.role}` }, p.role), formatTime(p.joined_at), p.left_at ? formatTime(p.left_at) : 'still in']), 'report-people')),
      section('Tools used', report.tools.length
        ? table(['Tool', 'Sent', 'Done', 'Failed'], report.tools.map((t) => [t.tool.replaceAll('_', ' '), t.sent, t.done, t.failed]), 'report-tools')
        : h('p', { class: 'muted' }, 'No tool was used.')),
      section('Snapshots', report.snapshots.length
        ? h('ul', { class: 'report-snapshots' }, report.snapshots.map((s) => h('li', {},
            report.snapshots_downloadable
              ? h('img', { src: `${path}/captures/${encodeURIComponent(s.id)}`, alt: `Snapshot by ${s.taken_by_name}`, loading: 'lazy' })
              : null,
            h('span', {}, `${s.taken_by_name}, ${formatTime(s.taken_at)} · ${s.width}×${s.height}`))))
        : h('p', { class: 'muted' }, 'No snapshots.')),
      section('Recordings', report.recordings.length
        ? h('ul', { class: 'report-recordings', 'data-testid': 'report-recordings' }, report.recordings.map((r) => h('li', {},
            h('a', { href: `${path}/recordings/${encodeURIComponent(r.id)}`, download: '' }, `${r.started_by_name}, ${formatTime(r.started_at)}`),
            h('span', { class: 'muted' }, ` · ${Math.round(r.duration_ms / 1000)} s · ${r.format}`))))
        : h('p', { class: 'muted' }, 'No recordings.')),
      section('Notes', report.notes ? h('p', { class: 'report-notes', 'data-testid': 'report-notes' }, report.notes) : h('p', { class: 'muted' }, 'No notes.')),
      section('Audit trail', verification(report.verification),
        table(['#', 'Time', 'Who', 'Event', 'Detail'], report.trail.map((e) => [
          e.seq, formatTime(e.at), who(e.actor), e.kind.replaceAll('_', ' '), h('code', {}, JSON.stringify(e.detail))]), 'report-trail')),
    );
  }, (err) => {
    mount(main, h('h1', {}, 'Session report'), h('p', { class: 'error', role: 'alert' }, err.message),
      h('p', {}, h('a', { href: `/sessions/${encodeURIComponent(id)}` }, 'Back to the session')));
  });
}
