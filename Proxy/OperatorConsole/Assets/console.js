// The operator console, /console on the management listener (docs/console.md). The page holds
// no data of its own: the administrator pastes their management token, which stays in this
// tab's sessionStorage, and every figure comes from the management API called with it. Any 401
// returns to the login form; Log out forgets the token.
import { get, RefusedError, token, whenRefused } from './console-api.js';
import { say } from './console-format.js';
import { clearAudit } from './console-audit.js';
import { clearMint, offerCameras } from './console-mint.js';
import { clearOverview, loadCameras, loadDenials } from './console-overview.js';
import { clearSessions, loadSessions } from './console-sessions.js';

const RefreshMilliseconds = 3000;

const loginForm = document.getElementById('login-form');
const loginStatus = document.getElementById('login-status');
const tokenInput = document.getElementById('token');
const dashboard = document.getElementById('dashboard');
const login = document.getElementById('login');
const logout = document.getElementById('logout');
const sections = document.getElementById('sections');

let timer = null;
let refreshing = null;

function setState(state) {
  document.body.dataset.state = state;
  const ready = state === 'ready';
  dashboard.hidden = !ready;
  logout.hidden = !ready;
  sections.hidden = !ready;
  login.hidden = ready;
}

/** Back to the login form, forgetting the token and everything the dashboard showed. */
function leave(state, message, kind) {
  clearInterval(timer);
  timer = null;
  token.clear();
  clearSessions();
  clearOverview();
  clearAudit();
  clearMint();
  setState(state);
  say(loginStatus, message, kind);
  tokenInput.value = '';
  tokenInput.focus();
}

whenRefused(() => leave('refused', 'Token refused: the gateway did not accept it.', 'error'));

// One section failing (say, a camera list the node cannot give) leaves the others showing.
async function section(load, statusId) {
  const status = document.getElementById(statusId);
  try {
    const value = await load();
    if (status.dataset.kind === 'error') say(status, '');
    return value;
  } catch (error) {
    if (!(error instanceof RefusedError)) say(status, `Could not load: ${error.message}`, 'error');
    return null;
  }
}

async function refreshOnce() {
  const [, cameras] = await Promise.all([
    section(() => loadSessions(refresh), 'sessions-status'),
    section(loadCameras, 'cameras-status'),
    section(loadDenials, 'denials-status'),
  ]);
  if (cameras) offerCameras(cameras);
}

// Never two refreshes at once: a slow answer is waited for, not overtaken.
function refresh() {
  refreshing ??= refreshOnce().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

async function enter() {
  // One call decides whether the token is good before the dashboard shows.
  try {
    await get('/v1/sessions');
  } catch (error) {
    if (!(error instanceof RefusedError)) say(loginStatus, `The gateway did not answer: ${error.message}`, 'error');
    return;
  }
  setState('ready');
  tokenInput.value = '';
  await refresh();
  timer ??= setInterval(refresh, RefreshMilliseconds);
}

loginForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const value = tokenInput.value.trim();
  if (!value) return;
  token.set(value);
  say(loginStatus, 'Checking…');
  enter();
});

logout.addEventListener('click', () => leave('login', 'Logged out.', ''));

if (token.get()) enter();
else setState('login');
