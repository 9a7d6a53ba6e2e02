"""Parses the recorded exchanges of docs/protocol/jsonapi/*.md.

Each exchange is a "### N. title" section holding a request block, a response
block and, for a body, either "Raw bytes: `...`" (the exact bytes), a
re-indented JSON block (the server's own key order is sorted, so the bytes are
json.dumps(sort_keys=True)), or a "Body (not JSON)" block. Standard library only.
"""

import json
import os
import re
from dataclasses import dataclass, field


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
    section: str
    request: Message
    response: Message
    # Exact response bytes when the recording has them ("Raw bytes" or a
    # non-JSON block cut to Content-Length); else None.
    raw_body: bytes = None
    # The parsed JSON body when the recording shows it re-indented.
    json_body: object = None

    @property
    def status(self):
        return int(self.response.start_line.split()[1])

    @property
    def method(self):
        return self.request.start_line.split(" ")[0]

    @property
    def target(self):
        return self.request.start_line.split(" ")[1]


def parse_http_block(text):
    """A fenced http block: start line, headers, blank line, body.

    The body is cut to Content-Length bytes when there is one (the recorder
    adds a newline after it).
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
    elif rest.strip():
        message.body = raw.rstrip(b"\n")
    return message


FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.M | re.S)


def parse_file(path):
    name = os.path.basename(path)
    text = open(path, encoding="utf-8").read()
    exchanges = []
    for match in re.finditer(r"^### (\d+)\. (.*?)$(.*?)(?=^### |^## |\Z)", text, re.M | re.S):
        number, title, section = int(match.group(1)), match.group(2), match.group(3)
        request_at = section.index("Request:")
        response_at = section.index("Response:", request_at)
        request_block = FENCE.search(section, request_at)
        response_block = FENCE.search(section, response_at)
        request = parse_http_block(request_block.group(2))
        response = parse_http_block(response_block.group(2))
        exchange = Exchange(name, number, title, section, request, response)
        after = section[response_block.end():]
        raw = re.search(r"^Raw bytes: `(.*)`$", after, re.M)
        body_block = FENCE.search(after)
        if raw:
            exchange.raw_body = raw.group(1).encode()
        elif body_block and body_block.group(1) == "json":
            exchange.json_body = json.loads(body_block.group(2))
        elif body_block:
            body = body_block.group(2).encode()
            length = response.header("Content-Length")
            exchange.raw_body = body[: int(length)] if length is not None else body
        exchanges.append(exchange)
    return exchanges
