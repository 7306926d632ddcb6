"""Split a written failure report into atomic claims, each with its line.

Reports follow no single format: the five-part category template, severity buckets, free-form sections,
``**Issue**:``/``**Problem**:`` bullets, ``### n.m`` items, tables. markdown-it-py gives every block its line range.
A claim is one list item, one ``**Issue**`` paragraph, one ``Problem: ...`` heading, or one table row;
``Impact``/``Fix`` sub-items attach to the claim above them; sections that only list fixes and summary tables that
repeat the sections are not new claims. A list that follows a ``**Fix**:`` label lists what the corrected answer
added: each item is a claim of kind ``fix`` ("the answer lacked this"), whatever praise words it uses (``nonclaims``
sets apart the ones that are advice or say what the fix changed). A label that only says whose issue it is
(``**MODEL_RESPONSE Issue**:``, ``**Current State**:``) is dropped from the claim's text. A list item keeps the
paragraph that introduced its list (``lead``): a bare noun phrase claims what that lead-in makes it say.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

from iacreview.model import Category

_LABEL = re.compile(r"^\s*\*\*(?P<label>[^*:]{1,40}?)\s*:?\s*\*\*\s*:?\s*(?P<rest>.*)$", re.DOTALL)
_CLAIM_LABELS = {"issue", "problem", "issues", "problems", "finding", "failure", "error", "bug", "observation",
                 "model_response issue", "model response issue", "model_response", "model response", "model",
                 "original issue", "initial implementation issue", "problem description", "issue description",
                 "current state", "actual", "current implementation", "what went wrong", "model_response.md issue"}
_IMPACT_LABELS = {"impact", "risk", "consequence", "why it matters", "severity"}
_FIX_LABELS = {"fix", "alternative", "fixes", "solution", "resolution", "recommendation", "fix in `ideal_response.md`",
               "fix in ideal_response.md", "ideal", "ideal response", "correction", "remediation", "fixed"}
_DETAIL_LABELS = {"original code", "code", "error", "code location", "original implementation", "location"}
_CLAIM_HEADING = re.compile(r"^(?:\d+(?:\.\d+)*\.?\s*)?(?:problem|issue|failure|bug)\s*:\s*(?P<rest>.+)$", re.I)
_FIX_HEADINGS = re.compile(r"^(fix(es)?|solutions?|recommendations?|remediation|how to fix|next steps)\b", re.I)
_SKIP_HEADINGS = re.compile(
    r"summary of (fixes|improvements|changes)|^summary$|^conclusion|^overview|recommend|mitigation|lessons?\b|"
    r"learn|next steps|future|action items|takeaways|^references?$|strateg|how to|testing approach|deployment success",
    re.I,
)
# Labels that say how bad or where documented, not what is wrong: never a claim of their own.
_META_LABELS = re.compile(r"impact|severity|priority|documentation|reference|root cause|category|status|^note", re.I)
_CATEGORY_WORDS: tuple[tuple[Category, re.Pattern[str]], ...] = (
    (Category.SYNTAX, re.compile(r"syntax|import|code quality|typing|type annotation", re.I)),
    (Category.DEPLOYMENT, re.compile(r"deploy|synth|runtime error|configuration error|naming", re.I)),
    (Category.SECURITY, re.compile(r"secur|iam|permission|encrypt|access control|compliance", re.I)),
    (Category.PERFORMANCE, re.compile(r"perform|cost|scal|optimi[sz]", re.I)),
    (Category.BEST_PRACTICE, re.compile(r"best practice|maintain|monitor|logging|observab|tag|reliab", re.I)),
)


_RESPONSE_FILE = re.compile(r"`?\b((?:MODEL|IDEAL)_RESPONSE)\.md\b`?", re.IGNORECASE)
# "The S3 bucket in `MODEL_RESPONSE.md` did not ...": where the claim looks, not what it says; taken out before
# matching so that the words of a flaw stay next to each other ("The API Gateway does not enable caching").
_THE_ANSWER = (r"(?:in|from|within)\s+(?:the\s+)?"
               r"(?:`?MODEL_RESPONSE(?:\.md)?`?"
               r"|model(?:'s)?\s+(?:response|answer|code|implementation)\b"
               r"|(?:generated|original)\s+(?:code|answer|response)\b)"
               r"(?:\s+(?:code|implementation)\b)?")
_WHERE_IN_ANSWER = re.compile(rf"^{_THE_ANSWER},?\s*|\s+{_THE_ANSWER}", re.IGNORECASE)


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
    # "issue": says the answer has a flaw or praises it (polarity from its words); "fix": names what the corrected
    # answer added, so it claims the answer lacked it.
    kind: str = "issue"
    details: str = ""  # quoted original code or error text under the claim: matched, never shown as the claim
    row: bool = False  # a table row (summary tables may repeat the sections)
    not_claim: str = ""  # why this item makes no claim about the answer (``nonclaims``); empty for a claim
    lead: str = ""  # the paragraph that introduces the list this item is in ("The answer deploys:"), if any
    labelled: bool = False  # written after an ``**Issue**:``-style label: a claim by the report's own word

    @property
    def matching_text(self) -> str:
        """The text checks match against: the claim and its quoted details, without the words that say it is about
        the answer ("in `MODEL_RESPONSE.md`"), and the answer's file name as a word (its dot would end a sentence)."""
        text = _WHERE_IN_ANSWER.sub("", f"{self.text} {self.details}".strip())
        return _RESPONSE_FILE.sub(r"\1", text)


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
    fix_list: int | None = None  # list depth under a "**Fix**:" label: its items are fix claims
    heading_claim: int | None = None  # the claim a "Problem: ..." heading opened, for its labelled details
    lead: str = ""  # the last paragraph outside a list: what a bare list item below it is said about

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
            state.fix_list, state.heading_claim, state.lead = None, None, ""
            _heading_claim(state, title, token)
            index += 3
            continue
        if token.type == "list_item_open":
            state.item_stack.append(None)
        elif token.type == "list_item_close":
            state.item_stack.pop()
        elif token.type in ("bullet_list_close", "ordered_list_close") and state.fix_list == len(state.item_stack):
            state.fix_list = None
        elif token.type == "inline" and index > 0 and tokens[index - 1].type == "paragraph_open":
            _paragraph(state, token, tokens[index - 1])
        elif token.type == "tr_open" and not state.skipped():
            index = _table_row(state, tokens, index)
            continue
        index += 1
    return state.claims


def _line(token: Token) -> int:
    return token.map[0] + 1 if token.map else 0


def _heading_claim(state: _State, title: str, opening: Token) -> None:
    """``#### Problem: Hardcoded Resource Names`` is the claim; its labelled bullets give details and impact."""
    match = _CLAIM_HEADING.match(title)
    if match is None or state.skipped():
        return
    state.claims.append(Claim(match.group("rest").strip(), _line(opening), state.category(), state.section()))
    state.heading_claim = len(state.claims) - 1


def _split_labels(content: str) -> list[str]:
    """One paragraph may hold several labelled lines (``**Issue**: ...`` then ``**Fix**:``): one part per label."""
    parts: list[str] = []
    for line in content.splitlines():
        if parts and not _LABEL.match(line):
            parts[-1] += "\n" + line
        else:
            parts.append(line)
    return parts if len(parts) > 1 and all(_LABEL.match(p) for p in parts) else [content]


def _paragraph(state: _State, inline: Token, opening: Token) -> None:
    if state.skipped():
        return
    if not state.item_stack:
        state.lead = _plain(inline.content)
    for offset, part in enumerate(_split_labels(inline.content.strip())):
        _part(state, part.strip(), opening, offset)


def _part(state: _State, content: str, opening: Token, offset: int) -> None:
    if not content:
        return
    in_item = bool(state.item_stack)
    labelled = _label(content)
    by_label = False
    parent = next((i for i in reversed(state.item_stack[:-1]) if i is not None), None) if in_item else None
    last = state.claims[-1] if state.claims else None
    if labelled:
        label, rest = labelled
        key = label.lower()
        fix_label = key in _FIX_LABELS or key.startswith("fix") or key.startswith("ideal") or "fix" in key.split()
        if not fix_label and state.fix_list is not None and len(state.item_stack) <= state.fix_list:
            state.fix_list = None  # "**Impact**:" after a fix block: the list that follows is not a list of fixes
        if (key in _IMPACT_LABELS or _META_LABELS.search(key)) and key not in _CLAIM_LABELS:
            if last is not None and key in _IMPACT_LABELS:
                last.impact = _plain(rest)
            return
        if key in _FIX_LABELS or key.startswith("fix") or key.startswith("ideal") or "fix" in key.split():
            if last is not None:
                last.fix = _plain(rest)
            if not rest.strip() or rest.strip().endswith(":"):
                state.fix_list = len(state.item_stack)  # the list that follows names the fixes
            return
        heading = state.claims[state.heading_claim] if state.heading_claim is not None else None
        if key in _DETAIL_LABELS and heading is not None:
            heading.details = f"{heading.details} {_plain(rest)}".strip()
            return
        if key in _CLAIM_LABELS:
            content, by_label = rest, True
        else:
            content = f"{label}: {rest}" if rest else label
    elif not in_item:
        return  # free prose paragraphs are context, not atomic claims
    if state.in_fix_section():
        if last is not None and not last.fix:
            last.fix = _plain(content)
        return
    text = _plain(content)
    if len(text) < 12 or len(text.split()) < 2 or (text.endswith(":") and not labelled):
        return  # a lone name or a lead-in to a list or code block, not a claim
    kind = "fix" if state.fix_list is not None and in_item and len(state.item_stack) == state.fix_list + 1 else "issue"
    claim = Claim(text, _line(opening) + offset, state.category(), state.section(), parent=parent, kind=kind,
                  lead=state.lead if in_item else "", labelled=by_label)
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
            state.claims.append(Claim(text, _line(row_open), category or state.category(), state.section(),
                                      row=True))
    return index + 1
