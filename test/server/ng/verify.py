"""Replay the recorded JSON:API exchanges against app.py (NG_APP=ref) and compare.

Usage (from test/server/ng, after setup.sh):

    .venv/bin/python verify.py [-v] [FILE.md ...]

Every exchange of read.md, write.md, relationships.md, polymorphism.md and
errors.md in docs/protocol/jsonapi/ is sent again, in order, exactly as
recorded (method, target, headers, body bytes), to one of two local servers
started here: the main one (recorded on port 5001) and the INCLUDE_LINKS=1 one
(port 5002), chosen by the request's Host. Both are reset to the seed before
each file: the recorder's ids show it started each file from a fresh seed and
kept the state within a file.

Compared: status; Content-Type, Content-Length, Location, Link and Allow;
the body. Ports in the answer are rewritten to the recorded ones first. A
body recorded as raw bytes (or HTML) must match byte for byte; a re-indented
JSON body is compared as JSON (the server's bytes are json.dumps with sorted
keys, which Content-Length confirms); `included` is compared as a set (its
order is not stable, read.md); lists the recorder cut short are compared up
to the cut.

Exit status 0 when every exchange matches or is a known difference.
Standard library only.
"""

import http.client
import json
import os
import re
import subprocess
import sys

from recordings import parse_file

HERE = os.path.dirname(os.path.abspath(__file__))
PROTOCOL = os.path.normpath(
    os.environ.get("JSONAPI_PROTOCOL_DIR", os.path.join(HERE, "../../../docs/protocol/jsonapi"))
)
FILES = ["read.md", "write.md", "relationships.md", "polymorphism.md", "errors.md"]

# Recorded port of each server, and the environment that starts it.
SERVERS = {
    5001: {"NG_APP": "ref"},
    5002: {"NG_APP": "ref", "INCLUDE_LINKS": "1"},
}
COMPARED_HEADERS = ["Content-Type", "Content-Length", "Location", "Link", "Allow"]

# Values that depend on the moment of the recording (CURRENT_TIMESTAMP,
# CURRENT_DATE, onupdate=datetime.now). Masked on both sides.
NOW = r'"\d{4}-\d\d-\d\d(T\d\d:\d\d:\d\d(\.\d+)?)?"'
VOLATILE = {
    ("write.md", 20): NOW,
    ("write.md", 33): NOW,
    ("write.md", 43): NOW,
}
# Recorded behaviour this app does not reproduce, with the reason. Reported,
# but not counted as failures.
KNOWN_DIFFERENCES = {}

TRUNCATION = re.compile(r"`body((?:\.\w+|\[\d+\])*)` had (\d+) items; the recorder shows the first (\d+)")


class Server:
    def __init__(self, env):
        python = os.path.join(HERE, ".venv", "bin", "python")
        if not os.path.exists(python):
            python = sys.executable
        self.process = subprocess.Popen(
            [python, os.path.join(HERE, "app.py")],
            cwd=HERE,
            env={**os.environ, "PYTHONHASHSEED": "0", **env},
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        line = self.process.stdout.readline()
        if not line.startswith("LISTENING "):
            raise RuntimeError("server did not start: {!r}".format(line))
        self.port = int(line.split()[1])

    def request(self, method, target, headers=(), body=b""):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.putrequest(method, target, skip_host=True, skip_accept_encoding=True)
            for name, value in headers:
                conn.putheader(name, value)
            conn.endheaders(body or None)
            response = conn.getresponse()
            return response.status, response.getheaders(), response.read()
        finally:
            conn.close()

    def reset(self):
        status, _, _ = self.request("POST", "/__test__/reset", [("Host", "127.0.0.1")])
        assert status == 204, status

    def stop(self):
        self.process.terminate()
        self.process.wait(10)


# ---------------------------------------------------------------- comparing


def path_steps(path):
    """`.data[0].relationships` -> ["data", 0, "relationships"]."""
    return [int(index) if index else key for key, index in re.findall(r"\.(\w+)|\[(\d+)\]", path)]


def cut_lists(value, section):
    """Applies the recorder's "had N items; shows the first K" cuts to `value`."""
    for path, _total, shown in TRUNCATION.findall(section):
        *parents, last = path_steps(path)
        node = value
        try:
            for step in parents:
                node = node[step]
            node[last] = node[last][: int(shown)]
        except (KeyError, IndexError, TypeError):
            pass  # the shape differs: the comparison reports it
    return value


def canonical(value):
    """JSON with `included` in a stable order (the server's order is not)."""
    if isinstance(value, dict) and isinstance(value.get("included"), list):
        value = dict(value, included=sorted(value["included"], key=lambda r: (r.get("type"), r.get("id"))))
    return json.dumps(value, sort_keys=True)


SQL_PARAMETERS = re.compile(rb"\[parameters: \[\{(.*?)\}\]\]")


def sort_sql_parameters(body):
    """Sorts the items of SQLAlchemy's "[parameters: [{...}]]" in error details.

    SQLAlchemy lists them in the order of a set of column names, which
    depends on the string hash seed: the recorder's was random (the same
    request gives two orders in write.md #27 and errors.md #55).
    """
    def sort(match):
        items = sorted(match.group(1).split(b", "))
        return b"[parameters: [{" + b", ".join(items) + b"}]]"

    return SQL_PARAMETERS.sub(sort, body)


def compare(exchange, status, headers, body):
    problems = []
    if status != exchange.status:
        problems.append("status {} != {}".format(status, exchange.status))
    actual_headers = {name.lower(): value for name, value in headers}
    for name in COMPARED_HEADERS:
        expected = exchange.response.header(name)  # None: must be absent
        actual = actual_headers.get(name.lower())
        if name == "Content-Length" and actual is not None:
            actual = str(len(body))  # after the port rewrite
        if name == "Allow" and actual is not None and expected is not None:
            # Werkzeug lists the methods in set order, which depends on the
            # string hash seed: the recorder's was random.
            actual, expected = sorted(actual.split(", ")), sorted(expected.split(", "))
        if actual != expected:
            problems.append("{}: {!r} != {!r}".format(name, actual, expected))

    volatile = VOLATILE.get((exchange.file, exchange.number))
    if volatile:
        body = re.sub(volatile.encode(), b'"<now>"', body)
    body = sort_sql_parameters(body)
    if exchange.raw_body is not None:
        expected = sort_sql_parameters(exchange.raw_body)
        if volatile:
            expected = re.sub(volatile.encode(), b'"<now>"', expected)
        if body != expected:
            problems.append("body\n      got      {!r}\n      expected {!r}".format(body[:700], expected[:700]))
    elif exchange.json_body is not None:
        try:
            actual = cut_lists(json.loads(body), exchange.section)
        except ValueError:
            problems.append("body is not JSON: {!r}".format(body[:300]))
        else:
            actual = json.loads(sort_sql_parameters(json.dumps(actual).encode()))
            expected = json.loads(sort_sql_parameters(json.dumps(exchange.json_body).encode()))
            if canonical(actual) != canonical(expected):
                problems.append("body\n      got      {}\n      expected {}".format(
                    canonical(actual)[:900], canonical(expected)[:900]))
    elif body:
        problems.append("body {!r}, expected none".format(body[:300]))
    return problems


def replay(exchange, servers):
    request = exchange.request
    recorded_port = int(request.header("Host").rsplit(":", 1)[1])
    server = servers[recorded_port]
    headers = [
        (name, "127.0.0.1:{}".format(server.port) if name == "Host" else value)
        for name, value in request.headers
    ]
    status, response_headers, body = server.request(exchange.method, exchange.target, headers, request.body)
    # The recorded port everywhere the server wrote its own address.
    own = "127.0.0.1:{}".format(server.port).encode()
    recorded = "127.0.0.1:{}".format(recorded_port).encode()
    body = body.replace(own, recorded)
    response_headers = [(k, v.replace(own.decode(), recorded.decode())) for k, v in response_headers]
    return compare(exchange, status, response_headers, body)


def main(argv):
    verbose = "-v" in argv
    files = [a for a in argv if not a.startswith("-")] or FILES
    if not os.path.isdir(PROTOCOL):
        print("recordings not found at {}; set JSONAPI_PROTOCOL_DIR".format(PROTOCOL))
        return 2
    servers = {}
    try:
        for port, env in SERVERS.items():
            servers[port] = Server(env)
        totals = {"match": 0, "known": 0, "MISMATCH": 0}
        for name in files:
            exchanges = parse_file(os.path.join(PROTOCOL, os.path.basename(name)))
            for server in servers.values():
                server.reset()
            counts = dict.fromkeys(totals, 0)
            for exchange in exchanges:
                problems = replay(exchange, servers)
                known = KNOWN_DIFFERENCES.get((exchange.file, exchange.number))
                outcome = "known" if problems and known else "MISMATCH" if problems else "match"
                counts[outcome] += 1
                if problems or verbose:
                    label = "{} #{} {}".format(exchange.file, exchange.number, exchange.title)
                    print("{:8} {}".format(outcome, label) + (": " + known if outcome == "known" else ""))
                    for problem in problems:
                        print("    " + problem)
            print("{}: {match}/{total} match, {known} known difference(s), {MISMATCH} mismatch(es)".format(
                exchange.file, total=len(exchanges), **counts))
            for key in totals:
                totals[key] += counts[key]
        print("total: {match}/{total} match, {known} known, {MISMATCH} mismatched".format(
            total=sum(totals.values()), **totals))
        return 1 if totals["MISMATCH"] else 0
    finally:
        for server in servers.values():
            server.stop()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
