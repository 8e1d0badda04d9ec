// Formatting and table building shared by the console's sections. Everything the API returns
// is put on the page as text (textContent), never as markup.

const numbers = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

export function duration(seconds) {
  if (seconds == null || Number.isNaN(seconds)) return '—';
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  if (m > 0) return `${m} min ${String(rest).padStart(2, '0')} s`;
  return `${rest} s`;
}

export function bytes(value) {
  if (value == null) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = value;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i += 1;
  }
  return `${numbers.format(v)} ${units[i]}`;
}

export function bitrate(bps) {
  if (bps == null) return '—';
  if (bps >= 1e6) return `${numbers.format(bps / 1e6)} Mbit/s`;
  if (bps >= 1e3) return `${numbers.format(bps / 1e3)} kbit/s`;
  return `${numbers.format(bps)} bit/s`;
}

export function time(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? String(iso) : date.toLocaleString();
}

/**
 * A cell: its label goes in data-label, which the narrow layout shows beside the value when
 * the table collapses into cards (the header row is hidden there).
 */
export function cell(label, content, className) {
  const td = document.createElement('td');
  td.dataset.label = label;
  if (className) td.className = className;
  if (content instanceof Node) td.append(content);
  else td.textContent = content ?? '—';
  return td;
}

/** Replaces a table's body with rows, or with one row saying there is nothing to show. */
export function fill(table, rows, empty) {
  const body = table.tBodies[0];
  if (rows.length === 0) {
    const tr = document.createElement('tr');
    tr.className = 'empty';
    const td = document.createElement('td');
    td.colSpan = table.tHead.rows[0].cells.length;
    td.textContent = empty;
    tr.append(td);
    body.replaceChildren(tr);
    return;
  }
  body.replaceChildren(...rows);
}

/** Shows a message in a section's status line; kind: '', 'error' or 'ok'. */
export function say(element, message, kind = '') {
  element.textContent = message;
  element.dataset.kind = kind;
}
