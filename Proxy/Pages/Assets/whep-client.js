// SecureStream's WHEP client (RFC 9725), shared by the player page and the demo wall.
// Plain modern JavaScript, no build step, no dependency. It receives one camera over WebRTC:
// POST a recvonly offer, apply the answer, DELETE the session resource when done. It tells the
// page what happens through one callback, in words a viewer understands, and reconnects by
// itself after a network blip, but never after a refusal that a retry cannot change.

/** The gate's reason codes (docs/reason-codes.md), in words for a viewer. */
const REASON_TEXT = {
  credential_missing: 'This link carries no access credential. Ask for a new link.',
  credential_conflict: 'This link carries more than one credential. Use the link exactly as you received it.',
  signature_missing: 'This link is not signed. Ask for a new link.',
  signature_malformed: 'This link is damaged (its signature cannot be read). Copy the whole link again.',
  signature_invalid: 'This link is not valid: its signature does not match. It may have been changed or copied incompletely.',
  policy_malformed: 'This link is damaged (its policy cannot be read). Ask for a new link.',
  policy_too_large: 'This link is not valid (its policy is too large). Ask for a new link.',
  link_expired: 'This link has expired. Ask for a new link.',
  link_not_active: 'This link is not valid yet. Try again later.',
  stream_expired: 'Viewing time for this link has ended. Ask for a new link.',
  token_malformed: 'The access token cannot be read. Ask for a new link.',
  token_too_large: 'The access token is too large. Ask for a new link.',
  token_invalid: 'The access token is not valid.',
  token_expired: 'The access token has expired. Ask for a new link.',
  token_not_yet_valid: 'The access token is not valid yet. Try again later.',
  token_lifetime_too_long: 'The access token is not accepted (its lifetime is too long).',
  token_key_unknown: 'The access token was signed with a key this gateway does not know.',
  token_algorithm_refused: 'The access token is not accepted (wrong signing algorithm).',
  token_audience_invalid: 'The access token was issued for another service.',
  token_issuer_invalid: 'The access token comes from an issuer this gateway does not trust.',
  token_type_invalid: 'The access token is not accepted (wrong type).',
  token_claim_missing: 'The access token is incomplete. Ask for a new link.',
  link_reused: 'This link has already been used as often as it may be. Ask for a new link.',
  key_retired: 'This link was signed with a key that has been retired. Ask for a new link.',
  address_not_allowed: 'This link cannot be used from your network address.',
  not_entitled: 'You are not allowed to view this camera, or it does not exist.',
  outside_time_window: 'You may not view this camera at this time.',
  anonymous_not_allowed: 'This camera cannot be viewed with an anonymous link. Sign in or ask for a personal link.',
  webhook_denied: 'Access to this camera was denied.',
  webhook_redirect_refused: 'Access to this camera was refused (the access check redirected it elsewhere).',
  session_limit: 'Too many viewers are watching with this account or link. Close another player and this one will retry.',
  rate_limited: 'Too many requests from your network. Retrying shortly.',
  locked_out: 'Too many invalid links came from your network; it is refused for a while. Retrying later.',
  too_many_pending: 'Too many requests from your network are still being checked. Retrying shortly.',
  webhook_unavailable: 'The access check is not answering. Retrying shortly.',
  audit_unavailable: 'The gateway cannot record access right now. Retrying shortly.',
  origin_unavailable: 'The camera service is not answering. Retrying shortly.',
  shared_state_unavailable: 'The gateway cannot check viewer limits right now. Retrying shortly.',
  session_not_found: 'The viewing session has ended.',
  session_ended: 'The viewing session has ended.',
  credential_kicked: 'An administrator ended this viewing session. Ask for a new link.',
  demo_wall_client_not_allowed: 'This gateway gives demo links only to the machines listed in DemoCameras:WallClients (by default, itself).',
  ticket_missing: 'The camera service refused the request: it did not come through the gateway.',
  ticket_invalid: 'The camera service refused the request: the gateway\'s pass was not valid.',
  malformed_target: 'There is no camera at this address.',
  ambiguous_target: 'This address is not valid. Use the link exactly as you received it.',
  invalid_name: 'This camera name is not valid.',
  duplicate_parameter: 'This link is not valid (a parameter appears twice).',
  target_too_long: 'This link is too long.',
  too_many_parameters: 'This link has too many parameters.',
  control_character: 'This link contains characters that are not allowed.',
  unknown_host: 'This gateway does not serve the host name in this link.',
  body_too_large: 'The browser sent a request that is too large.',
  forward_param_conflict: 'This link sets a camera parameter that the camera\'s own address already fixes. Remove it from the link.',
  rendition_unknown: 'This link asks for a stream that does not exist. Use rendition=main, rendition=sub, or leave it out.',
  snapshot_limit: 'Too many pictures are being fetched from this address at once. Try again in a moment.',
};

/** Words for a status that came without a known reason code. */
const STATUS_TEXT = {
  400: 'The gateway could not understand the request.',
  401: 'Access refused: the link is not valid.',
  403: 'Access denied.',
  404: 'There is no camera at this address.',
  429: 'Too many requests. Retrying shortly.',
  503: 'The camera service is temporarily unavailable. Retrying shortly.',
};

const RETRY_FIRST_MS = 1000;
const RETRY_MAX_MS = 30000;
// Host candidates on a LAN gather in milliseconds; the offer goes without the rest after this.
const ICE_GATHERING_LIMIT_MS = 2000;
// ICE "disconnected" often recovers on its own (a Wi-Fi hiccup); reconnect only if it lasts.
const DISCONNECTED_GRACE_MS = 3000;
// A stream whose packets stop while it plays is dead: its origin went away without a word (no DTLS
// close, and ICE takes many seconds to notice). A live camera sends video several times a second,
// so a pause this long is no stream any more; the player asks again at once and the front door
// sends it to the camera's next origin (docs/cluster.md, "Failure behaviour").
const STALL_LIMIT_MS = 2000;
const STALL_CHECK_MS = 500;
const DELETE_LIMIT_MS = 5000;

/** The message to show for a refusal. */
export function describeRefusal(status, reason) {
  return REASON_TEXT[reason] ?? STATUS_TEXT[status] ?? `The gateway refused the request (HTTP ${status}).`;
}

/**
 * Whether asking again can succeed: only when the gateway or the network is briefly unable
 * (429, 503, other 5xx). A refused credential, a missing entitlement or a wrong address
 * (401, 403, 404, other 4xx) stays refused, and retrying would only fill the audit journal.
 */
export function isRetryable(status) {
  return status === 429 || status >= 500;
}

/**
 * Plays one camera into a video element.
 * options.endpoint: async () => the WHEP URL to POST to (called for every attempt, so a page can
 *   hand out a fresh link); options.headers: extra request headers (Authorization);
 * options.onStatus(state, message, reason): state is 'connecting', 'playing', 'retrying',
 *   'refused' or 'stopped'.
 */
export class WhepPlayer {
  #video;
  #options;
  #pc = null;
  #resource = null;
  #attempt = 0;
  #retryTimer = 0;
  #graceTimer = 0;
  #stallTimer = 0;
  #stopped = false;
  #generation = 0;

  constructor(video, options) {
    this.#video = video;
    this.#options = options;
  }

  /** Starts the first attempt. */
  start() {
    this.#stopped = false;
    this.#connect();
  }

  /** Ends the session: DELETE the resource (keepalive, so it is sent even as the page unloads) and close. */
  stop() {
    this.#stopped = true;
    clearTimeout(this.#retryTimer);
    this.#teardown();
    this.#detachVideo();
    this.#report('stopped', 'Stopped.');
  }

  async #connect() {
    const generation = ++this.#generation;
    const current = () => generation === this.#generation && !this.#stopped;
    this.#report('connecting', this.#attempt === 0 ? 'Connecting…' : 'Reconnecting…');
    let endpoint;
    try {
      endpoint = new URL(await this.#options.endpoint(), location.href);
    } catch (error) {
      if (current()) this.#retry(0, 'Cannot get a link for this camera. Retrying shortly.');
      return;
    }
    if (!current()) return;

    const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
    this.#pc = pc;
    pc.addTransceiver('video', { direction: 'recvonly' });
    pc.addTransceiver('audio', { direction: 'recvonly' });
    const stream = new MediaStream();
    pc.ontrack = (event) => {
      if (!current()) return;
      stream.addTrack(event.track);
      this.#video.srcObject = stream;
    };
    pc.onconnectionstatechange = () => current() && this.#onConnectionState(pc.connectionState);

    let response;
    try {
      await pc.setLocalDescription(await pc.createOffer());
      await this.#gathered(pc);
      if (!current()) return;
      response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/sdp', ...(this.#options.headers ?? {}) },
        body: pc.localDescription.sdp,
        cache: 'no-store',
        referrerPolicy: 'no-referrer',
      });
    } catch (error) {
      // fetch rejects only when no answer arrived at all: a network error, worth retrying.
      if (current()) this.#retry(0, 'The gateway cannot be reached. Retrying shortly.');
      return;
    }
    if (!current()) return;

    if (response.status !== 201) {
      const reason = await readReason(response);
      const message = describeRefusal(response.status, reason);
      if (isRetryable(response.status)) {
        this.#retry(retryAfterMs(response), message, reason);
      } else {
        this.#refuse(message, reason);
      }
      return;
    }

    const resource = response.headers.get('Location');
    this.#resource = resource ? new URL(resource, endpoint) : null;
    try {
      await pc.setRemoteDescription({ type: 'answer', sdp: await response.text() });
    } catch (error) {
      if (current()) this.#retry(0, 'The camera service sent an answer the browser cannot use. Retrying shortly.');
      return;
    }
    if (!current()) return;
    // The gateway ends a session (its deadline, a kick, a revoked key, the camera gone) with a
    // DTLS close_notify. The browser closes the DTLS transport at once but reports the connection
    // as connected until ICE consent fails many seconds later, all the while showing the last
    // picture as "Live". Ask again at once instead: the gate then says why, or it plays again.
    const dtls = pc.getReceivers()[0]?.transport;
    if (dtls) {
      dtls.onstatechange = () => {
        if (current() && (dtls.state === 'closed' || dtls.state === 'failed')) {
          this.#retry(0, 'The viewing session has ended. Reconnecting…');
        }
      };
    }
    this.#video.hidden = false;
    const onPlaying = () => {
      if (!current()) return;
      this.#attempt = 0;
      this.#report('playing', 'Live');
      this.#watchForStall(pc, current);
    };
    this.#video.addEventListener('playing', onPlaying, { once: true });
    this.#video.play().catch(() => { /* autoplay blocked: the controls let the viewer start it */ });
  }

  #onConnectionState(state) {
    clearTimeout(this.#graceTimer);
    if (state === 'failed') {
      this.#retry(0, 'The connection was lost. Reconnecting…');
    } else if (state === 'disconnected') {
      this.#graceTimer = setTimeout(() => this.#retry(0, 'The connection was lost. Reconnecting…'), DISCONNECTED_GRACE_MS);
    }
  }

  /** Reconnects when no video packet arrived for STALL_LIMIT_MS while playing (getStats, inbound-rtp). */
  #watchForStall(pc, current) {
    let packets = -1;
    let since = performance.now();
    clearInterval(this.#stallTimer);
    this.#stallTimer = setInterval(async () => {
      let received = 0;
      try {
        (await pc.getStats()).forEach((stat) => {
          if (stat.type === 'inbound-rtp' && stat.kind === 'video') received += stat.packetsReceived ?? 0;
        });
      } catch {
        return;
      }
      if (!current()) return;
      const now = performance.now();
      if (received !== packets) {
        packets = received;
        since = now;
      } else if (now - since >= STALL_LIMIT_MS) {
        this.#retry(0, 'The stream stopped. Reconnecting…');
      }
    }, STALL_CHECK_MS);
  }

  /** Waits until ICE gathering completes, or the limit passes (the offer then carries what it has). */
  #gathered(pc) {
    if (pc.iceGatheringState === 'complete') return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        if (pc.iceGatheringState === 'complete') {
          clearTimeout(timer);
          pc.removeEventListener('icegatheringstatechange', done);
          resolve();
        }
      };
      const timer = setTimeout(() => {
        pc.removeEventListener('icegatheringstatechange', done);
        resolve();
      }, ICE_GATHERING_LIMIT_MS);
      pc.addEventListener('icegatheringstatechange', done);
    });
  }

  /**
   * A new attempt: the first at once (a stream that was playing is usually back on the next try),
   * then after a backoff doubling from 1 s to 30 s, with jitter so a wall does not reconnect in lockstep.
   */
  #retry(minimumMs, message, reason) {
    if (this.#stopped) return;
    const generation = ++this.#generation;
    const ended = this.#teardown();
    const backoff = this.#attempt === 0
      ? 0
      : Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** (this.#attempt - 1)) * (0.8 + Math.random() * 0.4);
    const delay = Math.max(minimumMs, backoff);
    this.#attempt++;
    this.#report('retrying', message, reason);
    clearTimeout(this.#retryTimer);
    // The next offer waits for the previous session's DELETE to be answered: until then the gateway
    // still counts that session against the account's or address's share, and an offer sent beside
    // it would be refused (and audited) as one viewer too many.
    this.#retryTimer = setTimeout(async () => {
      await ended;
      if (generation === this.#generation && !this.#stopped) this.#connect();
    }, delay);
  }

  #refuse(message, reason) {
    this.#generation++;
    this.#teardown();
    this.#detachVideo();
    this.#report('refused', message, reason);
  }

  /** Lets go of the current attempt; the promise settles once its DELETE was answered (or gave up). */
  #teardown() {
    clearTimeout(this.#graceTimer);
    clearInterval(this.#stallTimer);
    const pc = this.#pc;
    this.#pc = null;
    if (pc) {
      pc.ontrack = null;
      pc.onconnectionstatechange = null;
      for (const receiver of pc.getReceivers()) {
        if (receiver.transport) receiver.transport.onstatechange = null;
      }
    }
    if (!this.#resource) {
      pc?.close();
      return Promise.resolve();
    }
    // DELETE first, close after: the server then hears an explicit end of this session rather
    // than a transport that went away. keepalive lets it leave while the page unloads (the
    // browser then closes the connection itself); the timeout bounds an unanswered DELETE.
    const ended = fetch(this.#resource, {
      method: 'DELETE',
      headers: { ...(this.#options.headers ?? {}) },
      keepalive: true,
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
      signal: AbortSignal.timeout(DELETE_LIMIT_MS),
    }).catch(() => { /* the server ends the session on its own when the transport goes */ })
      .finally(() => pc?.close());
    this.#resource = null;
    return ended;
  }

  #detachVideo() {
    this.#video.srcObject = null;
    this.#video.hidden = true;
  }

  #report(state, message, reason) {
    this.#options.onStatus?.(state, message, reason ?? '');
  }
}

async function readReason(response) {
  const type = response.headers.get('Content-Type') ?? '';
  if (!type.includes('json')) return '';
  try {
    const body = await response.json();
    return typeof body.reason === 'string' ? body.reason : '';
  } catch {
    return '';
  }
}

function retryAfterMs(response) {
  const seconds = Number.parseInt(response.headers.get('Retry-After') ?? '', 10);
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 300) * 1000 : 0;
}
