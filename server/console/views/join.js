import { formatCode, h, mount } from '../dom.js';

// What a customer sees when they open a join link in a browser instead of the app.
export function joinView(main, code) {
  const valid = /^\d{9}$/.test(code);
  mount(main, h('section', { class: 'card narrow' },
    h('h1', {}, 'Join a Sightline session'),
    valid
      ? [
          h('p', {}, 'Open the app that your technician asked you to install, choose “Join a session” and enter this code:'),
          h('p', { class: 'join-code', 'aria-label': `Join code ${code.split('').join(' ')}` }, formatCode(code)),
          h('p', { class: 'muted' }, 'If the app is installed, opening this link on your phone starts it directly.'),
        ]
      : h('p', { class: 'error', role: 'alert' }, 'This join link is not valid. Ask your technician for a new one.'),
  ));
}
