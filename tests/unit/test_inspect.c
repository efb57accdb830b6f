/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The typed model of inspections (src/facts/inspect.c): every field the checks read is carried,
 * with its state (absent, null, set, of another type) as the answer had it.
 */
#include "common.h"
#include <dirent.h>
#include <stdarg.h>
#include <setjmp.h>
#include <cmocka.h>
#include "buf.h"
#include "facts/inspect.h"
#include "json.h"

enum kind { K_STR, K_INT, K_BOOL, K_STRV, K_OBJ, K_LIST, K_PORTS, K_KEYS };

/* Every field of struct container_inspect, by its API path. */
struct field {
	const char *path;
	size_t off;
	enum kind kind;
};

#define F(member, path, kind)                                                                      \
	{                                                                                          \
		path, offsetof(struct container_inspect, member), kind                             \
	}
static const struct field fields[] = {
    F(image, "Image", K_STR),
    F(apparmor_profile, "AppArmorProfile", K_STR),
    F(process_label, "ProcessLabel", K_STR),
    F(exec_ids, "ExecIDs", K_STRV),
    F(state_pid, "State.Pid", K_INT),
    F(health_state, "State.Health", K_OBJ),
    F(health_status, "State.Health.Status", K_STR),
    F(health_failing_streak, "State.Health.FailingStreak", K_INT),
    F(config_user, "Config.User", K_STR),
    F(config_image, "Config.Image", K_STR),
    F(config_shell, "Config.Shell", K_STRV),
    F(healthcheck_test, "Config.Healthcheck.Test", K_STRV),
    F(host_config_state, "HostConfig", K_OBJ),
    F(privileged, "HostConfig.Privileged", K_BOOL),
    F(security_opt, "HostConfig.SecurityOpt", K_STRV),
    F(cap_add, "HostConfig.CapAdd", K_STRV),
    F(pid_mode, "HostConfig.PidMode", K_STR),
    F(network_mode, "HostConfig.NetworkMode", K_STR),
    F(ipc_mode, "HostConfig.IpcMode", K_STR),
    F(uts_mode, "HostConfig.UTSMode", K_STR),
    F(userns_mode, "HostConfig.UsernsMode", K_STR),
    F(port_bindings, "HostConfig.PortBindings", K_PORTS),
    F(publish_all_ports, "HostConfig.PublishAllPorts", K_BOOL),
    F(memory, "HostConfig.Memory", K_INT),
    F(cpu_shares, "HostConfig.CpuShares", K_INT),
    F(nano_cpus, "HostConfig.NanoCpus", K_INT),
    F(cpu_quota, "HostConfig.CpuQuota", K_INT),
    F(pids_limit, "HostConfig.PidsLimit", K_INT),
    F(readonly_rootfs, "HostConfig.ReadonlyRootfs", K_BOOL),
    F(cgroup_parent, "HostConfig.CgroupParent", K_STR),
    F(restart_policy_name, "HostConfig.RestartPolicy.Name", K_STR),
    F(restart_policy_max_retry, "HostConfig.RestartPolicy.MaximumRetryCount", K_INT),
    F(devices, "HostConfig.Devices", K_LIST),
    F(device_requests, "HostConfig.DeviceRequests", K_LIST),
    F(device_cgroup_rules, "HostConfig.DeviceCgroupRules", K_STRV),
    F(ulimits, "HostConfig.Ulimits", K_LIST),
    F(log_type, "HostConfig.LogConfig.Type", K_STR),
    F(mounts, "Mounts", K_LIST),
    F(ports, "NetworkSettings.Ports", K_PORTS),
    F(networks, "NetworkSettings.Networks", K_KEYS),
};

/*
 * A new field in the model changes its size: then add it to the table above (and to the full
 * inspection below), so that this test covers every field a check can read.
 */
_Static_assert(sizeof(void *) != 8 || sizeof(struct container_inspect) == 592,
	       "struct container_inspect changed: add the new field to tests/unit/test_inspect.c");

/* One inspection with every field set to something else than its zero value. */
static const char full[] =
    "{\"Image\":\"sha256:aa\",\"AppArmorProfile\":\"docker-default\",\"ProcessLabel\":"
    "\"system_u:system_r:container_t:s0\",\"ExecIDs\":[\"e1\"],"
    "\"State\":{\"Pid\":42,\"Health\":{\"Status\":\"unhealthy\",\"FailingStreak\":3}},"
    "\"Config\":{\"User\":\"app\",\"Image\":\"web:1\",\"Shell\":[\"/bin/bash\",\"-c\"],"
    "\"Healthcheck\":{\"Test\":[\"CMD\",\"true\"]}},"
    "\"HostConfig\":{\"Privileged\":true,\"SecurityOpt\":[\"no-new-privileges\"],"
    "\"CapAdd\":[\"NET_ADMIN\"],\"PidMode\":\"host\",\"NetworkMode\":\"host\",\"IpcMode\":"
    "\"host\",\"UTSMode\":\"host\",\"UsernsMode\":\"host\",\"PortBindings\":{\"80/tcp\":"
    "[{\"HostIp\":\"\",\"HostPort\":\"8080\"}]},\"PublishAllPorts\":true,\"Memory\":1024,"
    "\"CpuShares\":512,\"NanoCpus\":500000000,\"CpuQuota\":50000,\"PidsLimit\":100,"
    "\"ReadonlyRootfs\":true,\"CgroupParent\":\"/custom\",\"RestartPolicy\":{\"Name\":"
    "\"on-failure\",\"MaximumRetryCount\":3},\"Devices\":[{\"PathOnHost\":\"/dev/null\","
    "\"PathInContainer\":\"/dev/x\",\"CgroupPermissions\":\"r\"}],\"DeviceRequests\":"
    "[{\"Driver\":\"\",\"Capabilities\":[[\"gpu\"]]}],\"DeviceCgroupRules\":[\"c 1:3 mr\"],"
    "\"Ulimits\":[{\"Name\":\"nofile\",\"Soft\":1024,\"Hard\":2048}],\"LogConfig\":"
    "{\"Type\":\"syslog\"}},"
    "\"Mounts\":[{\"Type\":\"bind\",\"Source\":\"/etc\",\"Destination\":\"/host\","
    "\"Propagation\":\"rshared\",\"Name\":\"\",\"RW\":false}],"
    "\"NetworkSettings\":{\"Ports\":{\"80/tcp\":[{\"HostIp\":\"0.0.0.0\",\"HostPort\":"
    "\"8080\"}],\"443/tcp\":null},\"Networks\":{\"bridge\":{},\"app\":{}}}}";

static uint8_t state_at(const struct container_inspect *c, const struct field *f)
{
	const char *p = (const char *)c + f->off;
	switch (f->kind) {
	case K_STR:
		return ((const struct opt_str *)(const void *)p)->state;
	case K_INT:
		return ((const struct opt_int *)(const void *)p)->state;
	case K_BOOL:
		return ((const struct opt_bool *)(const void *)p)->state;
	case K_STRV:
	case K_KEYS:
		return ((const struct opt_strv *)(const void *)p)->state;
	case K_OBJ:
		return *(const uint8_t *)p;
	case K_LIST:
		return *(const uint8_t *)p; /* INSPECT_LIST's first member */
	case K_PORTS:
		return ((const struct inspect_ports *)(const void *)p)->state;
	}
	return 0xff;
}

/* What the JSON has at the field's path, as the parser must have classified it. */
static uint8_t state_of_json(const cJSON *j, const struct field *f)
{
	const cJSON *it = json_get(j, f->path);
	if (!it)
		return FIELD_ABSENT;
	if (cJSON_IsNull(it))
		return FIELD_NULL;
	bool ok = false;
	int64_t v;
	switch (f->kind) {
	case K_STR:
		ok = cJSON_IsString(it);
		break;
	case K_INT:
		ok = json_get_int64(j, f->path, &v) == 0;
		break;
	case K_BOOL:
		ok = cJSON_IsBool(it);
		break;
	case K_STRV:
	case K_LIST:
		ok = cJSON_IsArray(it);
		break;
	case K_OBJ:
	case K_PORTS:
	case K_KEYS:
		ok = cJSON_IsObject(it);
		break;
	}
	return ok ? FIELD_SET : FIELD_INVALID;
}

/* Each field's state and value agree with the JSON. */
static void assert_carried(const cJSON *j, const struct container_inspect *c, const char *what)
{
	for (size_t i = 0; i < ARRAY_SIZE(fields); i++) {
		const struct field *f = &fields[i];
		uint8_t want = state_of_json(j, f), got = state_at(c, f);
		if (want != got)
			fail_msg("%s: %s has state %d, the JSON says %d", what, f->path, got, want);
		if (got != FIELD_SET)
			continue;
		const char *p = (const char *)c + f->off;
		const cJSON *it = json_get(j, f->path);
		if (f->kind == K_STR)
			assert_string_equal(((const struct opt_str *)(const void *)p)->v,
					    it->valuestring);
		else if (f->kind == K_INT)
			assert_int_equal(((const struct opt_int *)(const void *)p)->v,
					 (int64_t)it->valuedouble);
		else if (f->kind == K_BOOL)
			assert_int_equal(((const struct opt_bool *)(const void *)p)->v,
					 cJSON_IsTrue(it));
		else if (f->kind == K_STRV || f->kind == K_KEYS)
			assert_int_equal(((const struct opt_strv *)(const void *)p)->n,
					 cJSON_GetArraySize(it));
	}
}

static void test_every_field_carried(void **state)
{
	struct inspect_store *s = inspect_store_new();
	cJSON *j = json_parse(full, sizeof(full) - 1);
	assert_non_null(j);
	const struct container_inspect *c;
	assert_int_equal(inspect_parse_container(s, j, &c), 0);
	for (size_t i = 0; i < ARRAY_SIZE(fields); i++)
		if (state_at(c, &fields[i]) != FIELD_SET)
			fail_msg("%s is not carried", fields[i].path);
	assert_carried(j, c, "full");
	/* the parts of the lists */
	assert_string_equal(c->mounts.v[0].propagation.v, "rshared");
	assert_false(c->mounts.v[0].rw.v);
	assert_string_equal(c->devices.v[0].path_on_host.v, "/dev/null");
	assert_string_equal(c->device_requests.v[0].capability, "gpu");
	assert_int_equal(c->ulimits.v[0].hard.v, 2048);
	assert_int_equal(c->ports.n, 2);
	assert_int_equal(c->ports.v[0].kind, PORT_BINDINGS);
	assert_string_equal(c->ports.v[0].b[0].host_port.v, "8080");
	assert_int_equal(c->ports.v[1].kind, PORT_EXPOSED);
	assert_string_equal(c->networks.v[0], "bridge");
	cJSON_Delete(j);
	inspect_store_free(s);
}

/* Omitted fields are absent, never a default; null is null; another type is invalid. */
static void test_absent_null_invalid(void **state)
{
	struct inspect_store *s = inspect_store_new();
	static const char *const docs[] = {
	    "{}",
	    "{\"HostConfig\":{}, \"Config\":{}, \"State\":{}, \"NetworkSettings\":{}}",
	    "{\"HostConfig\":null,\"Mounts\":null,\"ExecIDs\":null,\"State\":{\"Health\":null}}",
	    "{\"HostConfig\":{\"Privileged\":\"yes\",\"Memory\":1.5,\"PidsLimit\":\"100\","
	    "\"SecurityOpt\":\"seccomp=unconfined\",\"PortBindings\":[],\"Devices\":{}},"
	    "\"Mounts\":{},\"Image\":7,\"NetworkSettings\":{\"Networks\":[]}}",
	    "[1,2]",
	};
	for (size_t d = 0; d < ARRAY_SIZE(docs); d++) {
		cJSON *j = json_parse(docs[d], strlen(docs[d]));
		assert_non_null(j);
		const struct container_inspect *c;
		assert_int_equal(inspect_parse_container(s, j, &c), 0);
		assert_carried(j, c, docs[d]);
		cJSON_Delete(j);
	}
	/* and the meaning of a few: nothing here reads as "not privileged" or "limited" */
	cJSON *j = json_parse(docs[0], 2);
	const struct container_inspect *c;
	assert_int_equal(inspect_parse_container(s, j, &c), 0);
	assert_int_equal(c->privileged.state, FIELD_ABSENT);
	assert_int_equal(c->pids_limit.state, FIELD_ABSENT);
	assert_int_equal(c->host_config_state, FIELD_ABSENT);
	cJSON_Delete(j);
	inspect_store_free(s);
}

/* Every captured inspection of the fixtures is carried field by field. */
static void test_captured_inspections(void **state)
{
	static const char *const scenarios[] = {"runtime-live", "runtime-badtype", "badtype",
						"runtime-omitted", "images-real"};
	size_t seen = 0;
	struct inspect_store *s = inspect_store_new();
	for (size_t k = 0; k < ARRAY_SIZE(scenarios); k++) {
		char dir[4096];
		snprintf(dir, sizeof(dir), "%s/docker/%s/containers", DA_FIXTURES, scenarios[k]);
		DIR *d = opendir(dir);
		if (!d)
			continue;
		struct dirent *e;
		while ((e = readdir(d))) {
			size_t n = strlen(e->d_name);
			if (n < 6 || strcmp(e->d_name + n - 5, ".json"))
				continue;
			char path[8192];
			snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
			_cleanup_free_ char *text = NULL;
			size_t len = 0;
			assert_int_equal(read_file_capped(path, 1u << 24, &text, &len), 0);
			cJSON *j = json_parse(text, len);
			if (!j)
				continue;
			const struct container_inspect *c;
			assert_int_equal(inspect_parse_container(s, j, &c), 0);
			assert_carried(j, c, path);
			cJSON_Delete(j);
			seen++;
		}
		closedir(d);
	}
	assert_true(seen > 40);
	inspect_store_free(s);
}

static void test_list_entries(void **state)
{
	struct inspect_store *s = inspect_store_new();
	static const struct {
		const char *json;
		const char *unreadable; /* NULL: readable */
		enum container_state st;
	} cases[] = {
	    {"{\"Id\":\"abc\",\"Names\":[\"/web\"],\"State\":\"paused\"}", NULL, CONTAINER_PAUSED},
	    {"{\"Id\":\"abc\",\"State\":\"restarting\"}", NULL, CONTAINER_RESTARTING},
	    {"{\"Id\":\"abc\",\"State\":\"frozen\"}", NULL, CONTAINER_UNKNOWN},
	    {"42", "not an object", 0},
	    {"{\"State\":\"running\"}", "it has no Id", 0},
	    {"{\"Id\":7,\"State\":\"running\"}", "its Id is not a string", 0},
	    {"{\"Id\":\"abc\"}", "it has no State", 0},
	    {"{\"Id\":\"abc\",\"State\":true}", "its State is not a string", 0},
	    {"{\"Id\":\"abc\",\"State\":\"running\",\"Names\":\"/x\"}", "its Names is not a list",
	     0},
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		cJSON *j = json_parse(cases[i].json, strlen(cases[i].json));
		struct container_entry e;
		assert_int_equal(inspect_parse_container_entry(s, j, &e), 0);
		if (cases[i].unreadable) {
			assert_non_null(e.unreadable);
			assert_string_equal(e.unreadable, cases[i].unreadable);
		} else {
			assert_null(e.unreadable);
			assert_int_equal(e.state, cases[i].st);
		}
		cJSON_Delete(j);
	}
	inspect_store_free(s);
}

/* An exec session's ExitCode is null until it ended: null and not running is one that was
 * created and never started (5.23, 5.24 say so). */
static void test_exec_exit_code(void **state)
{
	(void)state;
	static const char *const texts[] = {
	    "{\"Running\":false,\"ExitCode\":null,\"ProcessConfig\":{\"privileged\":true}}",
	    "{\"Running\":false,\"ExitCode\":137,\"ProcessConfig\":{\"privileged\":true}}",
	    "{\"Running\":true,\"ProcessConfig\":{\"privileged\":false}}",
	};
	static const uint8_t want[] = {FIELD_NULL, FIELD_SET, FIELD_ABSENT};
	struct inspect_store *s = inspect_store_new();
	assert_non_null(s);
	for (size_t i = 0; i < ARRAY_SIZE(texts); i++) {
		cJSON *j = json_parse(texts[i], strlen(texts[i]));
		const struct exec_inspect *e = NULL;
		assert_int_equal(inspect_parse_exec(s, j, &e), 0);
		assert_int_equal(e->exit_code.state, want[i]);
		if (want[i] == FIELD_SET)
			assert_int_equal(e->exit_code.v, 137);
		cJSON_Delete(j);
	}
	inspect_store_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_field_carried),	 cmocka_unit_test(test_absent_null_invalid),
	    cmocka_unit_test(test_captured_inspections), cmocka_unit_test(test_list_entries),
	    cmocka_unit_test(test_exec_exit_code),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
