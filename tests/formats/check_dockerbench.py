#!/usr/bin/env python3
"""check_dockerbench.py FILE [--report JSON]

Checks docker-audit's docker-bench output against docker-bench-security's JSON log layout and
against what DefectDojo's "docker-bench-security Scan" importer does with it:
  - top level exactly dockerbenchsecurity (string), start, tests, checks, score, end (integers);
  - tests[] = {id, desc, results[]}; results[] = {id, desc, result, details?, items?,
    remediation?, remediation-impact?} with result one of PASS WARN INFO NOTE, desc ending in
    " (Automated)" or " (Manual)", details a string, items a list of strings that details lists;
  - checks = number of results; score = scored PASS - scored WARN (manual and waived unscored);
  - DefectDojo's importer, re-implemented from its parser: it must accept every result, and it
    keeps exactly the WARN/INFO/NOTE results whose desc is not "(Manual)".
With --report (the JSON report of the same run): the result of each check follows the mapping
pass PASS, fail WARN (waived NOTE), error WARN, info INFO, skip INFO, manual NOTE + "(Manual)".
Prints "ok: ..." and exits 0, or the problems and exits 1.
"""
import json
import sys

problems = []
TOP = ["dockerbenchsecurity", "start", "tests", "checks", "score", "end"]
RESULT_KEYS = ["id", "desc", "result", "details", "items", "remediation", "remediation-impact"]


def defectdojo_keeps(vuln):
    """DefectDojo's dockerbench parser: which results become findings (and with what)."""
    status = vuln.get("result")
    reason = vuln.get("desc")
    if status is None:
        return None
    if status.upper() == "FAIL":
        sev = "Critical"
    elif status.upper() == "WARN" and "(Manual)" not in reason:
        sev = "High"
    elif status.upper() == "INFO" and "(Manual)" not in reason:
        sev = "Low"
    elif status.upper() == "NOTE" and "(Manual)" not in reason:
        sev = "Info"
    else:
        return None
    # the importer concatenates these as strings: they must be strings
    title = vuln.get("id", "Test number not found") + " - " + vuln.get("desc", "")
    desc = vuln["id"] + " " + vuln.get("details", "")
    mitigation = vuln.get("remediation", "") + vuln.get("remediation-impact", "")
    return (sev, title, desc, mitigation)


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    with open(argv[1], encoding="utf-8") as fh:
        d = json.load(fh)
    report = None
    if len(argv) >= 4 and argv[2] == "--report":
        with open(argv[3], encoding="utf-8") as fh:
            report = json.load(fh)

    if list(d.keys()) != TOP:
        problems.append("top-level keys %s, expected %s" % (list(d.keys()), TOP))
    if not isinstance(d.get("dockerbenchsecurity"), str):
        problems.append("dockerbenchsecurity is not a string")
    for k in ("start", "checks", "score", "end"):
        if not isinstance(d.get(k), int):
            problems.append("%s is not an integer" % k)
    if isinstance(d.get("start"), int) and isinstance(d.get("end"), int) and d["end"] < d["start"]:
        problems.append("end before start")
    n = score = kept = 0
    seen = {}
    for t in d.get("tests", []):
        if list(t.keys()) != ["id", "desc", "results"] or not isinstance(t["id"], str):
            problems.append("section %r: keys %s" % (t.get("id"), list(t.keys())))
            continue
        for r in t["results"]:
            n += 1
            keys = list(r.keys())
            if keys != [k for k in RESULT_KEYS if k in keys] or keys[:3] != ["id", "desc", "result"]:
                problems.append("%s: keys %s" % (r.get("id"), keys))
            if not r["id"].startswith(t["id"] + "."):
                problems.append("%s is in section %s" % (r["id"], t["id"]))
            if r["result"] not in ("PASS", "WARN", "INFO", "NOTE"):
                problems.append("%s: result %r" % (r["id"], r["result"]))
            manual = r["desc"].endswith(" (Manual)")
            if not manual and not r["desc"].endswith(" (Automated)"):
                problems.append("%s: desc %r" % (r["id"], r["desc"]))
            if "details" in r and not isinstance(r["details"], str):
                problems.append("%s: details is not a string" % r["id"])
            if "items" in r:
                if not all(isinstance(i, str) for i in r["items"]):
                    problems.append("%s: items are not strings" % r["id"])
                elif r["items"] and ": " not in r.get("details", ""):
                    problems.append("%s: items but details is not 'label: items'" % r["id"])
            waived = r.get("details", "").startswith("waived: ")
            if not manual and not waived:
                score += {"PASS": 1, "WARN": -1}.get(r["result"], 0)
            try:
                if defectdojo_keeps(r) is not None:
                    kept += 1
            except Exception as e:  # noqa: BLE001
                problems.append("%s: DefectDojo's parser would fail: %s" % (r["id"], e))
            seen[r["id"]] = r
    if d.get("checks") != n:
        problems.append("checks %r, %d results" % (d.get("checks"), n))
    if d.get("score") != score:
        problems.append("score %r, expected %d" % (d.get("score"), score))

    if report is not None:
        want_kept = 0
        for r in report["results"]:
            got = seen.get(r["id"])
            if got is None:
                problems.append("no result for %s" % r["id"])
                continue
            exp = {"pass": "PASS", "fail": "NOTE" if r.get("waived") else "WARN", "error": "WARN",
                   "info": "INFO", "skip": "INFO", "manual": "NOTE"}[r["status"]]
            if got["result"] != exp:
                problems.append("%s (%s): %s, expected %s" % (r["id"], r["status"], got["result"], exp))
            if got["desc"] != "%s (%s)" % (r["title"], "Manual" if r["status"] == "manual" else "Automated"):
                problems.append("%s: desc %r" % (r["id"], got["desc"]))
            if r["status"] == "fail":
                names = [f["name"] for f in r["findings"] if not f.get("error") and f.get("name")]
                if got.get("items", []) != names:
                    problems.append("%s: items %s, findings %s" % (r["id"], got.get("items"), names))
            want_kept += r["status"] not in ("pass", "manual")
        if len(seen) != len(report["results"]):
            problems.append("%d results, the JSON report has %d" % (len(seen), len(report["results"])))
        if kept != want_kept:
            problems.append("DefectDojo would import %d findings, expected %d" % (kept, want_kept))
    if problems:
        for p in problems[:40]:
            print("problem: " + p)
        return 1
    print("ok: %s: %d results, score %d, DefectDojo imports %d" % (argv[1], n, score, kept))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
