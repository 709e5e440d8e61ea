/* The floor of scenario 8: the least a CARP master's process can do per advertisement. It replays
 * one advertisement that ours sent (so the backups accept it) once a second: wake on a timerfd,
 * send the frame through an AF_PACKET socket, sleep in ppoll again. No election, digest or log.
 * usage: floor IFNAME HEXFRAME      (bench.sh builds it with gcc and runs 100 in place of ours) */
#define _GNU_SOURCE
#include <net/if.h>
#include <poll.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>
#include "frame.h"

int main(int argc, char **argv)
{
    static struct frame frame;
    if (argc != 3 || !frame_from_hex(&frame, argv[2], (int)if_nametoindex(argv[1]))) {
        fprintf(stderr, "usage: floor IFNAME HEXFRAME\n");
        return 2;
    }
    int packets = socket(AF_PACKET, SOCK_RAW, 0);   /* protocol 0: sends, hears nothing */
    int timer = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
    if (frame.to.sll_ifindex == 0 || packets < 0 || timer < 0) {
        perror("floor");
        return 1;
    }
    struct itimerspec every_second = { .it_interval = { 1, 0 }, .it_value = { 0, 1 } };
    timerfd_settime(timer, 0, &every_second, NULL);
    struct pollfd wait_for = { .fd = timer, .events = POLLIN };
    for (;;) {
        uint64_t expiries;
        if (ppoll(&wait_for, 1, NULL, NULL) > 0 && read(timer, &expiries, sizeof expiries) == sizeof expiries)
            sendto(packets, frame.bytes, frame.length, 0, (struct sockaddr *)&frame.to, sizeof frame.to);
    }
}
