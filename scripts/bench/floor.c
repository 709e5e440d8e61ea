/* The floor of scenario 8: the least a CARP master's process can do per advertisement. It replays
 * one advertisement that ours sent (so the backups accept it) once a second: wake on a timerfd,
 * send the frame through an AF_PACKET socket, sleep in ppoll again. No election, digest or log.
 * usage: floor IFNAME HEXFRAME      (bench.sh builds it with gcc and runs 100 in place of ours) */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    unsigned char frame[1514];
    size_t length = argc == 3 ? strlen(argv[2]) / 2 : 0;
    if (length < ETH_HLEN || length > sizeof frame) {
        fprintf(stderr, "usage: floor IFNAME HEXFRAME\n");
        return 2;
    }
    for (size_t i = 0; i < length; i++)
        sscanf(argv[2] + 2 * i, "%2hhx", &frame[i]);
    int ifindex = (int)if_nametoindex(argv[1]);
    int packets = socket(AF_PACKET, SOCK_RAW, 0);   /* protocol 0: sends, hears nothing */
    int timer = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
    if (ifindex == 0 || packets < 0 || timer < 0) {
        perror("floor");
        return 1;
    }
    struct sockaddr_ll to = { .sll_family = AF_PACKET, .sll_ifindex = ifindex, .sll_halen = ETH_ALEN };
    memcpy(&to.sll_protocol, frame + 12, 2);
    memcpy(to.sll_addr, frame, ETH_ALEN);
    struct itimerspec every_second = { .it_interval = { 1, 0 }, .it_value = { 0, 1 } };
    timerfd_settime(timer, 0, &every_second, NULL);
    struct pollfd wait_for = { .fd = timer, .events = POLLIN };
    for (;;) {
        uint64_t expiries;
        if (ppoll(&wait_for, 1, NULL, NULL) > 0 && read(timer, &expiries, sizeof expiries) == sizeof expiries)
            sendto(packets, frame, length, 0, (struct sockaddr *)&to, sizeof to);
    }
}
