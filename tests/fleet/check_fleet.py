#!/usr/bin/env python3
"""check_fleet.py CONTRIB_FLEET_DIR METRICS.prom

The fleet files of contrib/fleet/ against what docker-audit really emits (METRICS.prom, written
by the binary with waivers and a baseline, so that every metric family is present):
  - docker-audit-dashboard.json is JSON with panels whose every query names only metrics
    docker-audit emits (docker_audit_*), with only labels those metrics carry (plus the
    instance/job labels Prometheus adds), and label values that occur (status="fail" ...);
  - docker-audit.rules.yml: the same for every alert expression;
  - docker-audit-stack.yml (Swarm) is a global service and docker-audit-daemonset.yaml a
    DaemonSet tolerating every node, both running docker-audit:latest with the host's root
    read-only at /host, the Docker socket read-only, and the textfile directory writable;
    prints the docker-audit command line of each (for check_fleet.sh to run).
Prints "ok: ..." lines and exits 0, or the problems and exits 1.
"""
import json
import re
import sys

import yaml

problems = []
SCRAPE_LABELS = {"instance", "job"}
TEXTFILE = "/var/lib/node_exporter/textfile"


def emitted(path):
    """{metric: {label: {values}}} from an exposition file."""
    fams = {}
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        m = re.match(r'([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? ', line)
        labels = fams.setdefault(m.group(1), {})
        for k, v in re.findall(r'([a-zA-Z_]+)="((?:[^"\\]|\\.)*)"', m.group(3) or ""):
            labels.setdefault(k, set()).add(v)
    return fams


def check_expr(where, expr, fams):
    names = set(re.findall(r"\bdocker_audit_[a-z_]+\b", expr))
    if not names and "docker_audit" not in expr:
        return 0
    for n in names:
        if n not in fams:
            problems.append("%s: %s is not a metric docker-audit emits (%s)" % (where, n, expr))
    for n, sel in re.findall(r"\b(docker_audit_[a-z_]+)\{([^}]*)\}", expr):
        for k, op, v in re.findall(r'([a-zA-Z_]+)\s*(=~|!~|!=|=)\s*"([^"]*)"', sel):
            if k in SCRAPE_LABELS:
                continue
            if k not in fams.get(n, {}):
                problems.append("%s: %s has no label %s" % (where, n, k))
            elif op == "=" and v not in fams[n][k] and not (n == "docker_audit_check_status" and k == "severity"):
                problems.append("%s: %s{%s=%r} never occurs (values: %s)" % (where, n, k, v, sorted(fams[n][k])))
    for k in re.findall(r"by \(([^)]*)\)", expr):
        for label in (x.strip() for x in k.split(",")):
            if label and label not in SCRAPE_LABELS and not any(label in fams.get(n, {}) for n in names):
                problems.append("%s: groups by %s, which none of %s carries" % (where, label, sorted(names)))
    return len(names)


def dashboard(path, fams):
    d = json.load(open(path, encoding="utf-8"))
    n = 0
    for p in d.get("panels", []):
        if not p.get("targets"):
            problems.append("dashboard: panel %r has no query" % p.get("title"))
        for t in p.get("targets", []):
            if check_expr("dashboard panel %r" % p.get("title"), t.get("expr", ""), fams) == 0:
                problems.append("dashboard panel %r: query names no docker-audit metric" % p.get("title"))
            n += 1
    for v in d.get("templating", {}).get("list", []):
        q = v.get("query")
        if isinstance(q, dict):
            check_expr("dashboard variable %s" % v["name"], q.get("query", ""), fams)
    print("ok: dashboard %s: %d panels, %d queries" % (d.get("title"), len(d["panels"]), n))


def rules(path, fams):
    d = yaml.safe_load(open(path, encoding="utf-8"))
    n = 0
    for g in d["groups"]:
        for r in g["rules"]:
            check_expr("alert %s" % r.get("alert"), r["expr"], fams)
            n += 1
    print("ok: %d alert rules use only emitted metrics" % n)


def audit_command(where, script):
    m = re.search(r"(docker-audit (?:[^\n\\]|\\\n)*)", script)
    if not m:
        problems.append(where + ": no docker-audit command in the container's script")
        return None
    cmd = re.sub(r"\\\n\s*", " ", m.group(1)).strip()
    for need in ("--root /host", "-f prometheus -o /textfile/docker_audit.prom"):
        if need not in cmd:
            problems.append("%s: the command lacks %r: %s" % (where, need, cmd))
    return cmd


def mounts_ok(where, mounts):
    """mounts: {target: (source, read_only)}"""
    want = {"/host": ("/", True), "/var/run/docker.sock": ("/var/run/docker.sock", True),
            "/textfile": (TEXTFILE, False)}
    for target, (src, ro) in want.items():
        if mounts.get(target) != (src, ro):
            problems.append("%s: mount %s should be %s%s, is %s" % (where, target, src, " (read-only)" if ro else "", mounts.get(target)))


def swarm(path):
    d = yaml.safe_load(open(path, encoding="utf-8"))
    svc = d["services"]["docker-audit"]
    if svc.get("image") != "docker-audit:latest":
        problems.append("swarm: image is %r" % svc.get("image"))
    if svc.get("deploy", {}).get("mode") != "global":
        problems.append("swarm: not a global service (one task per node)")
    mounts = {v["target"]: (v["source"], bool(v.get("read_only"))) for v in svc["volumes"]}
    mounts_ok("swarm", mounts)
    script = svc["command"][0].replace("$$", "$")
    return audit_command("swarm", script)


def daemonset(path):
    docs = list(yaml.safe_load_all(open(path, encoding="utf-8")))
    ds = [x for x in docs if x and x.get("kind") == "DaemonSet"]
    if len(ds) != 1:
        problems.append("kubernetes: %d DaemonSets" % len(ds))
        return None
    spec = ds[0]["spec"]["template"]["spec"]
    if ds[0]["spec"]["selector"]["matchLabels"].items() - ds[0]["spec"]["template"]["metadata"]["labels"].items():
        problems.append("kubernetes: the selector does not match the pod labels")
    if {"operator": "Exists"} not in spec.get("tolerations", []):
        problems.append("kubernetes: does not tolerate every taint (control-plane nodes)")
    c = spec["containers"][0]
    if c.get("image") != "docker-audit:latest":
        problems.append("kubernetes: image is %r" % c.get("image"))
    sc = c.get("securityContext", {})
    if sc.get("privileged") or not sc.get("readOnlyRootFilesystem"):
        problems.append("kubernetes: the container is privileged or its root filesystem writable")
    vols = {v["name"]: v["hostPath"]["path"] for v in spec["volumes"]}
    mounts = {m["mountPath"]: (vols[m["name"]], bool(m.get("readOnly"))) for m in c["volumeMounts"]}
    mounts_ok("kubernetes", mounts)
    return audit_command("kubernetes", c["args"][0])


def main(argv):
    if len(argv) != 3:
        print(__doc__)
        return 2
    fleet, prom = argv[1], argv[2]
    fams = emitted(prom)
    dashboard(fleet + "/docker-audit-dashboard.json", fams)
    rules(fleet + "/docker-audit.rules.yml", fams)
    for name, fn, f in (("swarm", swarm, "docker-audit-stack.yml"),
                        ("kubernetes", daemonset, "docker-audit-daemonset.yaml")):
        cmd = fn(fleet + "/" + f)
        if cmd:
            print("command %s %s" % (name, cmd))
    if problems:
        for p in problems:
            print("problem: " + p)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
