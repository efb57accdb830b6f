#!/usr/bin/env python3
"""check_junit.py XML [--report JSON]

Checks docker-audit's JUnit XML the way CI servers read it: a well-formed document (parsed with
xml.etree, which refuses what XML 1.0 forbids), <testsuites> of one <testsuite> per CIS section
(name "cis.<section> <title>"), test cases with classname "cis.<section>" and a name starting
with the check id, at most one outcome element each, and counts in every <testsuite> and in
<testsuites> that match the test cases. With --report (the JSON report of the same run): one
test case per result, FAIL -> <failure>, ERROR -> <error>, SKIP/MANUAL/waived FAIL -> <skipped>,
and totals equal to the JSON summary (failures = fail, errors = error, skipped = skip + manual +
waived). Prints "ok: ..." and exits 0, or the problems and exits 1.
"""
import json
import sys
import xml.etree.ElementTree as ET

OUTCOMES = ("failure", "error", "skipped")
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
    if len(argv) >= 4 and argv[2] == "--report":
        with open(argv[3], encoding="utf-8") as fh:
            report = json.load(fh)
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

    if report is not None:
        s = report["summary"]
        want = {"tests": len(report["results"]), "failures": s["fail"], "errors": s["error"],
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
            exp = {"fail": "skipped" if r.get("waived") else "failure", "error": "error",
                   "skip": "skipped", "manual": "skipped"}.get(r["status"], "pass")
            if outcome(tc) != exp:
                problems.append("%s (%s): <%s>, expected <%s>" % (r["id"], r["status"], outcome(tc), exp))
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
