// Audit search (GET /v1/audit/search): the journal's records that match, and whether the
// journal's hash chain verifies.
import { get, RefusedError } from './console-api.js';
import { cell, fill, say, time } from './console-format.js';

const form = document.getElementById('audit-form');
const chain = document.getElementById('audit-chain');
const status = document.getElementById('audit-status');
const table = document.getElementById('audit-table');

// datetime-local is the browser's local time; the API takes an instant.
function instant(value) {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function cameraOf(record) {
  if (record.app && record.camera) return `${record.app}/${record.camera}`;
  return record.camera ?? record.app ?? '—';
}

function outcomeOf(record) {
  if (record.decision) return record.reason ? `${record.decision}: ${record.reason}` : record.decision;
  return record.end_reason ?? record.reason ?? record.outcome ?? record.action ?? record.status ?? '—';
}

// A record an administrator's action wrote (link.minted) names them beside the operator.
function operatorOf(record) {
  if (record.administrator && record.operator) return `${record.operator} (by ${record.administrator})`;
  return record.operator ?? record.administrator ?? '—';
}

function row(record) {
  const tr = document.createElement('tr');
  tr.dataset.type = record.type ?? '';
  if (record.session_id) tr.dataset.sessionId = record.session_id;
  // The whole record on hover: every field, as the journal holds it.
  tr.title = JSON.stringify(record, null, 1);
  tr.append(
    cell('Time', time(record.time)),
    cell('Type', record.type, 'mono'),
    cell('Operator', operatorOf(record)),
    cell('Camera', cameraOf(record)),
    cell('Session', record.session_id ?? '—', 'mono small'),
    cell('Credential', record.credential_id ?? record.link_id ?? '—', 'mono small'),
    cell('Outcome', outcomeOf(record), 'mono'),
    cell('Client IP', record.client_ip ?? record.admin_ip ?? '—', 'mono'),
  );
  return tr;
}

function showChain(result) {
  if (!result) {
    chain.textContent = '';
    delete chain.dataset.verified;
    return;
  }
  chain.dataset.verified = String(Boolean(result.verified));
  // The verdict is reused for a while as the journal grows: say when it was made.
  const when = result.verifiedAt ? ` · checked ${time(result.verifiedAt)}` : '';
  chain.textContent = result.verified
    ? `Audit chain verified (${result.records} records)${when}`
    : `Audit chain does NOT verify: ${result.problem ?? 'unknown problem'} (${result.records} records read)${when}`;
}

async function search(event) {
  event.preventDefault();
  const query = new URLSearchParams();
  const fields = {
    operator: form.elements.operator.value.trim(),
    camera: form.elements.camera.value.trim(),
    linkId: form.elements.linkId.value.trim(),
    from: instant(form.elements.from.value),
    to: instant(form.elements.to.value),
    limit: form.elements.limit.value,
  };
  for (const [key, value] of Object.entries(fields)) {
    if (value) query.set(key, value);
  }

  say(status, 'Searching…');
  try {
    const result = await get(`/v1/audit/search?${query}`);
    showChain(result?.chain);
    const records = result?.records ?? [];
    fill(table, records.map(row), 'No record matches.');
    say(status, `${records.length} record${records.length === 1 ? '' : 's'}.`);
  } catch (error) {
    if (error instanceof RefusedError) return;
    showChain(null);
    say(status, `Search failed: ${error.message}`, 'error');
  }
}

form.addEventListener('submit', search);

export function clearAudit() {
  form.reset();
  showChain(null);
  say(status, '');
  table.tBodies[0].replaceChildren();
}
