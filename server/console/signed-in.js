// Who is signed in to the console: the technician and organisation from `/api/me`, with
// the CSRF token every write sends.

import { api, setCsrf } from './api.js';

let me = null;

export async function signedIn() {
  if (me) return me;
  try {
    me = await api('GET', '/api/me');
    setCsrf(me.csrf_token);
    return me;
  } catch {
    return null;
  }
}

export function setMe(value) {
  me = value;
  setCsrf(me ? me.csrf_token : null);
}
