/* SPDX-License-Identifier: Apache-2.0 */
#pragma once

/* containerd's own configuration. Pure. */

/* The [grpc] address in a containerd config.toml text, malloc'ed; -ENOENT when it sets none. */
int containerd_config_grpc_address(const char *toml, char **ret);
