"""Replay the recorded classic exchanges against app.py and compare the answers.

Usage (from test/server, after setup.sh):

    .venv/bin/python verify.py [-v] [FILE.md ...]

Every exchange of datamodel.md, read.md, write.md, rpc.md and errors.md in
docs/protocol/classic/ is sent again, in order, exactly as recorded (same
method, path, headers and body bytes), to one of three local servers started
here: the default config, CLASSIC_PEERS=0 and COMMIT_ON_METHOD_RETURN=1,
chosen by the exchange's "*Server: ...*" note. All servers are reset to the
seed before each file, as the recorder started fresh servers for each file.

Compared: status; Content-Type, Content-Length, Location, Link, Allow and
Vary (ports rewritten); the body byte for byte. Pretty-printed bodies are
compared as the compact sorted JSON Flask emits; bodies the recorder
truncated are compared item by item up to the cut, plus Content-Length.

Exit status 0 when every exchange matches. Standard library only.
"""

import http.client
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field

HERE = os.path.dirname(os.path.abspath(__file__))
PROTOCOL = os.path.normpath(
    os.environ.get("CLASSIC_PROTOCOL_DIR", os.path.join(HERE, "../../docs/protocol/classic"))
)
FILES = ["datamodel.md", "read.md", "write.md", "rpc.md", "errors.md"]

# Recorded port of each server config, and the environment that starts it.
CONFIGS = {
    "default": (5077, {}),
    "no-peers": (5078, {"CLASSIC_PEERS": "0"}),
    "commit": (5079, {"COMMIT_ON_METHOD_RETURN": "1"}),
}
SERVER_NOTES = {
    "CLASSIC_PEERS=0": "no-peers",
    "CLASSIC_COMMIT_ON_RETURN=1": "commit",
}
COMPARED_HEADERS = ["Content-Type", "Content-Length", "Location", "Link", "Allow", "Vary"]

# Values that depend on the day the recording was made: SQL CURRENT_DATE /
# CURRENT_TIMESTAMP evaluated by SQLite. Masked on both sides before comparing.
VOLATILE = {
    ("write.md", 19): r'"birth_date":"\d{4}-\d\d-\d\d"',
    ("write.md", 24): r'"purchase_time":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d"',
}
# Recorded behaviour this stack cannot reproduce, with the reason. Reported,
# but not counted as failures.
KNOWN_DIFFERENCES = {
    ("rpc.md", 51): (
        "the recording's message ends in a period: msgpack's C extension. "
        "msgpack 1.0.3 has no Python 3.11 wheel on PyPI and its sdist's C++ "
        "does not compile on 3.11 (longintrepr.h), so pip installs the "
        "pure-Python fallback, whose message has no period"
    ),
}
OMITTED = re.compile(r"^\.\.\. (\d+) more item\(s\) omitted by the recorder \.\.\.$")


@dataclass
class Message:
    start_line: str
    headers: list = field(default_factory=list)  # [(name, value)] in order
    body: bytes = b""

    def header(self, name):
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None


@dataclass
class Exchange:
    file: str
    number: int
    title: str
    config: str
    request: Message
    response: Message = None
    pretty_body: object = None  # parsed JSON when the body was pretty-printed
    truncated: bool = False
    same_as: int = None  # "body identical to exchange N"


# ---------------------------------------------------------------- parsing


def parse_http_block(text):
    """A fenced http block: start line, headers, blank line, body.

    The body is cut to Content-Length bytes (the recorder adds a newline
    after it; requests without a body have no blank line at all).
    """
    head, _, rest = text.partition("\n\n")
    lines = head.rstrip("\n").split("\n")
    message = Message(lines[0])
    for line in lines[1:]:
        name, _, value = line.partition(": ")
        message.headers.append((name, value))
    length = message.header("Content-Length")
    raw = rest.encode()
    if length is not None:
        message.body = raw[: int(length)]
    elif rest.strip() not in ("", "(empty body)"):
        message.body = raw.rstrip(b"\n")
    return message


def fenced_blocks(section):
    """(info string, content) of every fenced block, in order."""
    return [
        (m.group(1), m.group(2))
        for m in re.finditer(r"^```(\w*)\n(.*?)^```$", section, re.M | re.S)
    ]


def parse_file(name):
    text = open(os.path.join(PROTOCOL, name), encoding="utf-8").read()
    exchanges = []
    for match in re.finditer(r"^### (\d+)\. (.*?)$(.*?)(?=^### |\Z)", text, re.M | re.S):
        number, title, section = int(match.group(1)), match.group(2), match.group(3)
        config = "default"
        note = re.search(r"^\*Server: (\S+)", section, re.M)
        if note:
            config = SERVER_NOTES[note.group(1)]
        blocks = fenced_blocks(section)
        exchange = Exchange(name, number, title, config, parse_http_block(blocks[0][1]))
        same = re.search(r"body identical to exchange (\d+)", section)
        if same:
            # "**Response**: `200 OK`, `Content-Type: ...`, body identical to ..."
            status, content_type = re.search(r"`(\d+ [^`]*)`, `Content-Type: ([^`]*)`", section).groups()
            exchange.response = Message("HTTP/1.1 " + status, [("Content-Type", content_type)])
            exchange.same_as = int(same.group(1))
        else:
            exchange.response = parse_http_block(blocks[1][1])
            raw = re.search(r"Raw body, verbatim</summary>\s*```\n(.*?)\n```", section, re.S)
            if raw:
                exchange.response.body = raw.group(1).encode()
            elif len(blocks) > 2 and blocks[2][0] == "json":
                exchange.pretty_body = json.loads(blocks[2][1])
                exchange.truncated = "long lists truncated" in section
        exchanges.append(exchange)
    return exchanges


# ---------------------------------------------------------------- servers


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

    def request(self, method, path, headers=(), body=b""):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
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


def flask_json(value):
    """The bytes Flask 2.2's jsonify produces for `value`."""
    return (json.dumps(value, sort_keys=True, separators=(",", ":")) + "\n").encode()


def match_truncated(expected, actual, path="$"):
    """Compare JSON where the recorder cut lists short with an 'omitted' marker."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict) or list(expected) != sorted(actual):
            return "{}: keys {} != {}".format(path, list(expected), actual if not isinstance(actual, dict) else sorted(actual))
        for key in expected:
            problem = match_truncated(expected[key], actual[key], path + "." + key)
            if problem:
                return problem
        return None
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return "{}: expected a list".format(path)
        omitted = OMITTED.match(expected[-1]) if expected and isinstance(expected[-1], str) else None
        shown = expected[:-1] if omitted else expected
        total = len(shown) + (int(omitted.group(1)) if omitted else 0)
        if len(actual) != total:
            return "{}: {} items, expected {}".format(path, len(actual), total)
        for index, item in enumerate(shown):
            problem = match_truncated(item, actual[index], "{}[{}]".format(path, index))
            if problem:
                return problem
        return None
    return None if expected == actual else "{}: {!r} != {!r}".format(path, actual, expected)


def compare(exchange, expected_body, status, headers, body, port_map):
    """Differences between the recorded response and the actual one."""
    problems = []
    recorded = exchange.response
    expected_status = int(recorded.start_line.split()[1])
    if status != expected_status:
        problems.append("status {} != {}".format(status, expected_status))
    actual_headers = dict((k.lower(), v) for k, v in headers)
    # A "body identical to exchange N" note records the Content-Type only.
    names = ["Content-Type"] if exchange.same_as is not None else COMPARED_HEADERS
    for name in names:
        expected = recorded.header(name)  # None: the header must be absent
        for old, new in port_map.items():
            if expected is not None:
                expected = expected.replace("127.0.0.1:{}".format(old), "127.0.0.1:{}".format(new))
        if actual_headers.get(name.lower()) != expected:
            problems.append("{}: {!r} != {!r}".format(name, actual_headers.get(name.lower()), expected))

    volatile = VOLATILE.get((exchange.file, exchange.number))
    if volatile:
        body = re.sub(volatile.encode(), b"<volatile>", body)
        expected_body = re.sub(volatile.encode(), b"<volatile>", expected_body)

    if exchange.truncated:
        try:
            problem = match_truncated(exchange.pretty_body, json.loads(body))
        except ValueError:
            problem = "body is not JSON: {!r}".format(body[:200])
        if problem:
            problems.append("body " + problem)
    elif body != expected_body:
        problems.append("body\n      got      {!r}\n      expected {!r}".format(body[:600], expected_body[:600]))
    return problems


def expected_body_of(exchange, by_number):
    if exchange.same_as is not None:
        return expected_body_of(by_number[exchange.same_as], by_number)
    if exchange.pretty_body is not None and not exchange.truncated:
        return flask_json(exchange.pretty_body)
    return exchange.response.body


# ---------------------------------------------------------------- main


def replay(exchange, server, by_number, port_map):
    """Send one recorded request again; return the list of differences."""
    request = exchange.request
    method, path, _ = request.start_line.split(" ")
    headers = [
        (name, "127.0.0.1:{}".format(server.port) if name == "Host" else value)
        for name, value in request.headers
    ]
    status, response_headers, body = server.request(method, path, headers, request.body)
    return compare(
        exchange, expected_body_of(exchange, by_number), status, response_headers, body, port_map
    )


def main(argv):
    verbose = "-v" in argv
    files = [a for a in argv if not a.startswith("-")] or FILES
    if not os.path.isdir(PROTOCOL):
        print("recordings not found at {}; set CLASSIC_PROTOCOL_DIR".format(PROTOCOL))
        return 2
    servers = {}
    try:
        for config, (_, env) in CONFIGS.items():
            servers[config] = Server(env)
        port_map = {CONFIGS[c][0]: servers[c].port for c in CONFIGS}
        totals = {"match": 0, "known": 0, "MISMATCH": 0}
        for name in files:
            exchanges = parse_file(name)
            by_number = {e.number: e for e in exchanges}
            for server in servers.values():
                server.reset()
            counts = dict.fromkeys(totals, 0)
            counts["truncated"] = 0
            for exchange in exchanges:
                problems = replay(exchange, servers[exchange.config], by_number, port_map)
                known = KNOWN_DIFFERENCES.get((name, exchange.number))
                outcome = "known" if problems and known else "MISMATCH" if problems else "match"
                counts[outcome] += 1
                if outcome == "match" and exchange.truncated:
                    counts["truncated"] += 1
                if problems or verbose:
                    label = "{} #{} {} [{}]".format(name, exchange.number, exchange.title, exchange.config)
                    print("{:8} {}".format(outcome, label) + (": " + known if outcome == "known" else ""))
                    for problem in problems:
                        print("    " + problem)
            print("{}: {match}/{total} match ({truncated} of them only up to the recorder's "
                  "truncation), {known} known difference(s), {MISMATCH} mismatch(es)".format(
                      name, total=len(exchanges), **counts))
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
