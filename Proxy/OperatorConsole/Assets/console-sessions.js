// Live sessions (GET /v1/sessions) with a Kick button per row (DELETE /v1/sessions/{id}).
import { call, get, RefusedError } from './console-api.js';
import { bytes, cell, duration, fill, say } from './console-format.js';

const table = document.getElementById('sessions-table');
const status = document.getElementById('sessions-status');
const count = document.getElementById('sessions-count');

// Rows are kept by session id and updated in place: a refresh must not replace the row (and its
// Kick button) under the administrator's pointer.
const rows = new Map();
const latest = new Map();

function cameraOf(session) {
  return session.rendition && session.rendition !== 'main' ? `${session.camera} (${session.rendition})` : session.camera;
}

const Columns = [
  ['Operator', (s) => s.operator],
  ['Camera', cameraOf],
  ['Client IP', (s) => s.clientIp, 'mono'],
  ['Duration', (s) => duration(s.durationSeconds)],
  ['Bytes', (s) => bytes(s.octetsSent)],
  ['ICE path', (s) => s.icePath ?? '—'],
  ['Node', (s) => s.node || '—'],
];

function newRow(id, refresh) {
  const tr = document.createElement('tr');
  tr.dataset.sessionId = id;
  const kick = document.createElement('button');
  kick.type = 'button';
  kick.className = 'danger kick';
  kick.textContent = 'Kick';
  kick.addEventListener('click', () => kickSession(latest.get(id), refresh));
  tr.append(...Columns.map(([label, , className]) => cell(label, '', className)), cell('', kick, 'actions'));
  return tr;
}

function update(tr, session) {
  Columns.forEach(([, value], i) => {
    const text = value(session) ?? '—';
    if (tr.cells[i].textContent !== text) tr.cells[i].textContent = text;
  });
  tr.title = `${session.protocol} · session ${session.id}`;
}

async function kickSession(session, refresh) {
  if (!session) return;
  // The kick ends the viewer's media and bars its credential: ask first.
  if (!confirm(`Kick ${session.operator} watching ${session.camera} from ${session.clientIp}?`)) return;
  try {
    const answer = await call('DELETE', `/v1/sessions/${encodeURIComponent(session.id)}`);
    say(status, answer.status === 202 ? answer.message : `Kicked ${session.operator} from ${session.camera}.`, 'ok');
  } catch (error) {
    if (error instanceof RefusedError) return;
    say(status, error.status === 404 ? 'That session had already ended.' : `Kick failed: ${error.message}`, 'error');
  }
  await refresh();
}

/** Loads and shows the sessions; refresh is what a kick calls afterwards. */
export async function loadSessions(refresh) {
  const sessions = (await get('/v1/sessions')) ?? [];
  count.textContent = `(${sessions.length})`;
  latest.clear();
  for (const session of sessions) latest.set(session.id, session);
  for (const id of rows.keys()) {
    if (!latest.has(id)) rows.delete(id);
  }
  if (sessions.length === 0) {
    fill(table, [], 'No one is watching.');
    return;
  }

  const ordered = sessions.map((session) => {
    let tr = rows.get(session.id);
    if (!tr) {
      tr = newRow(session.id, refresh);
      rows.set(session.id, tr);
    }
    update(tr, session);
    return tr;
  });
  const body = table.tBodies[0];
  const current = [...body.rows];
  if (current.length !== ordered.length || current.some((tr, i) => tr !== ordered[i])) body.replaceChildren(...ordered);
}

export function clearSessions() {
  rows.clear();
  latest.clear();
  count.textContent = '';
  say(status, '');
  table.tBodies[0].replaceChildren();
}
