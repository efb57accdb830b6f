#!/usr/bin/env python3
"""oci_from_save.py SAVE_TAR OUT_DIR [--docker25] [--zstd IMAGE]... : an OCI image layout made
from a `docker save` tar with the configurations' bytes unchanged (so image ids stay equal), as
Docker 25+ writes it inside docker save (--docker25: uncompressed layers plus manifest.json) or as
a registry would hold it (gzip layers; zstd for the images named with --zstd, via the zstd CLI).
A test helper for tests/e2e/real_archive.sh."""
import gzip, hashlib, json, os, subprocess, sys, tarfile

args = sys.argv[1:]
src, out = args[0], args[1]
docker25 = "--docker25" in args
zstd_for = {args[i + 1] for i, a in enumerate(args) if a == "--zstd"}
os.makedirs(os.path.join(out, "blobs", "sha256"), exist_ok=True)

def put(data):
    h = hashlib.sha256(data).hexdigest()
    with open(os.path.join(out, "blobs", "sha256", h), "wb") as f:
        f.write(data)
    return "sha256:" + h, len(data)

t = tarfile.open(src)
def member(name):
    m = t.getmember(name)
    while m.issym():
        name = os.path.normpath(os.path.join(os.path.dirname(name), m.linkname))
        m = t.getmember(name)
    return t.extractfile(m).read()

index, legacy = [], []
for entry in json.loads(member("manifest.json")):
    cfg = member(entry["Config"])
    cdig, csize = put(cfg)
    name = (entry.get("RepoTags") or ["untagged"])[0]
    layers, names = [], []
    for l in entry["Layers"]:
        raw = member(l)
        if docker25:
            mt, data = "application/vnd.oci.image.layer.v1.tar", raw
        elif name in zstd_for:
            mt = "application/vnd.oci.image.layer.v1.tar+zstd"
            data = subprocess.run(["zstd", "-q", "-c"], input=raw, stdout=subprocess.PIPE,
                                  check=True).stdout
        else:
            mt, data = "application/vnd.oci.image.layer.v1.tar+gzip", gzip.compress(raw)
        d, s = put(data)
        layers.append({"mediaType": mt, "digest": d, "size": s})
        names.append("blobs/sha256/" + d.split(":")[1])
    man = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                      "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                                 "digest": cdig, "size": csize},
                      "layers": layers}).encode()
    mdig, msize = put(man)
    index.append({"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": mdig,
                  "size": msize,
                  "annotations": {"io.containerd.image.name": "docker.io/" + name,
                                  "org.opencontainers.image.ref.name": name.rsplit(":", 1)[-1]}})
    legacy.append({"Config": "blobs/sha256/" + cdig.split(":")[1], "RepoTags": entry.get("RepoTags"),
                   "Layers": names})
with open(os.path.join(out, "index.json"), "w") as f:
    json.dump({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
               "manifests": index}, f)
with open(os.path.join(out, "oci-layout"), "w") as f:
    f.write('{"imageLayoutVersion":"1.0.0"}')
if docker25:
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(legacy, f)
