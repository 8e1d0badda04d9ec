// The player page, /play/{app}/{stream}: one camera, played over WHEP by whep-client.js.
// The credential comes from the page's own URL: the signed query (policy/signature, or token=)
// is passed on unchanged, because it was signed for /{app}/{stream}/whep with exactly those
// parameters; a #token= fragment (never sent to any server with the page request) becomes an
// Authorization: Bearer header and is then removed from the address bar and history.
import { WhepPlayer } from './whep-client.js';

const [, , app, stream] = location.pathname.split('/');
const headers = {};
const fragment = new URLSearchParams(location.hash.slice(1));
const token = fragment.get('token');
if (token) {
  headers.Authorization = `Bearer ${token}`;
  history.replaceState(null, '', location.pathname + location.search);
}

const video = document.getElementById('video');
const status = document.getElementById('status');
document.getElementById('camera').textContent = `${app}/${stream}`;
document.title = `${app}/${stream} · SecureStream`;

const player = new WhepPlayer(video, {
  endpoint: async () => `/${app}/${stream}/whep${location.search}`,
  headers,
  onStatus: (state, message, reason) => {
    document.body.dataset.state = state;
    status.dataset.reason = reason;
    status.textContent = message;
  },
});
player.start();
// pagehide, not unload: it also fires when the page goes into the back-forward cache.
addEventListener('pagehide', () => player.stop());
