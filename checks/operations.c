/* SPDX-License-Identifier: Apache-2.0 */
/* Section 6: Docker security operations. */
#include "common.h"
#include "checks.h"
#include "facts/container_user.h"
#include "facts/history.h"
#include "facts/images.h"
#include "facts/usage.h"
#include "json.h"
#include "strutil.h"

static bool image_dangling(const struct image *img)
{
	const struct opt_strv *tags = &img->summary->repo_tags;
	for (uint32_t i = 0; tags->state == FIELD_SET && i < tags->n; i++)
		if (tags->v[i] && strcmp(tags->v[i], "<none>:<none>"))
			return false;
	return true;
}

/* Inventory: every image, and those no container (running or stopped) uses. */
static int image_sprawl(struct audit_ctx *ctx, const struct check *chk, struct result *res)
{
	const struct image *imgs;
	size_t n, nrefs;
	const struct container_ref *refs;
	const char *err = NULL;
	int r = ctx_images(ctx, &imgs, &n, &err);
	if (r < 0)
		return result_error(res, "cannot list images: %s", err ? err : strerror(-r));
	r = ctx_all_container_refs(ctx, &refs, &nrefs, &err);
	if (r < 0)
		return result_error(res, "cannot list containers: %s", err ? err : strerror(-r));

	size_t unused = 0, dangling = 0, unreadable = 0;
	for (size_t i = 0; i < n; i++) {
		const struct image *img = &imgs[i];
		bool used = false;
		if (!*img->id) {
			/* an entry of the list that cannot be read: neither used nor unused */
			unreadable++;
			r = result_add(res, &(struct finding_spec){.kind = "image",
								   .name = img->name,
								   .detail = img->error_msg,
								   .source = "api",
								   .error = true});
			if (r < 0)
				return r;
			continue;
		}
		if ((r = ctx_image_in_use(ctx, img->id, &used)) < 0)
			return r;
		if (used)
			continue;
		bool dang = image_dangling(img);
		unused++;
		dangling += dang;
		r = result_add(
		    res, &(struct finding_spec){
			     .kind = "image",
			     .id = img->id,
			     .name = img->name,
			     .detail = dang ? "untagged (dangling) and not used by any container"
					    : "not used by any container, running or stopped",
			     .source = "api",
			 });
		if (r < 0)
			return r;
	}
	if (unreadable)
		return result_error(res,
				    "%zu entr%s of the image list could not be read; of the "
				    "rest, %zu not used by any container",
				    unreadable, unreadable == 1 ? "y" : "ies", unused);
	_cleanup_free_ char *dang =
	    dangling ? xasprintf(", %zu of those untagged (dangling)", dangling) : NULL;
	return result_info(res,
			   "%zu image%s, %zu of them not used by any of the %zu container%s "
			   "(running or stopped)%s",
			   n, n == 1 ? "" : "s", unused, nrefs, nrefs == 1 ? "" : "s",
			   dang ? dang : "");
}

/*
 * Inventory: containers by state, counted from the engine's own list (every state: Podman's
 * /info counts a created container in none of Running, Paused and Stopped). /info's total is
 * compared, and a difference is said.
 */
static int container_sprawl(struct audit_ctx *ctx, const struct check *chk, struct result *res)
{
	const struct container_entry *list;
	size_t n;
	const char *err = NULL;
	int r = ctx_container_list(ctx, &list, &n, &err);
	if (r < 0)
		return result_error(res, "cannot list the containers: %s",
				    err ? err : strerror(-r));
	long long total = 0, running = 0, paused = 0, created = 0, exited = 0, other = 0;
	for (size_t i = 0; i < n; i++) {
		const char *st = list[i].unreadable ? NULL : list[i].state_text;
		total++;
		if (!st)
			other++;
		else if (strcmp(st, "running") == 0 || strcmp(st, "restarting") == 0)
			running++;
		else if (strcmp(st, "paused") == 0)
			paused++;
		else if (strcmp(st, "created") == 0 || strcmp(st, "configured") == 0)
			created++;
		else if (strcmp(st, "exited") == 0 || strcmp(st, "stopped") == 0 ||
			 strcmp(st, "dead") == 0)
			exited++;
		else
			other++;
	}
	const cJSON *info;
	int64_t said = -1;
	if (ctx_docker_info(ctx, &info, NULL) == 0 && json_get_int64(info, "Containers", &said) < 0)
		said = -1;
	_cleanup_free_ char *diff =
	    said >= 0 && said != total
		? xasprintf("; /info says %lld, the list has %lld", (long long)said, total)
		: xstrdup("");
	_cleanup_free_ char *oth =
	    other ? xasprintf(", %lld in another state", other) : xstrdup("");
	if (!diff || !oth)
		return -ENOMEM;
	return result_info(
	    res,
	    "%lld container%s: %lld running, %lld paused, %lld stopped (%lld created, "
	    "%lld exited)%s%s",
	    total, total == 1 ? "" : "s", running, paused, created + exited, created, exited, oth,
	    diff);
}

static const struct check checks[] = {
    {
	.id = "6.1",
	.key = "image-sprawl",
	.title = "Ensure that image sprawl is avoided",
	.section = "6",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_LOW,
	.stride = DA_STRIDE_DOS | DA_STRIDE_TAMPERING,
	.needs = DA_NEED_DAEMON,
	.run = image_sprawl,
	.rationale = "Images nobody uses still take disk space, keep old vulnerable "
		     "software within reach (a docker run away), and hide the images that "
		     "matter in a long list.",
	.judged = "Information, as the benchmark asks for a review rather than a limit: the "
		  "detail counts the local images (each once, however many tags) and those "
		  "no container uses, running or stopped (every container from "
		  "/containers/json?all=1 whatever -a, by ImageID), and how many of those are "
		  "dangling; each unused image is listed as a finding. Counting image ids, "
		  "not containers or tags, unlike docker-bench-security.",
	.remediation = "Remove images nothing uses, after checking the list:\n"
		       "  docker image prune        # dangling images\n"
		       "  docker image prune -a     # every image no container uses\n"
		       "and keep only the tags you deploy.",
    },
    {
	.id = "6.2",
	.key = "container-sprawl",
	.title = "Ensure that container sprawl is avoided",
	.section = "6",
	.level = 1,
	.automated = false,
	.severity = DA_SEV_LOW,
	.stride = DA_STRIDE_DOS,
	.needs = DA_NEED_DAEMON,
	.run = container_sprawl,
	.rationale = "Stopped containers keep their writable layers, logs and "
		     "configuration (environment variables included) on disk and can be "
		     "restarted by anyone with access to the daemon.",
	.judged = "Information: the detail gives /info's Containers, ContainersRunning, "
		  "ContainersPaused and ContainersStopped. There is no threshold in the "
		  "benchmark, so there is none here; review the stopped ones.",
	.remediation = "Remove containers that are not needed:\n"
		       "  docker ps -a --filter status=exited --filter status=created\n"
		       "  docker container prune\n"
		       "and start short-lived ones with docker run --rm.",
    },
};

const struct check_section operations_section = {"6", checks, ARRAY_SIZE(checks)};
