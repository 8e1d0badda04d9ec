// Mint a link (POST /v1/console/links): a signed link or a token for one camera and operator,
// audited by the gateway under the administrator's name. The answer is shown as a link that
// opens the player page on the viewer listener in a new tab.
import { call, RefusedError } from './console-api.js';
import { say, time } from './console-format.js';

const form = document.getElementById('mint-form');
const cameraSelect = document.getElementById('mint-camera');
const status = document.getElementById('mint-status');
const result = document.getElementById('mint-result');
const link = document.getElementById('mint-link');

/** Offers the cameras' names, keeping the administrator's choice across refreshes. */
export function offerCameras(cameras) {
  const names = cameras.map((c) => c.camera).sort();
  const current = [...cameraSelect.options].map((o) => o.value);
  if (names.length === current.length && names.every((n, i) => n === current[i])) return;
  const chosen = cameraSelect.value;
  cameraSelect.replaceChildren(...names.map((name) => new Option(name, name, false, name === chosen)));
}

function hide() {
  result.hidden = true;
  link.removeAttribute('href');
  link.textContent = '';
}

async function mint(event) {
  event.preventDefault();
  hide();
  const body = {
    camera: cameraSelect.value,
    operator: form.elements.operator.value.trim(),
    kind: form.elements.kind.value,
    lifetimeSeconds: Math.round(Number(form.elements.lifetime.value) * 60),
  };
  if (form.elements.rendition.value) body.rendition = form.elements.rendition.value;

  say(status, 'Minting…');
  try {
    const { response } = await call('POST', '/v1/console/links', body);
    // Only a web address becomes a link: nothing the answer holds can run script here.
    const url = new URL(response.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('the gateway answered an address that is not a web page');
    link.href = url.href;
    link.textContent = url.href;
    document.getElementById('mint-expires').textContent = time(response.expiresAt);
    document.getElementById('mint-link-id').textContent = response.linkId;
    result.hidden = false;
    say(status, `Minted a ${body.kind === 'token' ? 'token' : 'signed link'} for ${body.operator} on ${body.camera}.`, 'ok');
  } catch (error) {
    if (error instanceof RefusedError) return;
    say(status, `Mint failed: ${error.message}`, 'error');
  }
}

form.addEventListener('submit', mint);

export function clearMint() {
  form.reset();
  hide();
  say(status, '');
  cameraSelect.replaceChildren();
}
