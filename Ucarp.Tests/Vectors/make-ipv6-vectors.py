#!/usr/bin/env python3
"""Writes ipv6-frames.json: IPv6 CARP advertisements and unsolicited Neighbor Advertisements
computed from OpenBSD's algorithm (sys/netinet/ip_carp.c carp_send_ad, carp_hmac_prepare_ctx;
nd6_na_output for the NA) with nothing but the standard library, independently of the C# code.

    python3 Ucarp.Tests/Vectors/make-ipv6-vectors.py > Ucarp.Tests/Vectors/ipv6-frames.json
"""
import hashlib
import hmac
import ipaddress
import json
import struct

CARP_GROUP = ipaddress.IPv6Address("ff02::12").packed
ALL_NODES = ipaddress.IPv6Address("ff02::1").packed


def rfc1071(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total > 0xFFFF:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def carp_hmac(password, vhid, vip, counter, with_link_local):
    """HMAC-SHA1 keyed with the password over version 2, type 1, vhid, the VIP, the counter.
    A link-local VIP: scope bytes 2-3 zeroed (HMAC_ORIG) or left out (HMAC_NOV6LL, sent)."""
    message = bytes([2, 1, vhid])
    address = bytearray(ipaddress.IPv6Address(vip).packed)
    if ipaddress.IPv6Address(vip).is_link_local:
        if with_link_local:
            address[2:4] = b"\0\0"
            message += bytes(address)
    else:
        message += bytes(address)
    message += struct.pack("!Q", counter)
    return hmac.new(password.encode(), message, hashlib.sha1).digest()


def advert(vhid, advskew, advbase, counter, source, vip, password):
    digest = carp_hmac(password, vhid, vip, counter, with_link_local=False)
    carp = struct.pack("!BBBBBBHQ", 0x21, vhid, advskew, 7, 0, advbase, 0, counter) + digest
    carp = carp[:6] + struct.pack("!H", rfc1071(carp)) + carp[8:]   # CARP header only, no pseudo-header
    ip6 = struct.pack("!IHBB", 6 << 28, len(carp), 112, 255) + ipaddress.IPv6Address(source).packed + CARP_GROUP
    ether = bytes.fromhex("333300000012") + bytes([0, 0, 0x5E, 0, 0, vhid]) + b"\x86\xdd"
    return {
        "vhid": vhid, "advskew": advskew, "advbase": advbase, "counter": "%016x" % counter,
        "source": source, "vip": vip, "password": password,
        "hmac_sent": digest.hex(),
        "hmac_with_link_local": carp_hmac(password, vhid, vip, counter, with_link_local=True).hex(),
        "frame": (ether + ip6 + carp).hex(),
    }


def neighbor_advertisement(mac, vip, router):
    target = ipaddress.IPv6Address(vip).packed
    flags = 0x20000000 | (0x80000000 if router else 0)
    option = bytes([2, 1]) + bytes.fromhex(mac.replace(":", ""))
    icmp = struct.pack("!BBHI", 136, 0, 0, flags) + target + option
    pseudo = target + ALL_NODES + struct.pack("!I", len(icmp)) + b"\0\0\0" + bytes([58])
    icmp = icmp[:2] + struct.pack("!H", rfc1071(pseudo + icmp)) + icmp[4:]
    ip6 = struct.pack("!IHBB", 6 << 28, len(icmp), 58, 255) + target + ALL_NODES
    ether = bytes.fromhex("333300000001") + bytes.fromhex(mac.replace(":", "")) + b"\x86\xdd"
    return {"mac": mac, "vip": vip, "router": router, "frame": (ether + ip6 + icmp).hex()}


print(json.dumps({
    "adverts": [
        advert(7, 0, 1, 0x0102030405060708, "2001:db8::1", "2001:db8::100", "love"),
        advert(42, 100, 3, 0xFFFFFFFFFFFFFFFE, "fe80::1", "fe80::100", "s3cret pass"),
        advert(255, 255, 255, 0, "2001:db8:ffff::2", "2001:db8::ff", ""),
    ],
    "neighbor_advertisements": [
        neighbor_advertisement("02:00:00:00:00:01", "2001:db8::100", False),
        neighbor_advertisement("02:aa:bb:cc:dd:ee", "2001:db8:1::fe", True),
    ],
}, indent=2))
