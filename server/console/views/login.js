import { api } from '../api.js';
import { errorBox, field, h, mount, showError } from '../dom.js';
import { navigate } from '../router.js';
import { setMe } from '../signed-in.js';

export function loginView(main) {
  const email = h('input', { type: 'email', name: 'email', autocomplete: 'username', required: true });
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const error = errorBox();
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = h('form', {
    class: 'card narrow',
    onsubmit: async (event) => {
      event.preventDefault();
      submit.disabled = true;
      error.hidden = true;
      try {
        setMe(await api('POST', '/api/auth/login', { email: email.value, password: password.value }));
        navigate('/');
      } catch (err) {
        showError(error, err);
        password.select();
      } finally {
        submit.disabled = false;
      }
    },
  },
    h('h1', {}, 'Sign in to Sightline'),
    field('Email', email),
    field('Password', password),
    error,
    submit,
  );
  mount(main, form);
  email.focus();
}
