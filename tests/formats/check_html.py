#!/usr/bin/env python3
"""check_html.py FILE [--report JSON] [--expect-text TEXT]...

Checks docker-audit's HTML report, or the DOM a browser made of it (chromium --dump-dom):
  - inert: no <script>, no element that loads or embeds anything (img, iframe, object, embed,
    link, base, form, audio, video, source), no on* event attribute, no src/href/action
    attribute, no javascript: or data: URL, no <meta http-equiv="refresh">; the page declares a
    Content-Security-Policy of default-src 'none';
  - the page's parts: the header line "checks based on the CIS Docker Benchmark v1.8.0" (or the edition chosen), the
    summary, two inline <svg> charts, the failing/errors/waived sections and the folded
    <details> for passing and other checks;
  - with --report (the JSON report of the same run): one <article> per FAIL, ERROR and waived
    FAIL, one row per passing check;
  - each --expect-text TEXT occurs, as text, in the page (hostile names must survive as text).
Prints "ok: ..." and exits 0, or the problems and exits 1.
"""
import re
import json
import sys
from html.parser import HTMLParser

FORBIDDEN = {"script", "img", "iframe", "object", "embed", "link", "base", "form", "audio", "video",
             "source", "frame", "frameset", "applet", "input", "button"}


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.text = []
        self.tags = {}
        self.articles = {}
        self.ids = set()
        self.csp = None
        self.stack = []
        self.rows = {}

    def handle_starttag(self, tag, attrs):
        self.tags[tag] = self.tags.get(tag, 0) + 1
        if tag in FORBIDDEN:
            self.problems.append("forbidden element <%s>" % tag)
        a = dict(attrs)
        for k, v in attrs:
            if k.startswith("on"):
                self.problems.append("event attribute %s on <%s>" % (k, tag))
            if k in ("src", "href", "action", "formaction", "xlink:href", "srcset", "poster"):
                self.problems.append("%s attribute on <%s>" % (k, tag))
            if v and v.strip().lower().startswith(("javascript:", "data:", "vbscript:")):
                self.problems.append("URL %r in %s" % (v[:40], k))
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "refresh":
            self.problems.append("meta refresh")
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy":
            self.csp = a.get("content")
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "article":
            for c in (a.get("class") or "").split():
                self.articles[c] = self.articles.get(c, 0) + 1
        if tag in ("section", "details") and "id" in a:
            self.stack.append(a["id"])
        elif tag in ("section", "details"):
            self.stack.append(None)
        if tag == "tr" and self.stack:
            top = self.stack[0] if len(self.stack) == 1 else self.stack[-1]
            self.rows[top] = self.rows.get(top, 0) + 1

    def handle_endtag(self, tag):
        if tag in ("section", "details") and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    path = argv[1]
    report = None
    expect = []
    args = argv[2:]
    while args:
        opt = args.pop(0)
        if opt == "--report":
            with open(args.pop(0), encoding="utf-8") as fh:
                report = json.load(fh)
        elif opt == "--expect-text":
            expect.append(args.pop(0))
        else:
            print("unknown option " + opt)
            return 2
    with open(path, encoding="utf-8") as fh:
        html = fh.read()
    p = Page()
    p.feed(html)
    p.close()
    problems = p.problems
    text = "".join(p.text)
    if not p.csp or "default-src 'none'" not in p.csp:
        problems.append("no Content-Security-Policy default-src 'none'")
    if not re.search(r"checks based on the CIS Docker Benchmark v1\.[678]\.0", text):
        problems.append("the header line is missing")
    if "compliant" in text.lower().replace("compliance", ""):
        problems.append("the page calls something compliant")
    if p.tags.get("svg", 0) < 2:
        problems.append("%d <svg> charts, expected 2" % p.tags.get("svg", 0))
    for i in ("summary", "charts", "failing", "errors", "waived", "passing", "other"):
        if i not in p.ids:
            problems.append("no element with id %r" % i)
    if report is not None:
        s = report["summary"]
        for cls, want in (("fail", s["fail"]), ("error", s["error"]), ("waived", s["waived"])):
            if p.articles.get(cls, 0) != want:
                problems.append("%d <article class=%s>, the JSON summary says %d" % (p.articles.get(cls, 0), cls, want))
        # the passing table: a header row plus one row per passing check
        got = p.rows.get("passing", 0)
        want = s["pass"] + 1 if s["pass"] else 0
        if got != want:
            problems.append("%d rows in the passing table, expected %d" % (got, want))
        if report.get("changes") is not None and "changes" not in p.ids:
            problems.append("a baseline but no changes section")
        if report.get("waivers") is not None and "waivers" not in p.ids:
            problems.append("waivers but no waivers section")
    for e in expect:
        if e not in text:
            problems.append("text %r not found in the page" % e)
    if problems:
        for m in problems[:40]:
            print("problem: " + m)
        return 1
    print("ok: %s: inert, %d articles, %d svg" % (path, sum(p.articles.get(c, 0) for c in ("fail", "error", "waived")), p.tags.get("svg", 0)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
