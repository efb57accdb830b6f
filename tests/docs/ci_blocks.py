#!/usr/bin/env python3
"""ci_blocks.py DOC NAME: the CI configuration block of docs/ci.md marked <!-- ci-test: NAME -->,
parsed (python3-yaml) and printed as JSON steps for tests/e2e/real_ci.sh, one per line:

  github: {"name", "run" | "uses", "with", "always"} for each step of each job
  gitlab: {"script": [...], "variables": {...}, "junit": PATH, "paths": [...], "when": ...}
          for each job

Exits 1 with a message when the marker, the block or the expected keys are missing, so that
an edit of the doc that breaks the test's reading of it fails loudly instead of testing nothing.
"""
import json
import re
import sys

import yaml


def block(doc, name):
    m = re.search(r"<!-- ci-test: %s -->\s*```yaml\n(.*?)```" % re.escape(name), doc, re.S)
    if not m:
        sys.exit("no ```yaml block marked ci-test: %s" % name)
    return yaml.safe_load(m.group(1))


def github(cfg):
    jobs = cfg.get("jobs") or {}
    if not jobs:
        sys.exit("github: no jobs")
    for job in jobs.values():
        if "security-events" not in (job.get("permissions") or {}):
            sys.exit("github: the job needs permissions.security-events to upload SARIF")
        for step in job["steps"]:
            out = {"name": step.get("name", ""), "always": "always()" in str(step.get("if", ""))}
            if "run" in step:
                out["run"] = step["run"]
            else:
                out["uses"] = step["uses"]
                out["with"] = step.get("with") or {}
            print(json.dumps(out))


def gitlab(cfg):
    for name, job in cfg.items():
        if name.startswith(".") or not isinstance(job, dict) or "script" not in job:
            continue
        art = job.get("artifacts") or {}
        print(json.dumps({"name": name, "script": job["script"],
                          "variables": job.get("variables") or {},
                          "junit": (art.get("reports") or {}).get("junit"),
                          "paths": art.get("paths") or [], "when": art.get("when")}))


def main(argv):
    if len(argv) != 3:
        sys.exit(__doc__)
    with open(argv[1], encoding="utf-8") as fh:
        doc = fh.read()
    cfg = block(doc, argv[2])
    {"github": github, "gitlab": gitlab}[argv[2]](cfg)


if __name__ == "__main__":
    main(sys.argv)
