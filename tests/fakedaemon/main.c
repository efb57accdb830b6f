/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include <signal.h>
#include "buf.h"
#include "fakedaemon.h"
#include "strutil.h"

/*
 * A standalone fake Docker daemon for end-to-end tests of the built binary:
 *
 *   fakedaemon --socket PATH [--dir DIR] [--fault NAME[:MS]] [--api-version V]
 *              [--route METHOD PATH STATUS BODYFILE]... [--generate-containers N]
 *              [--generate-images M]
 *
 * Prints "ready" once listening and serves until SIGTERM or SIGINT.
 */

static void usage(FILE *f)
{
	fprintf(f, "usage: fakedaemon --socket PATH [--dir DIR] [--fault NAME[:MS]] "
		   "[--api-version V]\n"
		   "                  [--route METHOD PATH STATUS BODYFILE]... "
		   "[--generate-containers N] [--generate-images M]\n"
		   "faults: hang, slow:MS, trickle:MS, close, short, endless, chunked, malformed, "
		   "status500, trailers, headers\n");
}

static int parse_fault(const char *s, enum fake_fault *ret_fault, long *ret_ms)
{
	static const struct {
		const char *name;
		enum fake_fault fault;
		long default_ms;
	} table[] = {
	    {"none", FAKE_FAULT_NONE, 0},	    {"hang", FAKE_FAULT_HANG, 0},
	    {"slow", FAKE_FAULT_DELAY, 2000},	    {"delay", FAKE_FAULT_DELAY, 2000},
	    {"trickle", FAKE_FAULT_TRICKLE, 100},   {"close", FAKE_FAULT_CLOSE, 0},
	    {"short", FAKE_FAULT_SHORT, 0},	    {"endless", FAKE_FAULT_ENDLESS, 0},
	    {"chunked", FAKE_FAULT_CHUNKED, 0},	    {"malformed", FAKE_FAULT_MALFORMED, 0},
	    {"status500", FAKE_FAULT_STATUS500, 0}, {"trailers", FAKE_FAULT_TRAILERS, 0},
	    {"headers", FAKE_FAULT_HEADERS, 0},
	};
	const char *colon = strchr(s, ':');
	size_t n = colon ? (size_t)(colon - s) : strlen(s);
	for (size_t i = 0; i < ARRAY_SIZE(table); i++) {
		if (strlen(table[i].name) != n || strncmp(s, table[i].name, n) != 0)
			continue;
		int64_t ms = table[i].default_ms;
		if (colon && (parse_int64(colon + 1, &ms) < 0 || ms < 0 || ms > 86400000))
			return -EINVAL;
		*ret_fault = table[i].fault;
		*ret_ms = (long)ms;
		return 0;
	}
	return -EINVAL;
}

static int read_all(const char *path, char **ret, size_t *ret_len)
{
	_cleanup_fclose_ FILE *f = fopen(path, "re");
	if (!f)
		return -errno;
	struct buf b;
	buf_init(&b, 256u * 1024 * 1024);
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		int r = buf_append(&b, chunk, n);
		if (r < 0) {
			buf_release(&b);
			return r;
		}
	}
	if (ferror(f)) {
		buf_release(&b);
		return -EIO;
	}
	*ret_len = b.len;
	*ret = buf_steal(&b);
	return *ret ? 0 : -ENOMEM;
}

/* Deterministic 64-hex ids: splitmix64 over (kind, index). */
static uint64_t splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void make_id(char out[65], uint64_t kind, uint64_t index)
{
	uint64_t state = (kind << 40) ^ index;
	snprintf(out, 65, "%016llx%016llx%016llx%016llx", (unsigned long long)splitmix64(&state),
		 (unsigned long long)splitmix64(&state), (unsigned long long)splitmix64(&state),
		 (unsigned long long)splitmix64(&state));
}

static const char *masked_paths =
    "[\"/proc/asound\",\"/proc/acpi\",\"/proc/kcore\",\"/proc/keys\",\"/proc/latency_stats\","
    "\"/proc/timer_list\",\"/proc/timer_stats\",\"/proc/sched_debug\",\"/proc/scsi\","
    "\"/sys/firmware\"]";
static const char *readonly_paths =
    "[\"/proc/bus\",\"/proc/fs\",\"/proc/irq\",\"/proc/sys\",\"/proc/sysrq-trigger\"]";

static int route_buf(struct fakedaemon *d, const char *path, struct buf *b)
{
	if (!b->data)
		return -ENOMEM;
	return fakedaemon_route_full(d, "GET", path, 200, NULL, b->data, b->len, FAKE_FAULT_NONE,
				     0);
}

static int generate_images(struct fakedaemon *d, size_t m)
{
	struct buf list, one;
	buf_init(&list, SIZE_MAX / 2);
	buf_init(&one, 1u << 20);
	int r = 0;
	buf_puts(&list, "[");
	for (size_t i = 0; i < m && r == 0; i++) {
		char id[65], layer[65], digest[65];
		make_id(id, 2, i);
		make_id(layer, 3, i);
		make_id(digest, 4, i);
		long long size = 7000000 + (long long)i * 1013;
		r = buf_printf(
		    &list,
		    "%s{\"Containers\":-1,\"Created\":1700000000,\"Id\":\"sha256:%s\","
		    "\"Labels\":null,\"ParentId\":\"\",\"RepoDigests\":[\"app-%zu@sha256:%s\"],"
		    "\"RepoTags\":[\"app-%zu:latest\"],\"SharedSize\":-1,\"Size\":%lld,"
		    "\"VirtualSize\":%lld}",
		    i ? "," : "", id, i, digest, i, size, size);
		buf_reset(&one);
		buf_printf(
		    &one,
		    "{\"Id\":\"sha256:%s\",\"RepoTags\":[\"app-%zu:latest\"],"
		    "\"RepoDigests\":[\"app-%zu@sha256:%s\"],\"Parent\":\"\",\"Comment\":\"\","
		    "\"Created\":\"2023-11-14T22:13:20.000000000Z\",\"DockerVersion\":\"\","
		    "\"Author\":\"\",\"Config\":{\"Hostname\":\"\",\"Domainname\":\"\","
		    "\"User\":\"%s\",\"AttachStdin\":false,\"AttachStdout\":false,"
		    "\"AttachStderr\":false,\"ExposedPorts\":{\"8080/tcp\":{}},\"Tty\":false,"
		    "\"Env\":[\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:"
		    "/bin\"],\"Cmd\":[\"/app\"],\"Healthcheck\":%s,\"Image\":\"\","
		    "\"Volumes\":null,\"WorkingDir\":\"/\",\"Entrypoint\":null,\"OnBuild\":null,"
		    "\"Labels\":null},\"Architecture\":\"amd64\",\"Os\":\"linux\",\"Size\":%lld,"
		    "\"VirtualSize\":%lld,\"GraphDriver\":{\"Data\":null,\"Name\":\"overlay2\"},"
		    "\"RootFS\":{\"Type\":\"layers\",\"Layers\":[\"sha256:%s\"]},"
		    "\"Metadata\":{\"LastTagTime\":\"0001-01-01T00:00:00Z\"}}",
		    id, i, i, digest, i % 2 ? "app" : "",
		    i % 2 ? "{\"Test\":[\"CMD\",\"/app\",\"-health\"],\"Interval\":30000000000}"
			  : "null",
		    size, size, layer);
		_cleanup_free_ char *p1 = xasprintf("/images/%s/json", id);
		_cleanup_free_ char *p2 = xasprintf("/images/sha256:%s/json", id);
		if (!p1 || !p2 || route_buf(d, p1, &one) < 0 || route_buf(d, p2, &one) < 0)
			r = -ENOMEM;
	}
	if (r == 0 && buf_puts(&list, "]") == 0)
		r = route_buf(d, "/images/json", &list);
	buf_release(&list);
	buf_release(&one);
	return r < 0 ? r : 0;
}

static int generate_containers(struct fakedaemon *d, size_t n, size_t m)
{
	struct buf list, one;
	buf_init(&list, SIZE_MAX / 2);
	buf_init(&one, 1u << 20);
	int r = 0;
	buf_puts(&list, "[");
	for (size_t i = 0; i < n && r == 0; i++) {
		char id[65], image[65], sandbox[65], net[65];
		make_id(id, 1, i);
		make_id(image, m ? 2 : 5, m ? i % m : 0);
		make_id(sandbox, 6, i);
		make_id(net, 7, 0);
		_cleanup_free_ char *image_name =
		    m ? xasprintf("app-%zu:latest", i % m) : strdup("nginx:1.25");
		if (!image_name) {
			r = -ENOMEM;
			break;
		}
		/* every 10th container (web-9, web-19, ...) shares the host's PID namespace */
		const char *pid_mode = i % 10 == 9 ? "host" : "";
		unsigned ip3 = (unsigned)((i + 2) / 250), ip4 = (unsigned)((i + 2) % 250);
		r = buf_printf(
		    &list,
		    "%s{\"Id\":\"%s\",\"Names\":[\"/web-%zu\"],\"Image\":\"%s\","
		    "\"ImageID\":\"sha256:%s\",\"Command\":\"/docker-entrypoint.sh nginx\","
		    "\"Created\":1700000000,\"Ports\":[{\"PrivatePort\":80,\"Type\":\"tcp\"}],"
		    "\"Labels\":{},\"State\":\"running\",\"Status\":\"Up 2 hours\","
		    "\"HostConfig\":{\"NetworkMode\":\"bridge\"},\"NetworkSettings\":"
		    "{\"Networks\":{\"bridge\":{\"NetworkID\":\"%s\",\"IPAddress\":"
		    "\"172.17.%u.%u\",\"Gateway\":\"172.17.0.1\"}}},\"Mounts\":[]}",
		    i ? "," : "", id, i, image_name, image, net, ip3, ip4);
		buf_reset(&one);
		buf_printf(
		    &one,
		    "{\"Id\":\"%s\",\"Created\":\"2023-11-14T22:13:20.000000000Z\","
		    "\"Path\":\"/docker-entrypoint.sh\",\"Args\":[\"nginx\",\"-g\","
		    "\"daemon off;\"],\"State\":{\"Status\":\"running\",\"Running\":true,"
		    "\"Paused\":false,\"Restarting\":false,\"OOMKilled\":false,\"Dead\":false,"
		    "\"Pid\":%zu,\"ExitCode\":0,\"Error\":\"\",\"StartedAt\":"
		    "\"2023-11-14T22:13:21.000000000Z\",\"FinishedAt\":\"0001-01-01T00:00:00Z\"},"
		    "\"Image\":\"sha256:%s\",\"ResolvConfPath\":"
		    "\"/var/lib/docker/containers/%s/resolv.conf\",\"HostnamePath\":"
		    "\"/var/lib/docker/containers/%s/hostname\",\"HostsPath\":"
		    "\"/var/lib/docker/containers/%s/hosts\",\"LogPath\":"
		    "\"/var/lib/docker/containers/%s/%s-json.log\",\"Name\":\"/web-%zu\","
		    "\"RestartCount\":0,\"Driver\":\"overlay2\",\"Platform\":\"linux\","
		    "\"MountLabel\":\"\",\"ProcessLabel\":\"\",\"AppArmorProfile\":"
		    "\"docker-default\",\"ExecIDs\":null,\"HostConfig\":{\"Binds\":null,"
		    "\"ContainerIDFile\":\"\",\"LogConfig\":{\"Type\":\"json-file\","
		    "\"Config\":{}},\"NetworkMode\":\"bridge\",\"PortBindings\":{},"
		    "\"RestartPolicy\":{\"Name\":\"no\",\"MaximumRetryCount\":0},"
		    "\"AutoRemove\":false,\"VolumeDriver\":\"\",\"VolumesFrom\":null,"
		    "\"CapAdd\":null,\"CapDrop\":null,\"CgroupnsMode\":\"private\",\"Dns\":[],"
		    "\"DnsOptions\":[],\"DnsSearch\":[],\"ExtraHosts\":null,\"GroupAdd\":null,"
		    "\"IpcMode\":\"private\",\"Cgroup\":\"\",\"Links\":null,\"OomScoreAdj\":0,"
		    "\"PidMode\":\"%s\",\"Privileged\":false,\"PublishAllPorts\":false,"
		    "\"ReadonlyRootfs\":false,\"SecurityOpt\":null,\"UTSMode\":\"\","
		    "\"UsernsMode\":\"\",\"ShmSize\":67108864,\"Runtime\":\"runc\","
		    "\"Isolation\":\"\",\"CpuShares\":0,\"Memory\":0,\"NanoCpus\":0,"
		    "\"CgroupParent\":\"\",\"BlkioWeight\":0,\"Devices\":[],"
		    "\"DeviceCgroupRules\":null,\"MemoryReservation\":0,\"MemorySwap\":0,"
		    "\"MemorySwappiness\":null,\"OomKillDisable\":null,\"PidsLimit\":null,"
		    "\"Ulimits\":null,\"CpuCount\":0,\"CpuPercent\":0,\"MaskedPaths\":%s,"
		    "\"ReadonlyPaths\":%s},\"GraphDriver\":{\"Data\":null,\"Name\":"
		    "\"overlay2\"},\"Mounts\":[],\"Config\":{\"Hostname\":\"%.12s\","
		    "\"Domainname\":\"\",\"User\":\"\",\"AttachStdin\":false,"
		    "\"AttachStdout\":false,\"AttachStderr\":false,\"ExposedPorts\":"
		    "{\"80/tcp\":{}},\"Tty\":false,\"OpenStdin\":false,\"StdinOnce\":false,"
		    "\"Env\":[\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:"
		    "/bin\",\"NGINX_VERSION=1.25.3\"],\"Cmd\":[\"nginx\",\"-g\",\"daemon off;\"],"
		    "\"Image\":\"%s\",\"Volumes\":null,\"WorkingDir\":\"\",\"Entrypoint\":"
		    "[\"/docker-entrypoint.sh\"],\"OnBuild\":null,\"Labels\":{},"
		    "\"StopSignal\":\"SIGQUIT\"},\"NetworkSettings\":{\"Bridge\":\"\","
		    "\"SandboxID\":\"%s\",\"HairpinMode\":false,\"Ports\":{\"80/tcp\":null},"
		    "\"SandboxKey\":\"/var/run/docker/netns/%.12s\",\"Networks\":{\"bridge\":"
		    "{\"IPAMConfig\":null,\"Links\":null,\"Aliases\":null,\"NetworkID\":\"%s\","
		    "\"EndpointID\":\"%s\",\"Gateway\":\"172.17.0.1\",\"IPAddress\":"
		    "\"172.17.%u.%u\",\"IPPrefixLen\":16,\"MacAddress\":"
		    "\"02:42:ac:11:%02x:%02x\"}}}}",
		    id, 10000 + i, image, id, id, id, id, id, i, pid_mode, masked_paths,
		    readonly_paths, id, image_name, sandbox, sandbox, net, sandbox, ip3, ip4, ip3,
		    ip4);
		_cleanup_free_ char *p = xasprintf("/containers/%s/json", id);
		if (!p || route_buf(d, p, &one) < 0)
			r = -ENOMEM;
	}
	if (r == 0 && buf_puts(&list, "]") == 0)
		r = route_buf(d, "/containers/json", &list);
	buf_release(&list);
	buf_release(&one);
	return r < 0 ? r : 0;
}

/* /info and /version for a daemon without --dir. */
static int default_routes(struct fakedaemon *d, const char *api_version, size_t n, size_t m)
{
	_cleanup_free_ char *info = xasprintf(
	    "{\"ID\":\"FAKE:DAEMON\",\"Containers\":%zu,\"ContainersRunning\":%zu,"
	    "\"ContainersPaused\":0,\"ContainersStopped\":0,\"Images\":%zu,"
	    "\"Driver\":\"overlay2\",\"DriverStatus\":[[\"Backing Filesystem\",\"extfs\"]],"
	    "\"Plugins\":{\"Volume\":[\"local\"],\"Network\":[\"bridge\",\"host\",\"none\"],"
	    "\"Authorization\":null,\"Log\":[\"json-file\",\"local\",\"journald\"]},"
	    "\"MemoryLimit\":true,\"SwapLimit\":true,\"CpuCfsPeriod\":true,\"CpuCfsQuota\":true,"
	    "\"CPUShares\":true,\"CPUSet\":true,\"PidsLimit\":true,\"IPv4Forwarding\":true,"
	    "\"Debug\":false,\"OomKillDisable\":false,\"LoggingDriver\":\"json-file\","
	    "\"CgroupDriver\":\"systemd\",\"CgroupVersion\":\"2\",\"KernelVersion\":\"6.1.0\","
	    "\"OperatingSystem\":\"Debian GNU/Linux 12 (bookworm)\",\"OSVersion\":\"12\","
	    "\"OSType\":\"linux\",\"Architecture\":\"x86_64\",\"NCPU\":2,"
	    "\"MemTotal\":4105367552,\"DockerRootDir\":\"/var/lib/docker\",\"HttpProxy\":\"\","
	    "\"HttpsProxy\":\"\",\"NoProxy\":\"\",\"Name\":\"fakehost\",\"Labels\":[],"
	    "\"ExperimentalBuild\":false,\"ServerVersion\":\"20.10.24\","
	    "\"RegistryConfig\":{\"InsecureRegistryCIDRs\":[\"127.0.0.0/8\"],"
	    "\"IndexConfigs\":{},\"Mirrors\":[]},\"Runtimes\":{\"runc\":{\"path\":\"runc\"}},"
	    "\"DefaultRuntime\":\"runc\",\"Swarm\":{\"NodeID\":\"\",\"NodeAddr\":\"\","
	    "\"LocalNodeState\":\"inactive\",\"ControlAvailable\":false,\"Error\":\"\","
	    "\"RemoteManagers\":null},\"LiveRestoreEnabled\":false,\"Isolation\":\"\","
	    "\"InitBinary\":\"docker-init\",\"SecurityOptions\":[\"name=apparmor\","
	    "\"name=seccomp,profile=builtin\",\"name=cgroupns\"],\"Warnings\":null}",
	    n, n, m);
	_cleanup_free_ char *version = xasprintf(
	    "{\"Platform\":{\"Name\":\"Docker Engine - Community\"},\"Version\":\"20.10.24\","
	    "\"ApiVersion\":\"%s\",\"MinAPIVersion\":\"1.12\",\"GitCommit\":\"5d6db84\","
	    "\"GoVersion\":\"go1.19.7\",\"Os\":\"linux\",\"Arch\":\"amd64\","
	    "\"KernelVersion\":\"6.1.0\",\"BuildTime\":\"2023-04-04T10:16:29.000000000+00:00\"}",
	    api_version ? api_version : "1.41");
	if (!info || !version)
		return -ENOMEM;
	if (fakedaemon_route(d, "GET", "/info", 200, info, FAKE_FAULT_NONE, 0) < 0 ||
	    fakedaemon_route(d, "GET", "/version", 200, version, FAKE_FAULT_NONE, 0) < 0 ||
	    fakedaemon_route(d, "GET", "/containers/json", 200, "[]", FAKE_FAULT_NONE, 0) < 0 ||
	    fakedaemon_route(d, "GET", "/images/json", 200, "[]", FAKE_FAULT_NONE, 0) < 0)
		return -ENOMEM;
	return 0;
}

struct route_arg {
	const char *method, *path, *status, *file;
};

int main(int argc, char **argv)
{
	const char *socket_path = NULL, *dir = NULL, *api_version = NULL;
	enum fake_fault fault = FAKE_FAULT_NONE;
	long fault_ms = 0;
	uint64_t ncontainers = 0, nimages = 0;
	_cleanup_free_ struct route_arg *routes = calloc((size_t)argc, sizeof(*routes));
	size_t nroutes = 0;

	if (!routes)
		return 1;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		bool more = i + 1 < argc;
		if (strcmp(a, "--socket") == 0 && more) {
			socket_path = argv[++i];
		} else if (strcmp(a, "--dir") == 0 && more) {
			dir = argv[++i];
		} else if (strcmp(a, "--api-version") == 0 && more) {
			api_version = argv[++i];
		} else if (strcmp(a, "--fault") == 0 && more) {
			if (parse_fault(argv[++i], &fault, &fault_ms) < 0) {
				fprintf(stderr, "fakedaemon: invalid fault '%s'\n", argv[i]);
				usage(stderr);
				return 2;
			}
		} else if (strcmp(a, "--route") == 0 && i + 4 < argc) {
			routes[nroutes++] =
			    (struct route_arg){argv[i + 1], argv[i + 2], argv[i + 3], argv[i + 4]};
			i += 4;
		} else if (strcmp(a, "--generate-containers") == 0 && more) {
			if (parse_uint64(argv[++i], &ncontainers) < 0 || ncontainers > 10000000) {
				fprintf(stderr, "fakedaemon: invalid count '%s'\n", argv[i]);
				return 2;
			}
		} else if (strcmp(a, "--generate-images") == 0 && more) {
			if (parse_uint64(argv[++i], &nimages) < 0 || nimages > 10000000) {
				fprintf(stderr, "fakedaemon: invalid count '%s'\n", argv[i]);
				return 2;
			}
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout);
			return 0;
		} else {
			fprintf(stderr, "fakedaemon: unknown or incomplete option '%s'\n", a);
			usage(stderr);
			return 2;
		}
	}
	if (!socket_path) {
		usage(stderr);
		return 2;
	}

	/* the threads inherit the mask, so only sigwait below sees these */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	struct fakedaemon *d = fakedaemon_start(socket_path);
	if (!d) {
		fprintf(stderr, "fakedaemon: cannot listen on '%s': %s\n", socket_path,
			strerror(errno));
		return 1;
	}
	int r = 0;
	if (api_version)
		r = fakedaemon_set_api_version(d, api_version);
	if (r == 0 && dir)
		r = fakedaemon_serve_dir(d, dir);
	if (r == 0 && !dir)
		r = default_routes(d, api_version, (size_t)ncontainers, (size_t)nimages);
	if (r == 0 && nimages)
		r = generate_images(d, (size_t)nimages);
	if (r == 0 && ncontainers)
		r = generate_containers(d, (size_t)ncontainers, (size_t)nimages);
	for (size_t i = 0; r == 0 && i < nroutes; i++) {
		int64_t status;
		_cleanup_free_ char *body = NULL;
		size_t len = 0;
		if (parse_int64(routes[i].status, &status) < 0 || status < 100 || status > 999) {
			fprintf(stderr, "fakedaemon: invalid status '%s'\n", routes[i].status);
			r = -EINVAL;
			break;
		}
		r = read_all(routes[i].file, &body, &len);
		if (r < 0) {
			fprintf(stderr, "fakedaemon: cannot read '%s': %s\n", routes[i].file,
				strerror(-r));
			break;
		}
		r = fakedaemon_route_full(d, routes[i].method, routes[i].path, (int)status, NULL,
					  body, len, FAKE_FAULT_NONE, 0);
	}
	if (r < 0) {
		if (r != -EINVAL)
			fprintf(stderr, "fakedaemon: setup failed: %s\n", strerror(-r));
		fakedaemon_stop(d);
		return 1;
	}
	if (fault != FAKE_FAULT_NONE)
		fakedaemon_set_fault(d, fault, fault_ms);

	fputs("ready\n", stdout);
	fflush(stdout);

	int sig = 0;
	while (sigwait(&set, &sig) != 0)
		;
	fakedaemon_stop(d);
	return 0;
}
