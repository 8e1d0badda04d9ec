// A WHEP client on an independent WebRTC stack (werift, pure TypeScript: its own ICE, DTLS, SRTP
// and SDP code, nothing shared with browsers or with our gateway) that offers only H.264 with
// packetization-mode=1 and no profile-level-id: RFC 6184 §8.1 Baseline, level 1.0.
// Usage: node whep-baseline.js <whep-url> <out.h264> <seconds>
// Plays for <seconds> after the first packet, writes the received access units as Annex B for a
// decoder to check, and prints one JSON line: what was offered, answered and received.
"use strict";
const fs = require("node:fs");
const { RTCPeerConnection, RTCRtpCodecParameters } = require("werift");

const [url, outPath, seconds] = process.argv.slice(2);
const startCode = Buffer.from([0, 0, 0, 1]);

async function main() {
  const pc = new RTCPeerConnection({
    iceServers: [], // nothing but the gateway's own loopback candidates is ever contacted
    iceUseIpv6: false,
    iceInterfaceAddresses: { udp4: "127.0.0.1" },
    iceAdditionalHostAddresses: ["127.0.0.1"],
    codecs: {
      audio: [],
      video: [new RTCRtpCodecParameters({
        mimeType: "video/H264",
        clockRate: 90000,
        rtcpFeedback: [{ type: "nack" }, { type: "nack", parameter: "pli" }],
        parameters: "packetization-mode=1",
      })],
    },
  });
  const out = fs.createWriteStream(outPath);
  const stats = { packets: 0, bytes: 0, keyframes: 0, answerFmtp: null, offerFmtp: null };
  let fragments = null;
  let firstPacket = null;
  const played = new Promise((resolve) => {
    pc.onTrack.subscribe((track) => {
      track.onReceiveRtp.subscribe((rtp) => {
        stats.packets++;
        stats.bytes += rtp.payload.length;
        firstPacket ??= Date.now();
        depacketize(rtp.payload, out, stats, (f) => (fragments = f), () => fragments);
        if (Date.now() - firstPacket > Number(seconds) * 1000) resolve();
      });
    });
  });

  pc.addTransceiver("video", { direction: "recvonly" });
  await pc.setLocalDescription(await pc.createOffer());
  await waitForGathering(pc);
  const offer = pc.localDescription.sdp;
  stats.offerFmtp = offer.split("\r\n").filter((l) => l.startsWith("a=fmtp:"));
  const response = await fetch(url, { method: "POST", headers: { "Content-Type": "application/sdp" }, body: offer });
  const answer = await response.text();
  if (response.status !== 201) throw new Error(`WHEP answered ${response.status}: ${answer}`);
  stats.answerFmtp = answer.split("\r\n").filter((l) => l.startsWith("a=fmtp:"));
  await pc.setRemoteDescription({ type: "answer", sdp: answer });

  await Promise.race([played, new Promise((_, reject) => setTimeout(() => reject(new Error("no media in time")), 60000))]);
  const location = response.headers.get("location");
  if (location) await fetch(new URL(location, url), { method: "DELETE" }).catch(() => {});
  await new Promise((resolve) => out.end(resolve));
  await pc.close();
  console.log(JSON.stringify(stats));
}

function waitForGathering(pc) {
  if (pc.iceGatheringState === "complete") return Promise.resolve();
  return new Promise((resolve) => pc.iceGatheringStateChange.subscribe((state) => state === "complete" && resolve()));
}

// RFC 6184: single NAL unit (1-23), STAP-A (24), FU-A (28); each NAL unit out with a start code.
function depacketize(payload, out, stats, setFragments, getFragments) {
  const type = payload[0] & 0x1f;
  if (type >= 1 && type <= 23) {
    write(payload, out, stats);
  } else if (type === 24) {
    for (let i = 1; i + 2 <= payload.length;) {
      const size = payload.readUInt16BE(i);
      write(payload.subarray(i + 2, i + 2 + size), out, stats);
      i += 2 + size;
    }
  } else if (type === 28) {
    const header = payload[1];
    if (header & 0x80) setFragments([Buffer.from([(payload[0] & 0xe0) | (header & 0x1f)])]);
    const fragments = getFragments();
    if (!fragments) return;
    fragments.push(payload.subarray(2));
    if (header & 0x40) {
      write(Buffer.concat(fragments), out, stats);
      setFragments(null);
    }
  }
}

function write(nal, out, stats) {
  if ((nal[0] & 0x1f) === 5) stats.keyframes++;
  out.write(startCode);
  out.write(nal);
}

main().then(() => process.exit(0), (error) => {
  console.error(String(error?.stack ?? error));
  process.exit(1);
});
