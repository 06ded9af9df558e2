// The console's client of the server API: JSON in and out, CSRF token on every change.

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

let csrfToken = null;

export function setCsrf(token) {
  csrfToken = token;
}

// `keepalive`: the request outlives the page (a save as it unloads).
export async function api(method, path, body, { keepalive = false } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
    keepalive,
  });
  if (response.status === 204) return null;
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    const error = data && data.error ? data.error : { code: 'http_error', message: `The server answered ${response.status}` };
    throw new ApiError(response.status, error.code, error.message);
  }
  return data;
}
