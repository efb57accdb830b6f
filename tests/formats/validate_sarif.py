#!/usr/bin/env python3
"""validate_sarif.py SARIF [--report JSON] [--list LIST_JSON]

Validates a docker-audit SARIF log against the OASIS SARIF 2.1.0 schema (sarif-schema-2.1.0.json
beside this script, a copy of the errata01 schema) with python3-jsonschema, then checks what
SARIF consumers rely on and the schema cannot say:
  - ruleIndex points at the rule whose id is ruleId; rule ids are unique;
  - a result's level follows its rule's severity (critical/high error, medium warning, low note);
  - every result has a location naming the object (when it has one) and a partial fingerprint;
  - suppressions are external, with a justification.
With --report (the JSON report of the same run): one result per failing object of each FAIL
check (one for a FAIL without failing objects), suppressed exactly when waived;
executionSuccessful false exactly when a check ended in ERROR or the daemon was needed and not
reached; a notification per ERROR check. With --list (`docker-audit list --format json`): the
rules are exactly the checks of the table, in order.
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
    report = lst = None
    while args:
        opt = args.pop(0)
        if opt == "--report":
            report = load(args.pop(0))
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
    if lst is not None:
        table = [c["id"] for c in lst["checks"]]
        if ids[: len(table)] != table:
            problem("rules are not the checks of the table, in order")
    return report_problems(sarif_path, "%d rules, %d results" % (len(rules), len(results)))


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
