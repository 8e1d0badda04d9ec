#!/usr/bin/python3
"""A real camera for the interop tests: GStreamer's RTSP server with H.264 (Constrained Baseline and
High), H.265, PCMU, AAC in both RTP payload formats and a Digest-protected mount. Run with Debian's /usr/bin/python3 (python3-gi), not a pyenv python.

Prints "PORT <n>" (open mounts) and "DIGEST_PORT <n>" (Digest-protected mounts) once it listens, then "CLIENTS <n>" whenever the number of connected RTSP
clients changes, so tests can watch the camera's own count of connections, and "REQUEST <path>?<query>" for every
DESCRIBE, so tests can see which URL the camera was asked for.

Usage: gst_rtsp_camera.py [--port N] [--digest-port N] [--user U --password P]
       [--mount /path=LAUNCH ...] [--digest-mount /path=LAUNCH ...] [--shared [--keep-cadence]]
With --shared every client of a mount joins one running pipeline (a camera whose encoder runs on
its own cadence, whoever connects) instead of getting a fresh pipeline that starts with a keyframe.
GStreamer's server still seeks a seekable shared pipeline on each PLAY with a Range, which flushes
the encoder into a new keyframe; with --keep-cadence a mount whose encoder is named "enc" or
"deafenc" answers that it cannot seek, so only a keyframe request (or the encoder's schedule) makes
a keyframe.
Without --mount the default mounts are /h264, /h265, /audio, /av, the 640x360 feeds of FEEDS below
and (Digest) /secure.
"""
import argparse
import signal
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402

# format=I420: 4:2:0 8-bit, as cameras send; left open, x265enc takes 4:4:4 and writes Main 4:4:4
# (RExt, profile-id=4), which no browser decodes.
VIDEO = "videotestsrc is-live=true ! video/x-raw,format=I420,width=320,height=240,framerate=15/1"
H264 = f"{VIDEO} ! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=30 ! rtph264pay name=pay0 pt=96 config-interval=1"
H265 = f"{VIDEO} ! x265enc tune=zerolatency speed-preset=ultrafast key-int-max=30 ! rtph265pay name=pay0 pt=96 config-interval=1"
PCMU = "audiotestsrc is-live=true wave=ticks ! audio/x-raw,rate=8000,channels=1 ! mulawenc ! rtppcmupay name={pay} pt=0"

# The feeds a real camera sends that browsers do not all take: 640x360 25 fps video, and a 440 Hz
# sine at 48 kHz mono (a tone, so a browser's totalAudioEnergy rises) as AAC-LC in RFC 3640
# mpeg4-generic AAC-hbr (rtpmp4gpay) or RFC 6416 MP4A-LATM (rtpmp4apay). Their names are the
# enum tests/Media.Tests/Interop/GStreamerFeed.cs; a pipeline starts only when a client plays it.
FEED_VIDEO = "videotestsrc is-live=true ! video/x-raw,format=I420,width=640,height=360,framerate=25/1"
X264 = "x264enc tune=zerolatency speed-preset=ultrafast key-int-max=25"
# ultrafast turns CABAC and 8x8 transforms off, which makes x264 write a Baseline SPS whatever the
# caps ask; turning them back on is what makes the stream really High profile.
FEED_H264_CB = f"{FEED_VIDEO} ! {X264} ! video/x-h264,profile=constrained-baseline ! rtph264pay name=pay0 pt=96 config-interval=1"
FEED_H264_HIGH = (f"{FEED_VIDEO} ! {X264} option-string=8x8dct=1:cabac=1 ! video/x-h264,profile=high"
                  " ! rtph264pay name=pay0 pt=96 config-interval=1")
FEED_H265 = f"{FEED_VIDEO} ! x265enc tune=zerolatency speed-preset=ultrafast key-int-max=25 ! rtph265pay name=pay0 pt=96 config-interval=1"
TONE = "audiotestsrc is-live=true wave=sine freq=440 volume=0.5 ! audio/x-raw,rate=48000,channels=1 ! voaacenc bitrate=64000"
AAC_HBR = TONE + " ! rtpmp4gpay name={pay} pt=97"
AAC_LATM = TONE + " ! rtpmp4apay name={pay} pt=97"
FEEDS = {
    "/h264-cb": FEED_H264_CB,
    "/h264-high": FEED_H264_HIGH,
    "/h265-640": FEED_H265,
    "/h264-aac": f"{FEED_H264_CB} {AAC_HBR.format(pay='pay1')}",
    "/h264-latm": f"{FEED_H264_CB} {AAC_LATM.format(pay='pay1')}",
    "/h265-aac": f"{FEED_H265} {AAC_HBR.format(pay='pay1')}",
    "/aac": AAC_HBR.format(pay="pay0"),
    "/latm": AAC_LATM.format(pay="pay0"),
}
DEFAULT_MOUNTS = {
    "/h264": H264,
    "/h265": H265,
    "/audio": PCMU.format(pay="pay0"),
    "/av": f"{H264} {PCMU.format(pay='pay1')}",
    **FEEDS,
}
DEFAULT_DIGEST_MOUNTS = {"/secure": H264}

USER = "user"

clients = 0
keep = []


def report_clients():
    print(f"CLIENTS {clients}", flush=True)


def on_client_closed(_client):
    global clients
    clients -= 1
    report_clients()


def on_describe_request(_client, ctx):
    uri = ctx.uri
    print(f"REQUEST {uri.abspath}?{uri.query or ''}", flush=True)


def on_client_connected(_server, client):
    global clients
    clients += 1
    client.connect("closed", on_client_closed)
    client.connect("describe-request", on_describe_request)
    report_clients()


def token(role):
    t = GstRtspServer.RTSPToken()
    t.set_string(GstRtspServer.RTSP_TOKEN_MEDIA_FACTORY_ROLE, role)
    return t


def on_media_configure(_factory, media, path, keep_cadence):
    """Encoders named "enc" honour keyframe requests, those named "deafenc" drop them (a camera
    that ignores PLI/FIR); both report each request and each keyframe with its frame number."""
    element = media.get_element()
    encoder = element.get_by_name("enc")
    deaf = encoder is None
    encoder = encoder or element.get_by_name("deafenc")
    if encoder is None:
        return
    frames = [0]

    def on_upstream_event(_pad, info):
        event = info.get_event()
        structure = event.get_structure() if event is not None else None
        if structure is not None and structure.get_name() == "GstForceKeyUnit":
            print(f"FORCE_KEY_UNIT{'_IGNORED' if deaf else ''} {path}", flush=True)
            if deaf:
                return Gst.PadProbeReturn.DROP
        return Gst.PadProbeReturn.OK

    def on_buffer(_pad, info):
        buffer = info.get_buffer()
        if buffer is not None:
            if not buffer.has_flags(Gst.BufferFlags.DELTA_UNIT):
                print(f"KEYFRAME {path} {frames[0]}", flush=True)
            frames[0] += 1
        return Gst.PadProbeReturn.OK

    def on_seeking_query(_pad, info):
        # A shared media that answers "seekable" is seeked (flushed) on every PLAY with a Range,
        # and the flushed encoder starts a new group of pictures for whoever joined. A new seeking
        # query says "not seekable"; answering it here as it is keeps it so (Python cannot write
        # into the query).
        query = info.get_query()
        if query is not None and query.type == Gst.QueryType.SEEKING:
            return Gst.PadProbeReturn.HANDLED
        return Gst.PadProbeReturn.OK

    pad = encoder.get_static_pad("src")
    if keep_cadence:
        pad.add_probe(Gst.PadProbeType.QUERY_UPSTREAM, on_seeking_query)
    pad.add_probe(Gst.PadProbeType.EVENT_UPSTREAM, on_upstream_event)
    pad.add_probe(Gst.PadProbeType.BUFFER, on_buffer)


def factory(path, launch, roles, shared=False, keep_cadence=False):
    f = GstRtspServer.RTSPMediaFactory()
    f.connect("media-configure", on_media_configure, path, keep_cadence)
    f.set_launch(f"( {launch} )")
    f.set_shared(shared)
    for role in roles:
        s = Gst.Structure.new_empty(role)
        s.set_value(GstRtspServer.RTSP_PERM_MEDIA_FACTORY_ACCESS, True)
        s.set_value(GstRtspServer.RTSP_PERM_MEDIA_FACTORY_CONSTRUCT, True)
        f.add_role_from_structure(s)
    return f


def parse_mounts(values):
    mounts = {}
    for value in values or []:
        path, _, launch = value.partition("=")
        if not path.startswith("/") or not launch:
            sys.exit(f"bad mount {value!r}: use /path=LAUNCH")
        mounts[path] = launch
    return mounts


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--digest-port", type=int, default=0)
    parser.add_argument("--user", default="admin")
    parser.add_argument("--password", default="secret")
    parser.add_argument("--mount", action="append")
    parser.add_argument("--digest-mount", action="append")
    parser.add_argument("--shared", action="store_true")
    parser.add_argument("--keep-cadence", action="store_true")
    args = parser.parse_args()

    Gst.init(None)
    mounts = parse_mounts(args.mount) or dict(DEFAULT_MOUNTS)
    digest_mounts = parse_mounts(args.digest_mount) if args.mount else dict(DEFAULT_DIGEST_MOUNTS)
    digest_mounts.update(parse_mounts(args.digest_mount))

    # GstRTSPAuth answers an anonymous client 404, not 401, when a default token exists, so open
    # and Digest-protected mounts live on two servers (two ports) in the one process.
    servers = [("PORT", args.port, mounts, None)]
    if digest_mounts:
        auth = GstRtspServer.RTSPAuth()
        auth.set_supported_methods(GstRtsp.RTSPAuthMethod.DIGEST)
        auth.add_digest(args.user, args.password, token(USER))
        servers.append(("DIGEST_PORT", args.digest_port, digest_mounts, auth))

    for label, port, server_mounts, auth in servers:
        server = GstRtspServer.RTSPServer()
        server.set_address("127.0.0.1")
        server.set_service(str(port))
        if auth is not None:
            server.set_auth(auth)
        points = server.get_mount_points()
        for path, launch in server_mounts.items():
            points.add_factory(path, factory(path, launch, [USER] if auth else [], args.shared, args.keep_cadence))
        server.connect("client-connected", on_client_connected)
        if server.attach(None) == 0:
            sys.exit("could not listen")
        print(f"{label} {server.get_bound_port()}", flush=True)
        keep.append(server)
    report_clients()

    loop = GLib.MainLoop()
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, loop.quit)
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGINT, loop.quit)
    loop.run()


if __name__ == "__main__":
    main()
