"""Split a written failure report into atomic claims, each with its line.

Reports follow no single format: the five-part category template, severity buckets, free-form sections,
``**Issue**:``/``**Problem**:`` bullets, ``### n.m`` items, tables. markdown-it-py gives every block its line range.
A claim is one list item, one ``**Issue**`` paragraph, or one table row; ``Impact``/``Fix`` sub-items attach to the
claim above them; sections that only list fixes and summary tables that repeat the sections are not new claims.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

from iacreview.model import Category

_LABEL = re.compile(r"^\s*\*\*(?P<label>[^*:]{1,40}?)\s*:?\s*\*\*\s*:?\s*(?P<rest>.*)$", re.DOTALL)
_CLAIM_LABELS = {"issue", "problem", "issues", "problems", "finding", "failure", "error", "bug", "observation"}
_IMPACT_LABELS = {"impact", "risk", "consequence", "why it matters", "severity"}
_FIX_LABELS = {"fix", "fixes", "solution", "resolution", "recommendation", "fix in `ideal_response.md`",
               "fix in ideal_response.md", "ideal", "ideal response", "correction", "remediation", "fixed"}
_FIX_HEADINGS = re.compile(r"^(fix(es)?|solutions?|recommendations?|remediation|how to fix|next steps)\b", re.I)
_SKIP_HEADINGS = re.compile(r"summary of (fixes|improvements|changes)|^summary$|^conclusion|^overview", re.I)
_CATEGORY_WORDS: tuple[tuple[Category, re.Pattern[str]], ...] = (
    (Category.SYNTAX, re.compile(r"syntax|import|code quality|typing|type annotation", re.I)),
    (Category.DEPLOYMENT, re.compile(r"deploy|synth|runtime error|configuration error|naming", re.I)),
    (Category.SECURITY, re.compile(r"secur|iam|permission|encrypt|access control|compliance", re.I)),
    (Category.PERFORMANCE, re.compile(r"perform|cost|scal|optimi[sz]", re.I)),
    (Category.BEST_PRACTICE, re.compile(r"best practice|maintain|monitor|logging|observab|tag|reliab", re.I)),
)


@dataclass
class Claim:
    text: str
    line: int
    category: Category | None = None
    section: str = ""
    fix: str = ""
    impact: str = ""
    parent: int | None = None  # index of the claim this one details
    children: list[int] = field(default_factory=list)


def category_of(heading: str) -> Category | None:
    for category, pattern in _CATEGORY_WORDS:
        if pattern.search(heading):
            return category
    return None


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("**", "").replace("__", "")).strip()


def _label(text: str) -> tuple[str, str] | None:
    match = _LABEL.match(text)
    if not match:
        return None
    return match.group("label").strip(), match.group("rest").strip()


@dataclass
class _State:
    headings: list[tuple[int, str]] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    item_stack: list[int | None] = field(default_factory=list)  # claim index of each open list item

    def section(self) -> str:
        return " / ".join(text for _, text in self.headings)

    def category(self) -> Category | None:
        for _, text in reversed(self.headings):
            found = category_of(text)
            if found is not None:
                return found
        return None

    def in_fix_section(self) -> bool:
        return any(_FIX_HEADINGS.search(text) for _, text in self.headings[-1:])

    def skipped(self) -> bool:
        return any(_SKIP_HEADINGS.search(text) for _, text in self.headings)


def parse_claims(text: str) -> list[Claim]:
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    state = _State()
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "heading_open":
            level = int(token.tag[1:])
            title = _plain(tokens[index + 1].content)
            state.headings = [(lv, t) for lv, t in state.headings if lv < level] + [(level, title)]
            index += 3
            continue
        if token.type == "list_item_open":
            state.item_stack.append(None)
        elif token.type == "list_item_close":
            state.item_stack.pop()
        elif token.type == "inline" and index > 0 and tokens[index - 1].type == "paragraph_open":
            _paragraph(state, token, tokens[index - 1])
        elif token.type == "tr_open" and not state.skipped():
            index = _table_row(state, tokens, index)
            continue
        index += 1
    return state.claims


def _line(token: Token) -> int:
    return token.map[0] + 1 if token.map else 0


def _paragraph(state: _State, inline: Token, opening: Token) -> None:
    if state.skipped():
        return
    content = inline.content.strip()
    if not content:
        return
    in_item = bool(state.item_stack)
    labelled = _label(content)
    parent = next((i for i in reversed(state.item_stack[:-1]) if i is not None), None) if in_item else None
    last = state.claims[-1] if state.claims else None
    if labelled:
        label, rest = labelled
        key = label.lower()
        if key in _IMPACT_LABELS and last is not None:
            last.impact = _plain(rest)
            return
        if key in _FIX_LABELS or key.startswith("fix"):
            if last is not None:
                last.fix = _plain(rest)
            return
        if key in _CLAIM_LABELS:
            content = rest
        else:
            content = f"{label}: {rest}" if rest else label
    elif not in_item:
        return  # free prose paragraphs are context, not atomic claims
    if state.in_fix_section():
        if last is not None and not last.fix:
            last.fix = _plain(content)
        return
    text = _plain(content)
    if len(text) < 8:
        return
    claim = Claim(text, _line(opening), state.category(), state.section(), parent=parent)
    state.claims.append(claim)
    number = len(state.claims) - 1
    if parent is not None:
        state.claims[parent].children.append(number)
    if in_item and state.item_stack[-1] is None:
        state.item_stack[-1] = number


def _table_row(state: _State, tokens: list[Token], index: int) -> int:
    row_open = tokens[index]
    cells: list[str] = []
    header = False
    index += 1
    while tokens[index].type != "tr_close":
        token = tokens[index]
        if token.type == "th_open":
            header = True
        if token.type == "inline":
            cells.append(_plain(token.content))
        index += 1
    if not header and any(cells):
        text = " — ".join(c for c in cells if c)
        if len(text) >= 8:
            category = category_of(cells[0]) if cells else None
            state.claims.append(Claim(text, _line(row_open), category or state.category(), state.section()))
    return index + 1
