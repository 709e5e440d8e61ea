/* What both floors share (floor.c, takeover-floor.c): the captured frame they send, given in hex on
 * the command line, and where an AF_PACKET socket sends it. */
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <stdio.h>
#include <string.h>

struct frame {
    unsigned char bytes[1514];
    size_t length;
    struct sockaddr_ll to;
};

/* Parses HEX (a whole Ethernet frame) for IFINDEX; 0 when it is no frame. */
static int frame_from_hex(struct frame *f, const char *hex, int ifindex)
{
    f->length = strlen(hex) / 2;
    if (f->length < ETH_HLEN || f->length > sizeof f->bytes)
        return 0;
    for (size_t i = 0; i < f->length; i++)
        if (sscanf(hex + 2 * i, "%2hhx", &f->bytes[i]) != 1)
            return 0;
    memset(&f->to, 0, sizeof f->to);
    f->to.sll_family = AF_PACKET;
    f->to.sll_ifindex = ifindex;
    f->to.sll_halen = ETH_ALEN;
    memcpy(&f->to.sll_protocol, f->bytes + 12, 2);   /* the frame's EtherType, network order */
    memcpy(f->to.sll_addr, f->bytes, ETH_ALEN);
    return 1;
}
