#!/usr/bin/env python3
"""Reads a tcpdump capture (pcap, Ethernet or Linux cooked) of IP protocol 112 over IPv4 or IPv6
(CARP and VRRP share it) and answers timing questions. Times are the kernel's capture
timestamps (CLOCK_REALTIME, the same clock as `date +%s.%N`), so script events and frames can
be compared.

  cap.py takeover PCAP T_EVENT DEAD OLD_SRC NEW_SRC   -> "<first_new - T_EVENT ms> <overhead ms>"
        overhead = first frame of NEW after T_EVENT - (last frame of OLD before it + DEAD)
  cap.py adverts PCAP SRC                              -> "<vhid> <whole frame in hex>", the first frame of SRC per vhid
  cap.py first PCAP SRC T0                             -> seconds from T0 to SRC's first frame after T0
  cap.py periods PCAP SRC T0 T1 NOMINAL                -> "<n> <mean ms> <worst |period-nominal| ms> <max period ms>"
  cap.py count PCAP SRC T0 T1                          -> frames from SRC in [T0, T1]
  cap.py lastvhid PCAP T_EVENT NEW_SRC N              -> seconds from T_EVENT until NEW has sent a frame for
        each of N vhids (CARP vhid, VRRP vrid: the second byte), or nan
  cap.py takeovers PCAP T_EVENT DEAD OLD_SRC NEW_SRC N -> the worst takeover's overhead (ms) over N vhids:
        NEW's first frame for the vhid after T_EVENT - (OLD's last frame for it before then + DEAD), or nan
"""
import ipaddress, struct, sys


def frames(path):
    """(time, source, CARP/VRRP payload) of each IPv4 protocol-112 or IPv6 next-header-112 frame. The
    capture is Ethernet (tcpdump -i br0) or Linux cooked (tcpdump -i any), whose header names the protocol."""
    with open(path, 'rb') as f:
        data = f.read()
    if len(data) < 24:
        return
    magic = struct.unpack('<I', data[:4])[0]
    if magic in (0xa1b2c3d4, 0xa1b23c4d):
        e = '<'
    else:
        e = '>'
        magic = struct.unpack('>I', data[:4])[0]
    div = 1e9 if magic == 0xa1b23c4d else 1e6
    # (header length, offset of the EtherType): Ethernet, LINKTYPE_LINUX_SLL, LINKTYPE_LINUX_SLL2
    l2, proto = {113: (16, 14), 276: (20, 0)}.get(struct.unpack(e + 'I', data[20:24])[0], (14, 12))
    off = 24
    while off + 16 <= len(data):
        sec, frac, incl, _ = struct.unpack(e + 'IIII', data[off:off + 16])
        pkt = data[off + 16:off + 16 + incl]
        off += 16 + incl
        ethertype, ip = pkt[proto:proto + 2], pkt[l2:]
        if ethertype == b'\x08\x00' and len(ip) >= 20 + 8 and ip[9] == 112:
            yield sec + frac / div, '.'.join(str(b) for b in ip[12:16]), ip[(ip[0] & 15) * 4:], pkt
        elif ethertype == b'\x86\xdd' and len(ip) >= 40 + 8 and ip[6] == 112:
            yield sec + frac / div, str(ipaddress.IPv6Address(ip[8:24])), ip[40:], pkt


def times(path, src):
    return [t for t, s, _, _ in frames(path) if s == src]


def main(argv):
    cmd = argv[1]
    if cmd == 'takeover':
        path, tev, dead, old, new = argv[2], float(argv[3]), float(argv[4]), argv[5], argv[6]
        new_t = [t for t in times(path, new) if t > tev]
        if not new_t:
            print('nan nan'); return
        first = new_t[0]
        old_t = [t for t in times(path, old) if t < first]
        if not old_t:
            print('%.1f nan' % ((first - tev) * 1e3)); return
        print('%.1f %.2f' % ((first - tev) * 1e3, (first - old_t[-1] - dead) * 1e3))
    elif cmd == 'lastvhid':
        path, tev, new, n = argv[2], float(argv[3]), argv[4], int(argv[5])
        first = {}
        for t, s, body, _ in frames(path):
            if s == new and t > tev and len(body) > 1:
                first.setdefault(body[1], t)
        print('%.4f' % (max(first.values()) - tev) if len(first) >= n else 'nan')
    elif cmd == 'takeovers':
        path, tev, dead, old, new, n = argv[2], float(argv[3]), float(argv[4]), argv[5], argv[6], int(argv[7])
        last_old, first_new = {}, {}
        for t, s, body, _ in frames(path):
            if len(body) < 2:
                continue
            if s == new and t > tev:
                first_new.setdefault(body[1], t)
            elif s == old and t <= tev:
                last_old[body[1]] = t
        worst = [first_new[v] - last_old[v] - dead for v in first_new if v in last_old]
        print('%.2f' % (max(worst) * 1e3) if len(worst) >= n else 'nan')
    elif cmd == 'adverts':
        path, src = argv[2], argv[3]
        seen = set()
        for _, s, body, pkt in frames(path):
            if s == src and len(body) > 1 and body[1] not in seen:
                seen.add(body[1])
                print(body[1], pkt.hex())
    elif cmd == 'first':
        path, src, t0 = argv[2], argv[3], float(argv[4])
        t = [x for x in times(path, src) if x > t0]
        print('%.4f' % (t[0] - t0) if t else 'nan')
    elif cmd == 'periods':
        path, src, t0, t1, nom = argv[2], argv[3], float(argv[4]), float(argv[5]), float(argv[6])
        t = [x for x in times(path, src) if t0 <= x <= t1]
        p = [b - a for a, b in zip(t, t[1:])]
        if not p:
            print('0 nan nan nan'); return
        print('%d %.3f %.3f %.3f' % (len(p), sum(p) / len(p) * 1e3, max(abs(x - nom) for x in p) * 1e3, max(p) * 1e3))
    elif cmd == 'count':
        path, src, t0, t1 = argv[2], argv[3], float(argv[4]), float(argv[5])
        print(sum(1 for x in times(path, src) if t0 <= x <= t1))
    else:
        sys.exit('unknown command ' + cmd)


if __name__ == '__main__':
    main(sys.argv)
