/* SPDX-License-Identifier: Apache-2.0 */
#include "common.h"
#include <sys/stat.h>
#include "facts/archive.h"
#include "fuzz_common.h"

/*
 * image_archive_read_memory on arbitrary bytes (a docker save or OCI layout tar, gzip or zstd,
 * with tars, gzip and zstd layers inside), under small limits so that the caps are reached
 * often. Checked: an error always comes with a message; a success holds at least one image,
 * each with an id "sha256:<64 hex>", the three Engine API shapes, and setuid/setgid files
 * that are absolute paths of a layer of the image, with a setuid or setgid bit, within the cap.
 */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct archive_limits lim;
	archive_limits_default(&lim);
	lim.max_members = 64;
	lim.max_entries = 4096;
	lim.max_json = 64 * 1024;
	lim.max_json_total = 256 * 1024;
	lim.max_layer_bytes = 4u << 20;
	lim.max_total_bytes = 8u << 20;
	lim.max_path = 256;
	lim.max_images = 8;
	lim.max_layers = 16;
	lim.max_setid = 8;
	struct image_archive *a = NULL;
	char *err = NULL;
	int r = image_archive_read_memory(data, size, &lim, &a, &err);
	if (r < 0) {
		if (r != -ENOMEM && !err)
			__builtin_trap(); /* every failure says why */
		free(err);
		return 0;
	}
	if (!a || a->n == 0 || !a->format)
		__builtin_trap();
	for (size_t i = 0; i < a->n; i++) {
		const struct archive_image *img = &a->images[i];
		if (!img->id || strlen(img->id) != 71 || strncmp(img->id, "sha256:", 7) != 0 ||
		    strspn(img->id + 7, "0123456789abcdef") != 64)
			__builtin_trap();
		if (!img->name || !img->inspect || !img->summary || !cJSON_IsArray(img->history))
			__builtin_trap();
		if (img->n_layers > lim.max_layers || img->n_setid > lim.max_setid)
			__builtin_trap();
		if (img->layers_error == 0) {
			for (size_t k = 0; k < img->n_setid; k++) {
				const struct archive_setid_file *f = &img->setid[k];
				if (!f->path || f->path[0] != '/' || f->layer >= img->n_layers ||
				    !(f->mode & (S_ISUID | S_ISGID)) ||
				    strlen(f->path) > lim.max_path + 1)
					__builtin_trap();
			}
		} else if (!img->layers_msg) {
			__builtin_trap();
		}
	}
	image_archive_free(a);
	return 0;
}
