/* The floor for a one-shot HTTP check (bench/run.py): connect to 127.0.0.1:PORT, send one GET of
 * PATH, read the answer, exit 0 when its status line says 200. No parsing beyond that, no
 * timeouts, no reports: what any checker must at least do. Built static. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: get PORT PATH\n");
        return 2;
    }
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(atoi(argv[1]))};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) return 2;
    char req[512];
    int n = snprintf(req, sizeof req,
                     "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", argv[2]);
    if (write(fd, req, n) != n) return 2;
    char buf[65536];
    ssize_t got, total = 0;
    char head[16] = {0};
    while ((got = read(fd, buf, sizeof buf)) > 0) {
        if (total == 0) memcpy(head, buf, got < 15 ? got : 15);
        total += got;
    }
    close(fd);
    return strncmp(head + 9, "200", 3) == 0 ? 0 : 1;
}
