#!/usr/bin/env python3
"""Sends forged CARP advertisements (valid Ethernet/IP/CARP framing and checksums, wrong
HMAC digest) on one interface of a benchmark namespace, paced at RATE per second for SECONDS.
Bounded: at most RATE*SECONDS frames, and it stops after SECONDS whatever happened.

  flood.py IFACE SRC_IP VHID RATE SECONDS [ADVBASE ADVSKEW]   -> prints frames sent
"""
import os, socket, struct, sys, time


def csum(b):
    if len(b) % 2:
        b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def frame(src, vhid, advbase, advskew, counter):
    group = socket.inet_aton('224.0.0.18')
    carp = bytearray(struct.pack('!BBBBBBHQ', 0x21, vhid, advskew, 7, 0, advbase, 0, counter) + os.urandom(20))
    struct.pack_into('!H', carp, 6, csum(bytes(carp)))
    ip = bytearray(struct.pack('!BBHHHBBH4s4s', 0x45, 0x10, 56, counter & 0xffff, 0x4000, 255, 112, 0,
                               socket.inet_aton(src), group))
    struct.pack_into('!H', ip, 10, csum(bytes(ip)))
    eth = bytes.fromhex('01005e000012') + bytes([0, 0, 0x5e, 0, 0, vhid]) + b'\x08\x00'
    return eth + bytes(ip) + bytes(carp)


def main():
    iface, src, vhid, rate, secs = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
    advbase = int(sys.argv[6]) if len(sys.argv) > 6 else 1
    advskew = int(sys.argv[7]) if len(sys.argv) > 7 else 0
    pool = [frame(src, vhid, advbase, advskew, 0x1000 + i) for i in range(512)]
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((iface, 0))
    limit = int(rate * secs)
    tick = 0.005
    per_tick = max(1, int(rate * tick))
    start = time.monotonic()
    sent = 0
    n = 0
    while sent < limit:
        now = time.monotonic()
        if now - start > secs:
            break
        due = min(limit, int((now - start) / tick + 1) * per_tick)
        while sent < due:
            try:
                s.send(pool[n & 511])
            except OSError:
                pass
            sent += 1
            n += 1
        nxt = start + (sent // per_tick) * tick
        d = nxt - time.monotonic()
        if d > 0:
            time.sleep(d)
    print(sent)


if __name__ == '__main__':
    main()
