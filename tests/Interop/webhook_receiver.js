// An admission webhook receiver on Node.js's standard http module, as integrators write them.
//
// It answers HTTP/1.1 with keep-alive (Node's default, idle connections closed after 5 s). It
// verifies X-OME-Signature (base64url-no-pad HMAC-SHA1(secret, body)) and admits only correctly
// signed openings. It binds port 0 on 127.0.0.1, prints "port N", then one line per request it
// read: "request <status> <signed|unsigned>".
//
//     node webhook_receiver.js --secret KEY [--mode allow|status-500|reset-after-read]
'use strict';
const crypto = require('node:crypto');
const http = require('node:http');

function option(name, fallback) {
  const at = process.argv.indexOf(name);
  return at > 0 && at + 1 < process.argv.length ? process.argv[at + 1] : fallback;
}

const secret = option('--secret');
const mode = option('--mode', 'allow');
if (!secret || !['allow', 'status-500', 'reset-after-read'].includes(mode)) {
  process.stderr.write('usage: webhook_receiver.js --secret KEY [--mode allow|status-500|reset-after-read]\n');
  process.exit(2);
}

function answer(res, code, document) {
  const payload = JSON.stringify(document);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) });
  res.end(payload);
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const expected = Buffer.from(crypto.createHmac('sha1', secret).update(body).digest('base64url'));
    const given = Buffer.from(req.headers['x-ome-signature'] ?? '');
    const signed = given.length === expected.length && crypto.timingSafeEqual(given, expected);
    const status = JSON.parse(body.toString('utf8')).request.status;
    process.stdout.write(`request ${status} ${signed ? 'signed' : 'unsigned'}\n`);
    if (mode === 'reset-after-read') {
      req.socket.resetAndDestroy();
    } else if (mode === 'status-500') {
      answer(res, 500, { error: 'receiver failed' });
    } else if (status === 'closing') {
      answer(res, 200, {});
    } else if (signed) {
      answer(res, 200, { allowed: true });
    } else {
      answer(res, 200, { allowed: false, reason: 'bad signature' });
    }
  });
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`port ${server.address().port}\n`);
});
