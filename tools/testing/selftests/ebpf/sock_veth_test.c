// SPDX-License-Identifier: GPL-2.0
/*
 * Socket filters on traffic that crosses a real device: a veth pair
 * between this network namespace and a new one, the receiving UDP socket
 * and a packet socket in the new one. A filter that drops one source
 * port passes the other, the map counts exactly what was sent, and
 * detaching restores delivery. Every case passes on both kernels (the
 * kernel needs CONFIG_VETH and CONFIG_NET_NS).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>
#include <linux/if_packet.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include "sock_test.h"
#include "ebpf_asm.h"

#define HOST_IF "ebpfv0"
#define PEER_IF "ebpfv1"
#define HOST_ADDR "10.77.0.1"
#define PEER_ADDR "10.77.0.2"
#define ROUNDS 20

/* ---- the pair ---- */

struct nl_req {
	struct nlmsghdr nh;
	struct ifinfomsg ifi;
	char attrs[512];
};

static struct rtattr *nl_attr(struct nl_req *req, int type,
			      const void *data, int len)
{
	char *end = (char *)req + NLMSG_ALIGN(req->nh.nlmsg_len);
	struct rtattr *rta = (void *)end;

	rta->rta_type = type;
	rta->rta_len = RTA_LENGTH(len);
	if (len)
		memcpy(end + RTA_LENGTH(0), data, len);
	req->nh.nlmsg_len = NLMSG_ALIGN(req->nh.nlmsg_len) +
			    RTA_ALIGN(rta->rta_len);
	return rta;
}

/* close an attribute opened with nl_attr(..., NULL, 0) */
static void nl_nest_end(struct nl_req *req, struct rtattr *nest)
{
	nest->rta_len = (char *)req + req->nh.nlmsg_len - (char *)nest;
}

/* Send @req to rtnetlink and wait for its ack: 0 or -errno. */
static int nl_call(struct nl_req *req)
{
	struct {
		struct nlmsghdr nh;
		struct nlmsgerr err;
	} ack;
	int nl = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE), err = -EIO;

	if (nl < 0)
		return -errno;
	if (send(nl, req, req->nh.nlmsg_len, 0) > 0 &&
	    recv(nl, &ack, sizeof(ack), 0) > 0 &&
	    ack.nh.nlmsg_type == NLMSG_ERROR)
		err = ack.err.error;
	close(nl);
	return err;
}

static void nl_req_init(struct nl_req *req, int type, int flags)
{
	memset(req, 0, sizeof(*req));
	req->nh.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg));
	req->nh.nlmsg_type = type;
	req->nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	req->ifi.ifi_family = AF_UNSPEC;
}

/* RTM_NEWLINK of HOST_IF, a veth whose peer PEER_IF lives in @peer_ns. */
static int veth_create(int peer_ns)
{
	struct ifinfomsg peer_ifi = { .ifi_family = AF_UNSPEC };
	struct rtattr *info, *data, *peer;
	struct nl_req req;
	int err;

	nl_req_init(&req, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
	nl_attr(&req, IFLA_IFNAME, HOST_IF, sizeof(HOST_IF));
	info = nl_attr(&req, IFLA_LINKINFO, NULL, 0);
	nl_attr(&req, IFLA_INFO_KIND, "veth", 4);
	data = nl_attr(&req, IFLA_INFO_DATA, NULL, 0);
	peer = nl_attr(&req, VETH_INFO_PEER, &peer_ifi, sizeof(peer_ifi));
	nl_attr(&req, IFLA_IFNAME, PEER_IF, sizeof(PEER_IF));
	nl_attr(&req, IFLA_NET_NS_FD, &peer_ns, sizeof(peer_ns));
	nl_nest_end(&req, peer);
	nl_nest_end(&req, data);
	nl_nest_end(&req, info);
	err = nl_call(&req);
	if (err)
		ksft_print_msg("veth: %s\n", strerror(-err));
	return err;
}

/* RTM_DELLINK of HOST_IF, which takes its peer with it, at once. */
static void veth_delete(void)
{
	struct nl_req req;

	nl_req_init(&req, RTM_DELLINK, 0);
	nl_attr(&req, IFLA_IFNAME, HOST_IF, sizeof(HOST_IF));
	nl_call(&req);
}

/* Give @name the /24 address @addr and bring it up (and lo). */
static bool if_up(const char *name, const char *addr)
{
	struct ifreq ifr = { 0 };
	struct sockaddr_in *sin = (void *)&ifr.ifr_addr;
	int sk = socket(AF_INET, SOCK_DGRAM, 0);
	bool ok = sk >= 0;

	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", name);
	sin->sin_family = AF_INET;
	ok = ok && inet_pton(AF_INET, addr, &sin->sin_addr) == 1 &&
	     !ioctl(sk, SIOCSIFADDR, &ifr);
	inet_pton(AF_INET, "255.255.255.0", &sin->sin_addr);
	ok = ok && !ioctl(sk, SIOCSIFNETMASK, &ifr) &&
	     !ioctl(sk, SIOCGIFFLAGS, &ifr);
	ifr.ifr_flags |= IFF_UP;
	ok = ok && !ioctl(sk, SIOCSIFFLAGS, &ifr);
	snprintf(ifr.ifr_name, IFNAMSIZ, "lo");
	ok = ok && !ioctl(sk, SIOCGIFFLAGS, &ifr);
	ifr.ifr_flags |= IFF_UP;
	ok = ok && !ioctl(sk, SIOCSIFFLAGS, &ifr);
	if (sk >= 0)
		close(sk);
	return ok;
}

/*
 * The pair, addressed and up: HOST_IF here, PEER_IF in a new namespace
 * whose fd goes to *@peer_ns. Back in this namespace on return.
 */
static bool veth_pair_up(int *peer_ns)
{
	int home = open("/proc/self/ns/net", O_RDONLY);
	bool ok = home >= 0 && !unshare(CLONE_NEWNET);

	*peer_ns = ok ? open("/proc/self/ns/net", O_RDONLY) : -1;
	ok = ok && *peer_ns >= 0 && !setns(home, CLONE_NEWNET) &&
	     !veth_create(*peer_ns) && if_up(HOST_IF, HOST_ADDR) &&
	     !setns(*peer_ns, CLONE_NEWNET) && if_up(PEER_IF, PEER_ADDR);
	if (home >= 0) {
		if (setns(home, CLONE_NEWNET))
			ksft_exit_fail_msg("setns back: %s\n", strerror(errno));
		close(home);
	}
	if (!ok)
		ksft_print_msg("veth pair: %s\n", strerror(errno));
	return ok;
}

/*
 * Delete the pair now (its namespace would take it too, but later: a run
 * right after this one would find HOST_IF still there), then the
 * namespace.
 */
static void veth_pair_down(int peer_ns)
{
	if (peer_ns < 0)
		return;
	veth_delete();
	close(peer_ns);
}

/* A socket made in namespace @ns, used from anywhere. */
static int socket_in(int ns, int domain, int type, int proto)
{
	int home = open("/proc/self/ns/net", O_RDONLY), sk = -1;

	if (home >= 0 && !setns(ns, CLONE_NEWNET)) {
		sk = socket(domain, type, proto);
		if (setns(home, CLONE_NEWNET))
			ksft_exit_fail_msg("setns back: %s\n", strerror(errno));
	}
	if (home >= 0)
		close(home);
	return sk;
}

/* ---- programs and traffic ---- */

/*
 * On a UDP socket the data starts at the UDP header: drop datagrams from
 * source port @port, count the others in map[0] and keep them.
 */
static int prog_drop_port_count_rest(int map, int port)
{
	struct bpf_insn p[] = {
		I_MOV64_REG(6, 1),
		I_LD_ABS(BPF_H, 0),
		I_JMP_IMM(BPF_JNE, 0, port, 2),
		I_MOV64_IMM(0, 0), I_EXIT(),
		I_ST(BPF_W, 10, -4, 0),
		I_MOV64_REG(2, 10), I_ALU64_IMM(BPF_ADD, 2, -4),
		I_LD_MAP_FD(1, map), I_LD64_HI(0),
		I_CALL(BPF_FUNC_map_lookup_elem),
		I_JMP_IMM(BPF_JEQ, 0, 0, 2),
		I_MOV64_IMM(1, 1), I_ATOMIC(BPF_DW, BPF_ADD, 0, 1, 0),
		I_MOV64_IMM(0, -1), I_EXIT(),
	};

	return load(p, ARRAY_LEN(p));
}

/* Datagrams from @tx that reach @rx (the first may wait for ARP). */
static int udp_delivered(int tx, int rx, uint16_t port, int n)
{
	struct sockaddr_in to = { .sin_family = AF_INET,
				  .sin_port = htons(port) };
	struct pollfd p = { .fd = rx, .events = POLLIN };
	char buf[64];
	int i, got = 0;

	inet_pton(AF_INET, PEER_ADDR, &to.sin_addr);
	for (i = 0; i < n; i++) {
		if (sendto(tx, "veth", 4, 0, (void *)&to, sizeof(to)) != 4)
			break;
		if (poll(&p, 1, i ? 300 : 2000) == 1 &&
		    recv(rx, buf, sizeof(buf), 0) == 4)
			got++;
	}
	return got;
}

/*
 * The receiver in the peer namespace filters: datagrams from one sender
 * port are dropped, the other sender's all arrive and are counted.
 */
static void veth_drop_one_source_port(void)
{
	int ns = -1, rx = -1, tx1 = -1, tx2 = -1, map, prog = -1, zero = 0;
	struct sockaddr_in a = { .sin_family = AF_INET }, from1, from2;
	uint16_t port, port2;

	map = map_create(BPF_MAP_TYPE_ARRAY, 4, 8, 1, 0);
	if (!EXPECT_TRUE(map >= 0) || !EXPECT_TRUE(veth_pair_up(&ns)))
		goto out;
	rx = socket_in(ns, AF_INET, SOCK_DGRAM, 0);
	inet_pton(AF_INET, PEER_ADDR, &a.sin_addr);
	a.sin_port = htons(4242);
	port = 4242;
	tx1 = udp_bound_at(inet_addr(HOST_ADDR), &from1);
	tx2 = udp_bound_at(inet_addr(HOST_ADDR), &from2);
	port2 = ntohs(from2.sin_port);
	prog = tx2 >= 0 ? prog_drop_port_count_rest(map, port2) : -1;
	if (!EXPECT_TRUE(rx >= 0 && tx1 >= 0 && tx2 >= 0 && prog >= 0) ||
	    !EXPECT_EQ(bind(rx, (void *)&a, sizeof(a)), 0))
		goto out;
	/* without a filter both get through: the pair works */
	if (!EXPECT_EQ(udp_delivered(tx1, rx, port, 1), 1) ||
	    !EXPECT_EQ(udp_delivered(tx2, rx, port, 1), 1))
		goto out;
	EXPECT_EQ(setsockopt(rx, SOL_SOCKET, SO_ATTACH_BPF, &prog,
			     sizeof(prog)), 0);
	EXPECT_EQ(udp_delivered(tx1, rx, port, ROUNDS), ROUNDS);
	EXPECT_EQ(udp_delivered(tx2, rx, port, ROUNDS), 0);
	EXPECT_EQ(array_value(map, 0), ROUNDS);
	/* detached: port2 is back */
	EXPECT_EQ(setsockopt(rx, SOL_SOCKET, SO_DETACH_BPF, &zero,
			     sizeof(zero)), 0);
	EXPECT_EQ(udp_delivered(tx2, rx, port, 3), 3);
	EXPECT_EQ(array_value(map, 0), ROUNDS);
out:
	if (prog >= 0)
		close(prog);
	if (tx1 >= 0)
		close(tx1);
	if (tx2 >= 0)
		close(tx2);
	if (rx >= 0)
		close(rx);
	veth_pair_down(ns);
	if (map >= 0)
		close(map);
}

static const struct test_case cases[] = {
	{ "veth: drop one source port across namespaces",
	  veth_drop_one_source_port },
};

int main(void)
{
	run_cases(cases, ARRAY_LEN(cases));
	return 0;
}
