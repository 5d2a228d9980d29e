// Calls the Plinth API with the console session: the cookie goes by itself, the CSRF token is added
// to every write, and problem+json errors become ApiError with the problem attached.

let csrf = {header: 'X-CSRF-TOKEN', token: null};

export function setCsrf(header, token) {
  csrf = {header: header || 'X-CSRF-TOKEN', token};
}

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || ('HTTP ' + status));
    this.status = status;
    this.problem = problem || {};
  }
}

export async function request(method, path, body, contentType = 'application/json', accept = 'application/json') {
  const headers = {Accept: accept};
  if (method !== 'GET' && method !== 'HEAD' && csrf.token) headers[csrf.header] = csrf.token;
  let payload;
  if (body !== undefined) {
    headers['Content-Type'] = contentType;
    payload = contentType === 'application/json' ? JSON.stringify(body) : body;
  }
  const response = await fetch(path, {method, headers, body: payload, credentials: 'same-origin'});
  if (response.status === 401 && !path.startsWith('/console/')) {
    window.dispatchEvent(new CustomEvent('plinth:signed-out'));
  }
  const text = await response.text();
  const isJson = (response.headers.get('Content-Type') || '').includes('json');
  const data = text && isJson ? JSON.parse(text) : text;
  if (!response.ok) throw new ApiError(response.status, isJson ? data : {detail: text});
  return data;
}

export const get = (path) => request('GET', path);
/** A text document in whatever type the server stores it (a definition's YAML or JSON source). */
export const getText = (path) => request('GET', path, undefined, undefined, '*/*');
export const post = (path, body) => request('POST', path, body === undefined ? {} : body);
export const del = (path) => request('DELETE', path);

/** Encodes one path segment (app names, user ids and session ids are user-chosen). */
export const seg = (value) => encodeURIComponent(value);

/** A query string from an object, skipping empty values. */
export function query(params) {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '');
  return entries.length ? '?' + new URLSearchParams(entries).toString() : '';
}
