import { api } from '../api.js';
import { errorBox, field, h, mount, showError, toast } from '../dom.js';

// A form that posts its values and reports errors next to itself.
function actionForm(title, inputs, label, action) {
  const error = errorBox();
  const submit = h('button', { type: 'submit', class: 'primary' }, label);
  return h('form', {
    class: 'inline-form',
    'aria-label': title,
    onsubmit: async (event) => {
      event.preventDefault();
      error.hidden = true;
      submit.disabled = true;
      try {
        await action();
        event.target.reset();
      } catch (err) {
        showError(error, err);
      } finally {
        submit.disabled = false;
      }
    },
  }, inputs, submit, error);
}

export async function adminView(main, me) {
  const technicians = h('div');
  const teams = h('div');
  const categories = h('div');
  mount(main, h('h1', {}, 'Admin'),
    h('section', { class: 'card' }, h('h2', {}, 'Technicians'), technicians),
    h('section', { class: 'card' }, h('h2', {}, 'Teams'), teams),
    h('section', { class: 'card' }, h('h2', {}, 'Issue categories'), categories));

  async function refresh() {
    const [techs, teamList, categoryList] = await Promise.all([
      api('GET', '/api/technicians'), api('GET', '/api/teams'), api('GET', '/api/categories'),
    ]);
    const nameOf = new Map(techs.map((t) => [t.id, t.display_name]));
    const teamName = new Map(teamList.map((t) => [t.id, t.name]));

    const email = h('input', { type: 'email', required: true, autocomplete: 'off' });
    const name = h('input', { required: true, maxlength: 80 });
    const password = h('input', { type: 'password', required: true, minlength: 10, autocomplete: 'new-password' });
    const isAdmin = h('input', { type: 'checkbox' });
    mount(technicians,
      h('table', { class: 'table' },
        h('thead', {}, h('tr', {}, ['Name', 'Email', 'Role', 'Status', ''].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, techs.map((t) => h('tr', {},
          h('td', {}, t.display_name), h('td', {}, t.email), h('td', {}, t.is_admin ? 'Admin' : 'Technician'),
          h('td', {}, t.disabled ? 'Disabled' : 'Active'),
          h('td', {}, t.id === me.technician.id ? null : h('button', {
            type: 'button', class: 'secondary',
            onclick: () => api('PATCH', `/api/technicians/${t.id}`, { disabled: !t.disabled }).then(refresh, (e) => toast(e.message)),
          }, t.disabled ? 'Enable' : 'Disable')),
        )))),
      actionForm('Add a technician', [field('Email', email), field('Display name', name), field('Password', password, 'At least 10 characters'),
        h('label', { class: 'check' }, isAdmin, ' Admin')], 'Add technician', async () => {
        await api('POST', '/api/technicians', { email: email.value, display_name: name.value, password: password.value, is_admin: isAdmin.checked });
        toast('Technician added');
        await refresh();
      }));

    const teamNameInput = h('input', { required: true, maxlength: 80 });
    mount(teams,
      h('ul', { class: 'plain' }, teamList.map((team) => {
        const pick = h('select', { 'aria-label': `Technician to add to ${team.name}` },
          techs.filter((t) => !team.member_ids.includes(t.id)).map((t) => h('option', { value: t.id }, t.display_name)));
        return h('li', { class: 'team' },
          h('strong', {}, team.name), ': ',
          team.member_ids.length ? team.member_ids.map((id) => h('span', { class: 'chip' }, nameOf.get(id) || id,
            h('button', { type: 'button', class: 'link', 'aria-label': `Remove ${nameOf.get(id)} from ${team.name}`,
              onclick: () => api('DELETE', `/api/teams/${team.id}/members/${id}`).then(refresh, (e) => toast(e.message)) }, '×'))) : h('span', { class: 'muted' }, 'no members'),
          pick.options.length ? h('span', { class: 'add-member' }, pick, h('button', { type: 'button', class: 'secondary',
            onclick: () => api('PUT', `/api/teams/${team.id}/members/${pick.value}`).then(refresh, (e) => toast(e.message)) }, 'Add')) : null,
          h('button', { type: 'button', class: 'link danger-text',
            onclick: () => confirm(`Delete team ${team.name}?`) && api('DELETE', `/api/teams/${team.id}`).then(refresh, (e) => toast(e.message)) }, 'Delete'),
        );
      })),
      actionForm('Create a team', [field('Team name', teamNameInput)], 'Create team', async () => {
        await api('POST', '/api/teams', { name: teamNameInput.value });
        await refresh();
      }));

    const categoryName = h('input', { required: true, maxlength: 80 });
    const categoryTeam = h('select', {}, h('option', { value: '' }, 'No team'), teamList.map((t) => h('option', { value: t.id }, t.name)));
    const requestHelp = h('input', { type: 'checkbox' });
    mount(categories,
      h('table', { class: 'table' },
        h('thead', {}, h('tr', {}, ['Category', 'Team', 'Request help', ''].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, categoryList.map((c) => h('tr', {},
          h('td', {}, c.name), h('td', {}, c.team_id ? teamName.get(c.team_id) : '—'), h('td', {}, c.request_help ? 'Allowed' : 'No'),
          h('td', {}, h('button', { type: 'button', class: 'link danger-text',
            onclick: () => confirm(`Delete category ${c.name}?`) && api('DELETE', `/api/categories/${c.id}`).then(refresh, (e) => toast(e.message)) }, 'Delete')),
        )))),
      actionForm('Create an issue category', [field('Name', categoryName), field('Team', categoryTeam),
        h('label', { class: 'check' }, requestHelp, ' Allow request help')], 'Create category', async () => {
        await api('POST', '/api/categories', { name: categoryName.value, team_id: categoryTeam.value || null, request_help: requestHelp.checked });
        await refresh();
      }));
  }
  await refresh().catch((err) => toast(err.message));
}
