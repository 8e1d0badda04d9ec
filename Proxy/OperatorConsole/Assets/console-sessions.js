// Live sessions (GET /v1/sessions) with a Kick button per row (DELETE /v1/sessions/{id}).
import { call, get, RefusedError } from './console-api.js';
import { bytes, cell, duration, fill, say } from './console-format.js';

const table = document.getElementById('sessions-table');
const status = document.getElementById('sessions-status');
const count = document.getElementById('sessions-count');

function row(session, refresh) {
  const tr = document.createElement('tr');
  tr.dataset.sessionId = session.id;
  const camera = session.rendition && session.rendition !== 'main' ? `${session.camera} (${session.rendition})` : session.camera;
  const kick = document.createElement('button');
  kick.type = 'button';
  kick.className = 'danger kick';
  kick.textContent = 'Kick';
  kick.addEventListener('click', () => kickSession(session, refresh));
  tr.append(
    cell('Operator', session.operator),
    cell('Camera', camera),
    cell('Client IP', session.clientIp, 'mono'),
    cell('Duration', duration(session.durationSeconds)),
    cell('Bytes', bytes(session.octetsSent)),
    cell('ICE path', session.icePath ?? '—'),
    cell('Node', session.node || '—'),
    cell('', kick, 'actions'),
  );
  tr.title = `${session.protocol} · session ${session.id}`;
  return tr;
}

async function kickSession(session, refresh) {
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
  fill(table, sessions.map((s) => row(s, refresh)), 'No one is watching.');
}

export function clearSessions() {
  count.textContent = '';
  say(status, '');
  table.tBodies[0].replaceChildren();
}
