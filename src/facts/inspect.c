/* SPDX-License-Identifier: Apache-2.0 */
/* The typed model of container and image inspections: parsed once, on arrival. */
#include "common.h"
#include "facts/inspect.h"
#include "json.h"
#include "strutil.h"

/* ---- the arena ---- */

#define CHUNK_SIZE (64u * 1024)
#define SHARED_MAX 24 /* strings up to this long are stored once ("bridge", "default" ...) */

struct chunk {
	struct chunk *next;
	size_t used, cap;
	_Alignas(max_align_t) unsigned char data[];
};

struct inspect_store {
	struct chunk *head;
	size_t bytes;
	struct json_interner *shared;
};

struct inspect_store *inspect_store_new(void)
{
	struct inspect_store *s = calloc(1, sizeof(*s));
	if (s)
		s->shared = json_interner_new(); /* optional: without it short strings are copied */
	return s;
}

struct inspect_store *inspect_store_free(struct inspect_store *s)
{
	if (!s)
		return NULL;
	for (struct chunk *c = s->head, *next; c; c = next) {
		next = c->next;
		free(c);
	}
	json_interner_free(s->shared);
	free(s);
	return NULL;
}

size_t inspect_store_size(const struct inspect_store *s)
{
	return s ? s->bytes : 0;
}

static void *store_alloc(struct inspect_store *s, size_t size)
{
	size = (size + _Alignof(max_align_t) - 1) & ~(size_t)(_Alignof(max_align_t) - 1);
	if (size == 0)
		size = _Alignof(max_align_t);
	struct chunk *c = s->head;
	if (!c || c->cap - c->used < size) {
		size_t cap = size > CHUNK_SIZE / 4 ? size : CHUNK_SIZE - sizeof(struct chunk);
		struct chunk *n = malloc(sizeof(*n) + cap);
		if (!n)
			return NULL;
		n->used = 0;
		n->cap = cap;
		s->bytes += sizeof(*n) + cap;
		if (c && cap != CHUNK_SIZE - sizeof(struct chunk)) {
			/* a big block goes behind the current chunk, which stays in use */
			n->next = c->next;
			c->next = n;
		} else {
			n->next = c;
			s->head = n;
		}
		c = n;
	}
	void *p = c->data + c->used;
	c->used += size;
	memset(p, 0, size);
	return p;
}

const char *inspect_store_str(struct inspect_store *s, const char *str)
{
	if (!str)
		return NULL;
	size_t n = strlen(str);
	if (n <= SHARED_MAX && s->shared) {
		const char *sh = json_intern_str(s->shared, str);
		if (sh)
			return sh;
	}
	/* no alignment needed: a byte arena of its own would save a few bytes per string */
	char *p = store_alloc(s, n + 1);
	if (p)
		memcpy(p, str, n + 1);
	return p;
}

/* ---- fields ---- */

struct parser {
	struct inspect_store *s;
	bool oom;
};

static const char *pdup(struct parser *p, const char *str)
{
	const char *r = inspect_store_str(p->s, str);
	if (str && !r)
		p->oom = true;
	return r;
}

static void *alloc(struct parser *p, size_t size)
{
	void *r = store_alloc(p->s, size);
	if (!r)
		p->oom = true;
	return r;
}

/* State of an item: absent, null, or SET when want() accepts it, else INVALID. */
static uint8_t state_of(const cJSON *it, cJSON_bool (*want)(const cJSON *))
{
	if (!it)
		return FIELD_ABSENT;
	if (cJSON_IsNull(it))
		return FIELD_NULL;
	return want(it) ? FIELD_SET : FIELD_INVALID;
}

static struct opt_str get_str_item(struct parser *p, const cJSON *it)
{
	struct opt_str o = {.state = state_of(it, cJSON_IsString)};
	if (o.state == FIELD_SET && !it->valuestring)
		o.state = FIELD_INVALID;
	if (o.state == FIELD_SET)
		o.v = pdup(p, it->valuestring);
	return o;
}

static struct opt_str get_str(struct parser *p, const cJSON *obj, const char *path)
{
	return get_str_item(p, json_get(obj, path));
}

static struct opt_bool get_bool(const cJSON *obj, const char *path)
{
	struct opt_bool o = {0};
	const cJSON *it = json_get(obj, path);
	int r = json_get_bool(obj, path, &o.v);
	o.state = r == 0	     ? FIELD_SET
		  : !it		     ? FIELD_ABSENT
		  : cJSON_IsNull(it) ? FIELD_NULL
				     : FIELD_INVALID;
	return o;
}

static struct opt_int get_int(const cJSON *obj, const char *path)
{
	struct opt_int o = {0};
	const cJSON *it = json_get(obj, path);
	int r = json_get_int64(obj, path, &o.v);
	o.state = r == 0	     ? FIELD_SET
		  : !it		     ? FIELD_ABSENT
		  : cJSON_IsNull(it) ? FIELD_NULL
				     : FIELD_INVALID;
	if (o.state != FIELD_SET)
		o.v = 0;
	return o;
}

static struct opt_strv get_strv_item(struct parser *p, const cJSON *arr)
{
	struct opt_strv o = {.state = state_of(arr, cJSON_IsArray)};
	if (o.state != FIELD_SET)
		return o;
	o.all_strings = true;
	int n = cJSON_GetArraySize(arr);
	o.v = alloc(p, (size_t)(n > 0 ? n : 1) * sizeof(*o.v));
	if (!o.v)
		return (struct opt_strv){0};
	const cJSON *it;
	cJSON_ArrayForEach(it, arr)
	{
		if (cJSON_IsString(it) && it->valuestring)
			o.v[o.n] = pdup(p, it->valuestring);
		else
			o.all_strings = false;
		o.n++;
	}
	return o;
}

static struct opt_strv get_strv(struct parser *p, const cJSON *obj, const char *path)
{
	return get_strv_item(p, json_get(obj, path));
}

static struct opt_map get_map(struct parser *p, const cJSON *obj, const char *path)
{
	const cJSON *m = json_get(obj, path);
	struct opt_map o = {.state = state_of(m, cJSON_IsObject)};
	if (o.state != FIELD_SET)
		return o;
	o.all_strings = true;
	int n = cJSON_GetArraySize(m);
	o.keys = alloc(p, (size_t)(n > 0 ? n : 1) * sizeof(*o.keys));
	o.values = alloc(p, (size_t)(n > 0 ? n : 1) * sizeof(*o.values));
	if (!o.keys || !o.values)
		return (struct opt_map){0};
	const cJSON *it;
	cJSON_ArrayForEach(it, m)
	{
		o.keys[o.n] = pdup(p, it->string);
		if (cJSON_IsString(it) && it->valuestring)
			o.values[o.n] = pdup(p, it->valuestring);
		else
			o.all_strings = false;
		o.n++;
	}
	return o;
}

/* The keys of an object (network names). */
static struct opt_strv get_keys(struct parser *p, const cJSON *obj, const char *path)
{
	const cJSON *m = json_get(obj, path);
	struct opt_strv o = {.state = state_of(m, cJSON_IsObject)};
	if (o.state != FIELD_SET)
		return o;
	o.all_strings = true;
	int n = cJSON_GetArraySize(m);
	o.v = alloc(p, (size_t)(n > 0 ? n : 1) * sizeof(*o.v));
	if (!o.v)
		return (struct opt_strv){0};
	const cJSON *it;
	cJSON_ArrayForEach(it, m)
	{
		o.v[o.n++] = pdup(p, it->string);
	}
	return o;
}

static struct inspect_ports get_ports(struct parser *p, const cJSON *obj, const char *path)
{
	const cJSON *m = json_get(obj, path);
	struct inspect_ports o = {.state = state_of(m, cJSON_IsObject)};
	if (o.state != FIELD_SET)
		return o;
	int n = cJSON_GetArraySize(m);
	o.v = alloc(p, (size_t)(n > 0 ? n : 1) * sizeof(*o.v));
	if (!o.v)
		return (struct inspect_ports){0};
	const cJSON *k;
	cJSON_ArrayForEach(k, m)
	{
		struct inspect_port *pt = &o.v[o.n++];
		pt->port = pdup(p, k->string ? k->string : "");
		if (cJSON_IsNull(k)) {
			pt->kind = PORT_EXPOSED;
			continue;
		}
		if (!cJSON_IsArray(k)) {
			pt->kind = PORT_INVALID;
			continue;
		}
		pt->kind = PORT_BINDINGS;
		int nb = cJSON_GetArraySize(k);
		pt->b = alloc(p, (size_t)(nb > 0 ? nb : 1) * sizeof(*pt->b));
		if (!pt->b)
			return (struct inspect_ports){0};
		const cJSON *b;
		cJSON_ArrayForEach(b, k)
		{
			struct inspect_port_binding *pb = &pt->b[pt->n++];
			pb->is_object = cJSON_IsObject(b);
			pb->host_ip = get_str(p, b, "HostIp");
			pb->host_port = get_str(p, b, "HostPort");
		}
	}
	return o;
}

/* An array of objects: the list's state and one parsed element per item. */
#define GET_LIST(p, obj, path, list, parse_one)                                                    \
	do {                                                                                       \
		const cJSON *arr_ = json_get(obj, path);                                           \
		(list).state = state_of(arr_, cJSON_IsArray);                                      \
		if ((list).state != FIELD_SET)                                                     \
			break;                                                                     \
		int n_ = cJSON_GetArraySize(arr_);                                                 \
		(list).v = alloc(p, (size_t)(n_ > 0 ? n_ : 1) * sizeof(*(list).v));                \
		if (!(list).v)                                                                     \
			break;                                                                     \
		const cJSON *it_;                                                                  \
		cJSON_ArrayForEach(it_, arr_)                                                      \
		{                                                                                  \
			parse_one(p, it_, &(list).v[(list).n]);                                    \
			(list).n++;                                                                \
		}                                                                                  \
	} while (0)

static void parse_mount(struct parser *p, const cJSON *m, struct inspect_mount *v)
{
	v->is_object = cJSON_IsObject(m);
	v->type = get_str(p, m, "Type");
	v->source = get_str(p, m, "Source");
	v->destination = get_str(p, m, "Destination");
	v->propagation = get_str(p, m, "Propagation");
	v->name = get_str(p, m, "Name");
	v->rw = get_bool(m, "RW");
}

static void parse_device(struct parser *p, const cJSON *d, struct inspect_device *v)
{
	v->is_object = cJSON_IsObject(d);
	v->path_on_host = get_str(p, d, "PathOnHost");
	v->path_in_container = get_str(p, d, "PathInContainer");
	v->cgroup_permissions = get_str(p, d, "CgroupPermissions");
}

static void parse_device_request(struct parser *p, const cJSON *d, struct inspect_device_request *v)
{
	v->is_object = cJSON_IsObject(d);
	v->driver = get_str(p, d, "Driver");
	/* --gpus leaves the driver empty and asks for the capability "gpu": [["gpu"]] */
	const cJSON *caps = json_get_array(d, "Capabilities");
	const cJSON *c0 = caps ? cJSON_GetArrayItem(caps, 0) : NULL;
	const cJSON *c00 = c0 ? cJSON_GetArrayItem(c0, 0) : NULL;
	if (cJSON_IsString(c00) && c00->valuestring)
		v->capability = pdup(p, c00->valuestring);
}

static void parse_ulimit(struct parser *p, const cJSON *u, struct inspect_ulimit *v)
{
	v->is_object = cJSON_IsObject(u);
	v->name = get_str(p, u, "Name");
	v->soft = get_int(u, "Soft");
	v->hard = get_int(u, "Hard");
}

int inspect_parse_container(struct inspect_store *s, const cJSON *j,
			    const struct container_inspect **ret)
{
	struct parser p = {.s = s};
	struct container_inspect *c = alloc(&p, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->image = get_str(&p, j, "Image");
	c->apparmor_profile = get_str(&p, j, "AppArmorProfile");
	c->process_label = get_str(&p, j, "ProcessLabel");
	c->exec_ids = get_strv(&p, j, "ExecIDs");
	c->state_pid = get_int(j, "State.Pid");
	c->health_state = state_of(json_get(j, "State.Health"), cJSON_IsObject);
	c->health_status = get_str(&p, j, "State.Health.Status");
	c->health_failing_streak = get_int(j, "State.Health.FailingStreak");

	c->config_user = get_str(&p, j, "Config.User");
	c->config_image = get_str(&p, j, "Config.Image");
	c->config_shell = get_strv(&p, j, "Config.Shell");
	c->healthcheck_test = get_strv(&p, j, "Config.Healthcheck.Test");

	c->host_config_state = state_of(json_get(j, "HostConfig"), cJSON_IsObject);
	c->privileged = get_bool(j, "HostConfig.Privileged");
	c->security_opt = get_strv(&p, j, "HostConfig.SecurityOpt");
	c->cap_add = get_strv(&p, j, "HostConfig.CapAdd");
	c->pid_mode = get_str(&p, j, "HostConfig.PidMode");
	c->network_mode = get_str(&p, j, "HostConfig.NetworkMode");
	c->ipc_mode = get_str(&p, j, "HostConfig.IpcMode");
	c->uts_mode = get_str(&p, j, "HostConfig.UTSMode");
	c->userns_mode = get_str(&p, j, "HostConfig.UsernsMode");
	c->port_bindings = get_ports(&p, j, "HostConfig.PortBindings");
	c->publish_all_ports = get_bool(j, "HostConfig.PublishAllPorts");
	c->memory = get_int(j, "HostConfig.Memory");
	c->cpu_shares = get_int(j, "HostConfig.CpuShares");
	c->nano_cpus = get_int(j, "HostConfig.NanoCpus");
	c->cpu_quota = get_int(j, "HostConfig.CpuQuota");
	c->pids_limit = get_int(j, "HostConfig.PidsLimit");
	c->readonly_rootfs = get_bool(j, "HostConfig.ReadonlyRootfs");
	c->cgroup_parent = get_str(&p, j, "HostConfig.CgroupParent");
	c->restart_policy_name = get_str(&p, j, "HostConfig.RestartPolicy.Name");
	c->restart_policy_max_retry = get_int(j, "HostConfig.RestartPolicy.MaximumRetryCount");
	GET_LIST(&p, j, "HostConfig.Devices", c->devices, parse_device);
	GET_LIST(&p, j, "HostConfig.DeviceRequests", c->device_requests, parse_device_request);
	c->device_cgroup_rules = get_strv(&p, j, "HostConfig.DeviceCgroupRules");
	GET_LIST(&p, j, "HostConfig.Ulimits", c->ulimits, parse_ulimit);
	c->log_type = get_str(&p, j, "HostConfig.LogConfig.Type");

	GET_LIST(&p, j, "Mounts", c->mounts, parse_mount);
	c->ports = get_ports(&p, j, "NetworkSettings.Ports");
	c->networks = get_keys(&p, j, "NetworkSettings.Networks");
	if (p.oom)
		return -ENOMEM;
	*ret = c;
	return 0;
}

int inspect_parse_image(struct inspect_store *s, const cJSON *j, const struct image_inspect **ret)
{
	struct parser p = {.s = s};
	struct image_inspect *m = alloc(&p, sizeof(*m));
	if (!m)
		return -ENOMEM;
	m->config_user = get_str(&p, j, "Config.User");
	m->repo_tags = get_strv(&p, j, "RepoTags");
	m->repo_digests = get_strv(&p, j, "RepoDigests");
	m->healthcheck_state = state_of(json_get(j, "Config.Healthcheck"), cJSON_IsObject);
	m->healthcheck_test = get_strv(&p, j, "Config.Healthcheck.Test");
	m->env = get_strv(&p, j, "Config.Env");
	m->labels = get_map(&p, j, "Config.Labels");
	m->cmd = get_strv(&p, j, "Config.Cmd");
	m->entrypoint = get_strv(&p, j, "Config.Entrypoint");
	if (p.oom)
		return -ENOMEM;
	*ret = m;
	return 0;
}

int inspect_parse_exec(struct inspect_store *s, const cJSON *j, const struct exec_inspect **ret)
{
	struct parser p = {.s = s};
	struct exec_inspect *e = alloc(&p, sizeof(*e));
	if (!e)
		return -ENOMEM;
	e->privileged = get_bool(j, "ProcessConfig.privileged");
	e->user = get_str(&p, j, "ProcessConfig.user");
	e->entrypoint = get_str(&p, j, "ProcessConfig.entrypoint");
	e->arguments = get_strv(&p, j, "ProcessConfig.arguments");
	e->running = get_bool(j, "Running");
	e->exit_code = get_int(j, "ExitCode");
	if (p.oom)
		return -ENOMEM;
	*ret = e;
	return 0;
}

/* ---- list entries ---- */

static const struct {
	const char *name;
	enum container_state state;
} states[] = {
    {"created", CONTAINER_CREATED},   {"running", CONTAINER_RUNNING},
    {"paused", CONTAINER_PAUSED},     {"restarting", CONTAINER_RESTARTING},
    {"removing", CONTAINER_REMOVING}, {"exited", CONTAINER_EXITED},
    {"dead", CONTAINER_DEAD},
};

const char *container_state_name(enum container_state s)
{
	for (size_t i = 0; i < ARRAY_SIZE(states); i++)
		if (states[i].state == s)
			return states[i].name;
	return "unknown";
}

int inspect_parse_container_entry(struct inspect_store *s, const cJSON *j,
				  struct container_entry *ret)
{
	struct parser p = {.s = s};
	struct container_entry e = {0};
	const cJSON *id = cJSON_IsObject(j) ? cJSON_GetObjectItemCaseSensitive(j, "Id") : NULL;
	const cJSON *st = cJSON_IsObject(j) ? cJSON_GetObjectItemCaseSensitive(j, "State") : NULL;
	const cJSON *names =
	    cJSON_IsObject(j) ? cJSON_GetObjectItemCaseSensitive(j, "Names") : NULL;
	if (!cJSON_IsObject(j))
		e.unreadable = "not an object";
	else if (!cJSON_IsString(id) || !id->valuestring)
		e.unreadable = id ? "its Id is not a string" : "it has no Id";
	else if (!cJSON_IsString(st) || !st->valuestring)
		e.unreadable = st ? "its State is not a string" : "it has no State";
	else if (names && !cJSON_IsNull(names) && !cJSON_IsArray(names))
		e.unreadable = "its Names is not a list";
	if (e.unreadable) {
		*ret = e;
		return 0;
	}
	e.id = pdup(&p, id->valuestring);
	const cJSON *n0 = cJSON_IsArray(names) ? cJSON_GetArrayItem(names, 0) : NULL;
	if (cJSON_IsString(n0) && n0->valuestring)
		e.name = pdup(&p, n0->valuestring + (n0->valuestring[0] == '/'));
	const char *image_id = json_get_string(j, "ImageID");
	e.image_id = pdup(&p, image_id ? image_id : "");
	e.state_text = pdup(&p, st->valuestring);
	e.state = CONTAINER_UNKNOWN;
	for (size_t i = 0; i < ARRAY_SIZE(states); i++)
		if (strcmp(st->valuestring, states[i].name) == 0)
			e.state = states[i].state;
	e.labels = get_map(&p, j, "Labels");
	if (p.oom)
		return -ENOMEM;
	*ret = e;
	return 0;
}

int inspect_parse_image_summary(struct inspect_store *s, const cJSON *j, struct image_summary *ret)
{
	struct parser p = {.s = s};
	struct image_summary e = {0};
	const cJSON *id = cJSON_IsObject(j) ? cJSON_GetObjectItemCaseSensitive(j, "Id") : NULL;
	if (!cJSON_IsObject(j))
		e.unreadable = "not an object";
	else if (!cJSON_IsString(id) || !id->valuestring)
		e.unreadable = id ? "its Id is not a string" : "it has no Id";
	if (e.unreadable) {
		*ret = e;
		return 0;
	}
	e.id = pdup(&p, id->valuestring);
	e.repo_tags = get_strv(&p, j, "RepoTags");
	if (p.oom)
		return -ENOMEM;
	*ret = e;
	return 0;
}
