#!/usr/bin/env python3
"""check_junit.py XML [--report JSON] [--fail-on SEVERITY] [--exit STATUS]

Checks docker-audit's JUnit XML the way CI servers read it: a well-formed document (parsed with
xml.etree, which refuses what XML 1.0 forbids), <testsuites> of one <testsuite> per CIS section
(name "cis.<section> <title>"), test cases with classname "cis.<section>" and a name starting
with the check id, at most one outcome element each, and counts in every <testsuite> and in
<testsuites> that match the test cases. With --report (the JSON report of the same run): one
test case per result, FAIL -> <failure>, ERROR -> <error>, SKIP/MANUAL/waived FAIL -> <skipped>,
and totals equal to the JSON summary (failures = fail, errors = error, skipped = skip + manual +
waived). With --fail-on (as given to docker-audit): only a FAIL at or above it is a <failure>;
one below is a passing test case whose <system-out> says so. With --exit (docker-audit's exit
status): the file agrees with it, failures > 0 exactly when the status is 1.
Prints "ok: ..." and exits 0, or the problems and exits 1.
"""
import json
import sys
import xml.etree.ElementTree as ET

OUTCOMES = ("failure", "error", "skipped")
RANK = {"low": 1, "medium": 2, "high": 3, "critical": 4}
problems = []


def counts(cases):
    c = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for tc in cases:
        c["tests"] += 1
        outs = [ch.tag for ch in tc if ch.tag in OUTCOMES]
        if len(outs) > 1:
            problems.append("test case %r has several outcomes %s" % (tc.get("name"), outs))
        if outs:
            c[{"failure": "failures", "error": "errors", "skipped": "skipped"}[outs[0]]] += 1
    return c


def attrs(el):
    return {k: int(el.get(k, "-1")) for k in ("tests", "failures", "errors", "skipped")}


def outcome(tc):
    for ch in tc:
        if ch.tag in OUTCOMES:
            return ch.tag
    return "pass"


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    path = argv[1]
    report = None
    fail_on = "low"
    exit_status = None
    args = argv[2:]
    while args:
        opt = args.pop(0)
        if opt == "--report":
            with open(args.pop(0), encoding="utf-8") as fh:
                report = json.load(fh)
        elif opt == "--fail-on":
            fail_on = args.pop(0)
        elif opt == "--exit":
            exit_status = int(args.pop(0))
        else:
            print("unknown option " + opt)
            return 2
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        print("problem: not well-formed XML: %s" % e)
        return 1
    if root.tag != "testsuites":
        problems.append("root element is <%s>, not <testsuites>" % root.tag)
    all_cases = []
    sections = []
    for suite in root:
        if suite.tag != "testsuite":
            problems.append("<%s> under <testsuites>" % suite.tag)
            continue
        name = suite.get("name", "")
        if not name.startswith("cis."):
            problems.append("suite name %r does not start with cis." % name)
        section = name[4:].split(" ")[0]
        if section in sections:
            problems.append("section %s has two suites" % section)
        sections.append(section)
        cases = [tc for tc in suite if tc.tag == "testcase"]
        for tc in cases:
            if tc.get("classname") != "cis." + section:
                problems.append("test case %r: classname %r in suite %r"
                                % (tc.get("name"), tc.get("classname"), name))
            if tc.get("time") is None:
                problems.append("test case %r has no time" % tc.get("name"))
        c = counts(cases)
        if attrs(suite) != c:
            problems.append("suite %r: attributes %s but test cases %s" % (name, attrs(suite), c))
        all_cases += cases
    total = counts(all_cases)
    if attrs(root) != total:
        problems.append("testsuites: attributes %s but test cases %s" % (attrs(root), total))

    if exit_status is not None and (total["failures"] > 0) != (exit_status == 1):
        problems.append("%d failures but docker-audit exited %d" % (total["failures"], exit_status))

    def gating(r):
        return r["status"] == "fail" and not r.get("waived") and RANK[r["severity"]] >= RANK[fail_on]

    if report is not None:
        s = report["summary"]
        gates = sum(1 for r in report["results"] if gating(r))
        want = {"tests": len(report["results"]), "failures": gates, "errors": s["error"],
                "skipped": s["skip"] + s["manual"] + s["waived"]}
        if total != want:
            problems.append("totals %s, JSON summary says %s" % (total, want))
        by_id = {}
        for tc in all_cases:
            by_id[tc.get("name", "").split(" ")[0]] = tc
        for r in report["results"]:
            tc = by_id.get(r["id"])
            if tc is None:
                problems.append("no test case for %s" % r["id"])
                continue
            exp = {"fail": "skipped" if r.get("waived") else "failure" if gating(r) else "pass",
                   "error": "error", "skip": "skipped", "manual": "skipped"}.get(r["status"], "pass")
            if outcome(tc) != exp:
                problems.append("%s (%s): <%s>, expected <%s>" % (r["id"], r["status"], outcome(tc), exp))
            if r["status"] == "fail" and exp == "pass":
                out = tc.find("system-out")
                if out is None or "below --fail-on " + fail_on not in (out.text or ""):
                    problems.append("%s: a FAIL below --fail-on without a system-out saying so" % r["id"])
            if tc.get("name") != "%s %s" % (r["id"], r["title"]):
                problems.append("%s: name %r" % (r["id"], tc.get("name")))
    if problems:
        for p in problems[:40]:
            print("problem: " + p)
        return 1
    print("ok: %s: %d suites, %s" % (path, len(sections), total))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
