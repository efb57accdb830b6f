#!/usr/bin/env python3
"""validate_sarif.py SARIF [--report JSON] [--list LIST_JSON]

Validates a docker-audit SARIF log against the OASIS SARIF 2.1.0 schema (sarif-schema-2.1.0.json
beside this script, a copy of the errata01 schema) with python3-jsonschema, then checks what
SARIF consumers rely on and the schema cannot say:
  - ruleIndex points at the rule whose id is ruleId; rule ids are unique;
  - a result's level follows its rule's severity (critical/high error, medium warning, low note);
  - every result has a location naming the object (when it has one) and a partial fingerprint;
  - suppressions are external, with a justification;
  - GitHub code scanning's upload requirements ("SARIF support for code scanning",
    docs.github.com): $schema, version and runs; tool.driver.name and rules; per rule id,
    shortDescription.text and fullDescription.text (at most 1024 characters), help.text, a name
    of at most 255 characters, at most 20 tags, security-severity a number in (0, 10]; per
    result message.text, one to ten locations whose first has physicalLocation.artifactLocation
    .uri (a relative reference or file://: another scheme fails an upload with a checkout path)
    and a region with startLine, startColumn, endLine and endColumn, and partialFingerprints
    with primaryLocationLineHash; at most 25,000 results and 20 runs; no required string empty.
With --dockerfile PATH: every result points at PATH (relative, as given without "./").
With --report (the JSON report of the same run): the rules are exactly the checks of the
report, in its order; one result per failing object of each FAIL
check (one for a FAIL without failing objects), suppressed exactly when waived;
executionSuccessful false exactly when a check ended in ERROR or the daemon was needed and not
reached; a notification per ERROR check. With --list (`docker-audit list --format json`): the
rules are checks of the table, in its order.
Prints "ok: ..." and exits 0, or prints each problem and exits 1.
"""
import json
import os
import sys

try:
    import jsonschema
except ImportError:  # pragma: no cover
    print("python3-jsonschema is not installed (apt-get install python3-jsonschema)")
    sys.exit(2)

LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "note"}
problems = []


def problem(msg):
    problems.append(msg)


def load(path):
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def main(argv):
    args = argv[1:]
    if not args:
        print(__doc__)
        return 2
    sarif_path = args.pop(0)
    report = lst = dockerfile = None
    while args:
        opt = args.pop(0)
        if opt == "--report":
            report = load(args.pop(0))
        elif opt == "--dockerfile":
            dockerfile = args.pop(0)
        elif opt == "--list":
            lst = load(args.pop(0))
        else:
            print("unknown option " + opt)
            return 2

    schema = load(os.path.join(os.path.dirname(os.path.abspath(__file__)), "sarif-schema-2.1.0.json"))
    log = load(sarif_path)
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    for err in sorted(validator.iter_errors(log), key=lambda e: list(e.path)):
        problem("schema: %s at %s" % (err.message[:300], "/".join(str(p) for p in err.path)))
    if problems:
        return report_problems(sarif_path)

    if log.get("version") != "2.1.0" or len(log["runs"]) != 1:
        problem("version must be 2.1.0 with one run")
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    if driver.get("name") != "docker-audit":
        problem("driver.name is %r" % driver.get("name"))
    rules = driver.get("rules", [])
    ids = [r["id"] for r in rules]
    if len(ids) != len(set(ids)):
        problem("duplicate rule ids")
    for r in rules:
        props = r.get("properties", {})
        for key in ("level", "section", "severity", "stride", "automated", "tags"):
            if key not in props:
                problem("rule %s: properties.%s missing" % (r["id"], key))
        if r.get("defaultConfiguration", {}).get("level") != LEVEL.get(props.get("severity")):
            problem("rule %s: defaultConfiguration.level does not follow severity" % r["id"])
        for key in ("shortDescription", "fullDescription"):
            if not r.get(key, {}).get("text"):
                problem("rule %s: %s missing" % (r["id"], key))

    github(log, dockerfile)
    results = run.get("results", [])
    for i, res in enumerate(results):
        where = "result %d (%s)" % (i, res.get("ruleId"))
        idx = res.get("ruleIndex")
        if idx is None or idx >= len(rules) or rules[idx]["id"] != res.get("ruleId"):
            problem(where + ": ruleIndex does not point at its rule")
            continue
        sev = rules[idx]["properties"]["severity"]
        if res.get("level") != LEVEL[sev]:
            problem(where + ": level %r for severity %s" % (res.get("level"), sev))
        if not res.get("partialFingerprints"):
            problem(where + ": no partialFingerprints")
        for loc in res.get("locations", []):
            for ll in loc.get("logicalLocations", []):
                if ll.get("fullyQualifiedName") != "%s/%s" % (ll.get("kind"), ll.get("name")):
                    problem(where + ": fullyQualifiedName is not kind/name")
        for s in res.get("suppressions", []):
            if s.get("kind") != "external" or not s.get("justification"):
                problem(where + ": suppression without kind external and a justification")

    inv = run.get("invocations", [{}])[0]
    if report is not None:
        expected = []
        for r in report["results"]:
            if r["status"] != "fail":
                continue
            failing = [f for f in r["findings"] if not f.get("error")]
            if failing:
                for f in failing:
                    expected.append((r["id"], f.get("name"), bool(f.get("waived"))))
            else:
                expected.append((r["id"], None, bool(r.get("waived"))))
        got = []
        for res in results:
            name = None
            locs = res.get("locations") or []
            if locs and locs[0].get("logicalLocations"):
                name = locs[0]["logicalLocations"][0].get("name")
            got.append((res["ruleId"], name, bool(res.get("suppressions"))))
        if sorted(expected, key=str) != sorted(got, key=str):
            problem("results differ from the JSON report's failing objects:\n  expected %s\n  got      %s"
                    % (sorted(expected, key=str)[:20], sorted(got, key=str)[:20]))
        errors = [r["id"] for r in report["results"] if r["status"] == "error"]
        unreachable = report["host"]["daemon"].get("reachable") is False
        if inv.get("executionSuccessful") != (not errors and not unreachable):
            problem("executionSuccessful is %r with %d ERROR checks, daemon unreachable %s"
                    % (inv.get("executionSuccessful"), len(errors), unreachable))
        notified = {n.get("associatedRule", {}).get("id") for n in inv.get("toolExecutionNotifications", [])
                    if n.get("level") == "error"}
        missing = [e for e in errors if e not in notified]
        if missing:
            problem("ERROR checks without an error notification: %s" % missing[:10])
    if report is not None and ids != [r["id"] for r in report["results"]]:
        problem("rules are not the checks of the report, in order: %s" % ids[:20])
    if lst is not None:
        table = [c["id"] for c in lst["checks"]]
        if [i for i in table if i in ids] != ids:
            problem("rules are not checks of the table in its order: %s" % ids[:20])
    return report_problems(sarif_path, "%d rules, %d results" % (len(rules), len(results)))


def nonempty(obj, *keys):
    for k in keys:
        if not isinstance(obj, dict):
            return False
        obj = obj.get(k)
    return isinstance(obj, str) and obj != ""


def github(log, dockerfile):
    """GitHub code scanning's documented requirements for an uploaded SARIF file."""
    if not nonempty(log, "$schema") or log.get("version") != "2.1.0":
        problem("github: $schema and version 2.1.0 are required")
    runs = log.get("runs")
    if not isinstance(runs, list) or not 1 <= len(runs) <= 20:
        problem("github: 1 to 20 runs")
        return
    for run in runs:
        driver = run.get("tool", {}).get("driver", {})
        if not nonempty(driver, "name") or not isinstance(driver.get("rules"), list):
            problem("github: tool.driver.name and tool.driver.rules are required")
        for r in driver.get("rules", []):
            rid = r.get("id")
            for key in ("shortDescription", "fullDescription", "help"):
                if not nonempty(r, key, "text"):
                    problem("github: rule %s: %s.text is required" % (rid, key))
            for key in ("shortDescription", "fullDescription"):
                if len(r.get(key, {}).get("text", "")) > 1024:
                    problem("github: rule %s: %s.text over 1024 characters" % (rid, key))
            if len(r.get("name", "")) > 255:
                problem("github: rule %s: name over 255 characters" % rid)
            props = r.get("properties", {})
            if len(props.get("tags", [])) > 20:
                problem("github: rule %s: more than 20 tags" % rid)
            sev = props.get("security-severity")
            try:
                ok = isinstance(sev, str) and 0.0 < float(sev) <= 10.0
            except ValueError:
                ok = False
            if sev is not None and not ok:
                problem("github: rule %s: security-severity %r is not a number in (0, 10]" % (rid, sev))
        results = run.get("results")
        if not isinstance(results, list):
            problem("github: run.results is required (it may be empty)")
            continue
        if len(results) > 25000:
            problem("github: %d results, more than 25,000" % len(results))
        for i, res in enumerate(results):
            where = "github: result %d (%s)" % (i, res.get("ruleId"))
            if not nonempty(res, "message", "text"):
                problem(where + ": message.text is required")
            locs = res.get("locations")
            if not isinstance(locs, list) or not 1 <= len(locs) <= 10:
                problem(where + ": 1 to 10 locations are required")
                continue
            phys = locs[0].get("physicalLocation")
            if not isinstance(phys, dict) or not nonempty(phys, "artifactLocation", "uri"):
                problem(where + ": locations[0].physicalLocation.artifactLocation.uri is required")
                continue
            uri = phys["artifactLocation"]["uri"]
            scheme = uri.split(":", 1)[0] if ":" in uri.split("/", 1)[0] else None
            if scheme not in (None, "file"):
                problem(where + ": uri %r has scheme %r (code scanning takes relative or file://)" % (uri, scheme))
            if dockerfile is not None:
                want = dockerfile[2:] if dockerfile.startswith("./") else dockerfile
                if not dockerfile.startswith("/") and uri != want:
                    problem(where + ": uri %r, not the Dockerfile %r" % (uri, want))
            region = phys.get("region", {})
            for key in ("startLine", "startColumn", "endLine", "endColumn"):
                if not isinstance(region.get(key), int) or region[key] < 1:
                    problem(where + ": region.%s is required (a positive integer)" % key)
            if not nonempty(res, "partialFingerprints", "primaryLocationLineHash"):
                problem(where + ": partialFingerprints.primaryLocationLineHash is missing")


def report_problems(path, what=""):
    if problems:
        for p in problems[:40]:
            print("problem: " + p)
        print("%s: %d problem(s)" % (path, len(problems)))
        return 1
    print("ok: %s is valid SARIF 2.1.0 (%s)" % (path, what))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
