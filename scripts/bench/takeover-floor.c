/* The floor of scenario 1's takeover overhead: the least a backup can do. It hears the master's
 * advertisements (IPv4 protocol-112 frames of VHID on IFNAME), arms a timerfd DEAD seconds after each
 * one's kernel receive time (SO_TIMESTAMPNS, as ours does), and when the timer fires sends one frame
 * (an advertisement of ours from this host, captured) and exits. No election, digest or log.
 * usage: takeover-floor IFNAME VHID DEAD HEXFRAME      (bench.sh builds it with gcc) */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <net/if.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>
#include "frame.h"

static int64_t ns(clockid_t clock)
{
    struct timespec t;
    clock_gettime(clock, &t);
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

int main(int argc, char **argv)
{
    static struct frame frame;
    unsigned char heard[128];
    if (argc != 5 || !frame_from_hex(&frame, argv[4], (int)if_nametoindex(argv[1]))) {
        fprintf(stderr, "usage: takeover-floor IFNAME VHID DEAD HEXFRAME\n");
        return 2;
    }
    int vhid = atoi(argv[2]);
    int64_t dead = (int64_t)(atof(argv[3]) * 1e9);
    int ifindex = frame.to.sll_ifindex, on = 1;
    int packets = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK, htons(ETH_P_IP));
    int timer = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
    struct sockaddr_ll at = { .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_IP), .sll_ifindex = ifindex };
    if (ifindex == 0 || packets < 0 || timer < 0 || bind(packets, (struct sockaddr *)&at, sizeof at) != 0
        || setsockopt(packets, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof on) != 0) {
        perror("takeover-floor");
        return 1;
    }
    struct pollfd wait_for[2] = { { .fd = packets, .events = POLLIN }, { .fd = timer, .events = POLLIN } };
    for (;;) {
        if (ppoll(wait_for, 2, NULL, NULL) <= 0)
            continue;
        if (wait_for[1].revents & POLLIN) {
            sendto(packets, frame.bytes, frame.length, 0, (struct sockaddr *)&frame.to, sizeof frame.to);
            return 0;
        }
        for (;;) {
            char control[64];
            struct iovec data = { heard, sizeof heard };
            struct msghdr message = { .msg_iov = &data, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control };
            ssize_t got = recvmsg(packets, &message, 0);
            if (got < 0)
                break;
            /* IPv4 with a 20-byte header, protocol 112, the CARP/VRRP header's second byte is the vhid */
            if (got < 14 + 20 + 2 || heard[14] != 0x45 || heard[14 + 9] != 112 || heard[14 + 20 + 1] != vhid)
                continue;
            struct cmsghdr *c = CMSG_FIRSTHDR(&message);
            int64_t age = 0;
            if (c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS) {
                struct timespec stamp;
                memcpy(&stamp, CMSG_DATA(c), sizeof stamp);
                age = ns(CLOCK_REALTIME) - ((int64_t)stamp.tv_sec * 1000000000 + stamp.tv_nsec);
            }
            int64_t due = ns(CLOCK_MONOTONIC) - age + dead;
            struct itimerspec when = { .it_value = { due / 1000000000, due % 1000000000 } };
            timerfd_settime(timer, TFD_TIMER_ABSTIME, &when, NULL);
        }
    }
}
