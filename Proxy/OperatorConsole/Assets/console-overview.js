// Cameras (GET /v1/console/cameras) and recent denials (GET /v1/console/denials).
import { get } from './console-api.js';
import { bitrate, cell, fill, time } from './console-format.js';

const cameras = document.getElementById('cameras-table');
const reasons = document.getElementById('denial-reasons');
const recent = document.getElementById('denial-recent');

const StateNames = { idle: 'idle', pulling: 'pulling', failing: 'failing', failedOver: 'failed over' };

function stateBadge(state) {
  const badge = document.createElement('span');
  badge.className = 'badge';
  badge.dataset.state = state;
  badge.textContent = StateNames[state] ?? state;
  return badge;
}

function cameraRow(camera) {
  const tr = document.createElement('tr');
  tr.dataset.camera = camera.camera;
  const error = camera.lastError ? `${camera.lastError}${camera.lastErrorAt ? ` (${time(camera.lastErrorAt)})` : ''}` : '—';
  tr.append(
    cell('Camera', camera.camera),
    cell('State', stateBadge(camera.state)),
    cell('Viewers', String(camera.viewers ?? 0)),
    cell('Bitrate', bitrate(camera.bitrateBps)),
    cell('Last error', error, camera.lastError ? 'error' : ''),
    cell('Source', camera.source ?? '—', 'mono'),
  );
  return tr;
}

/** Loads the cameras; returns them so the mint form can offer their names. */
export async function loadCameras() {
  const list = (await get('/v1/console/cameras')) ?? [];
  fill(cameras, list.map(cameraRow), 'No cameras registered.');
  return list;
}

export async function loadDenials() {
  const denials = await get('/v1/console/denials?minutes=60');
  const byReason = denials?.byReason ?? [];
  fill(reasons, byReason.map((r) => {
    const tr = document.createElement('tr');
    tr.dataset.reason = r.reason;
    tr.append(cell('Reason', r.reason, 'mono'), cell('Count', String(r.count)), cell('Last', time(r.lastAt)));
    return tr;
  }), 'No denials.');
  fill(recent, (denials?.recent ?? []).map((d) => {
    const tr = document.createElement('tr');
    tr.append(
      cell('Time', time(d.time)),
      cell('Reason', d.reason, 'mono'),
      cell('Camera', d.camera ?? '—'),
      cell('Client IP', d.clientIp, 'mono'),
      cell('Trace', d.traceId, 'mono small'),
    );
    return tr;
  }), 'No denials.');
}

export function clearOverview() {
  for (const table of [cameras, reasons, recent]) table.tBodies[0].replaceChildren();
}
