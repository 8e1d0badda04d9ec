// The demo wall, /: every demo camera in a grid, each tile a WhepPlayer (whep-client.js).
// The links come from /console/wall/links, which exists only while demo cameras are enabled and
// signs short-lived anonymous links; the list is fetched again when it is older than half their
// life, so a tile that reconnects later still has a valid link. Each tile fetches its camera's
// snapshot (its own signed link) as the video starts and shows it as the video's poster until
// the video plays. Both go to the same pull of the camera; a snapshot takes a place in the gate's
// snapshot pool, not one of the viewing places the videos need (docs/snapshots.md, "The wall").
import { WhepPlayer } from './whep-client.js';

const LINKS_PATH = '/console/wall/links';
const LINKS_REFRESH_MS = 5 * 60 * 1000;
// A cold camera's snapshot waits for its first keyframe and one decode, which a busy machine may
// slow to its bound (docs/snapshots.md, "Limits"); past this the poster is not worth having.
const POSTER_WAIT_MS = 30000;

const grid = document.getElementById('wall');
const status = document.getElementById('status');
let links = new Map();
let posters = new Map();
let fetchedAt = 0;
let pending = null;

async function fetchLinks() {
  const response = await fetch(LINKS_PATH, { cache: 'no-store', referrerPolicy: 'no-referrer' });
  if (!response.ok) {
    const error = new Error(`links answered ${response.status}`);
    error.status = response.status;
    throw error;
  }
  const list = await response.json();
  links = new Map(list.map((link) => [link.camera, link.url]));
  posters = new Map(list.map((link) => [link.camera, link.snapshot]));
  fetchedAt = Date.now();
  return links;
}

/** The current link for a camera, fetching the list again first when it is getting old. */
async function linkFor(camera) {
  if (Date.now() - fetchedAt > LINKS_REFRESH_MS) {
    pending ??= fetchLinks().finally(() => { pending = null; });
    await pending;
  }
  const url = links.get(camera);
  if (!url) throw new Error(`no link for ${camera}`);
  return url;
}

function addTile(camera) {
  const tile = document.createElement('figure');
  tile.className = 'tile';
  tile.dataset.camera = camera;
  const video = document.createElement('video');
  video.autoplay = true;
  video.muted = true;
  video.playsInline = true;
  video.hidden = true;
  const caption = document.createElement('figcaption');
  const name = document.createElement('span');
  name.className = 'camera';
  name.textContent = camera;
  const state = document.createElement('span');
  state.className = 'status';
  state.setAttribute('role', 'status');
  caption.append(name, state);
  tile.append(video, caption);
  grid.append(tile);

  const player = new WhepPlayer(video, {
    endpoint: () => linkFor(camera),
    onStatus: (value, message, reason) => {
      tile.dataset.state = value;
      state.dataset.reason = reason;
      state.textContent = message;
    },
  });
  showPoster(video, posters.get(camera));
  player.start();
  return player;
}

/** The snapshot as the video's poster (a blob: URL, as the page's CSP allows); a failure leaves the tile plain. */
async function showPoster(video, url) {
  if (!url) return;
  try {
    const response = await fetch(url, { cache: 'no-store', referrerPolicy: 'no-referrer', signal: AbortSignal.timeout(POSTER_WAIT_MS) });
    if (!response.ok) return;
    video.poster = URL.createObjectURL(await response.blob());
  } catch {
    // No poster: the video starts anyway.
  }
}

try {
  const first = await fetchLinks();
  const players = [...first.keys()].map(addTile);
  status.textContent = players.length === 0 ? 'No demo cameras.' : '';
  document.body.dataset.state = 'ready';
  addEventListener('pagehide', () => players.forEach((player) => player.stop()));
} catch (error) {
  status.textContent = error.status === 404
    ? 'The demo wall is off: demo cameras are not enabled on this gateway (DemoCameras:Enabled).'
    : error.status === 403
      ? 'This gateway gives demo links only to the machines listed in DemoCameras:WallClients (by default, itself).'
      : 'The camera list cannot be loaded. Reload the page to try again.';
  document.body.dataset.state = 'unavailable';
}
