// The management API as the console calls it: Authorization: Basic base64(token) on every call,
// the token kept in this tab's sessionStorage only (never a cookie, so no request carries it
// unless this script adds it, and nothing is left behind when the tab closes).
// credentials: 'omit' also keeps the browser from offering its own Basic login box on a 401.

const TokenKey = 'securestream.console.token';

/** A 401: the token is wrong or no longer configured. */
export class RefusedError extends Error {
  constructor() {
    super('refused');
    this.name = 'RefusedError';
  }
}

/** Any other failure, with the API's own message when it gave one. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

export const token = {
  get: () => sessionStorage.getItem(TokenKey),
  set: (value) => sessionStorage.setItem(TokenKey, value),
  clear: () => sessionStorage.removeItem(TokenKey),
};

let onRefused = () => {};

/** Called on every 401, whichever call met it. */
export function whenRefused(handler) {
  onRefused = handler;
}

// btoa takes bytes as a Latin-1 string; the token is UTF-8, as the gateway compares it.
function basic(value) {
  let binary = '';
  for (const byte of new TextEncoder().encode(value)) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}

/**
 * Calls the API and returns the wrapper's "response" with the status code.
 * Throws RefusedError on 401 (after calling the refusal handler) and ApiError otherwise.
 */
export async function call(method, path, body) {
  const current = token.get();
  if (!current) {
    onRefused();
    throw new RefusedError();
  }

  const headers = { Authorization: basic(current), Accept: 'application/json' };
  const init = { method, headers, credentials: 'omit', cache: 'no-store', redirect: 'error' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }

  const response = await fetch(path, init);
  if (response.status === 401) {
    onRefused();
    throw new RefusedError();
  }

  let envelope = null;
  try {
    envelope = await response.json();
  } catch {
    // Not JSON: the status says enough.
  }

  if (!response.ok) {
    throw new ApiError(response.status, envelope?.message || `${response.status} ${response.statusText}`);
  }

  return { status: response.status, message: envelope?.message ?? '', response: envelope?.response ?? null };
}

export const get = async (path) => (await call('GET', path)).response;
