"""Self-contained HTML for a corpus run: ``index.html`` (charts, sortable task table) and one page per task.

Everything is inline (CSS, a few lines of JS for sorting, SVG charts): the pages open from disk with no network,
and every text from an answer or a report is escaped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from iacreview.compare import Comparison
from iacreview.model import Finding, Review
from iacreview.verify import Verification

_CSS = """
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:24px;color:#1d2430;background:#fbfbfd}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:24px 0 8px}.muted{color:#667}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin:12px 0}
.card{background:#fff;border:1px solid #dde;border-radius:8px;padding:10px 14px;min-width:110px}
.card b{display:block;font-size:20px}.charts{display:flex;gap:16px;flex-wrap:wrap}
.chart{background:#fff;border:1px solid #dde;border-radius:8px;padding:10px}
table{border-collapse:collapse;background:#fff;width:100%}th,td{border:1px solid #dde;padding:4px 8px;text-align:left}
th{background:#eef1f6;cursor:pointer;user-select:none;white-space:nowrap}th.sorted-asc:after{content:" \\25B2"}
th.sorted-desc:after{content:" \\25BC"}td.num{text-align:right;font-variant-numeric:tabular-nums}
.error{color:#b00020}.sev-critical{color:#b00020;font-weight:600}.sev-high{color:#c4461b}.sev-medium{color:#8a6d00}
code{background:#f1f3f7;padding:0 3px;border-radius:3px}pre{background:#f1f3f7;padding:8px;overflow:auto}
"""

_SORT_JS = """
document.querySelectorAll("table.sortable").forEach(function(table){
  table.querySelectorAll("th").forEach(function(th, index){
    th.addEventListener("click", function(){
      var body = table.tBodies[0], rows = Array.from(body.rows);
      var asc = !th.classList.contains("sorted-asc");
      table.querySelectorAll("th").forEach(function(h){h.classList.remove("sorted-asc","sorted-desc");});
      th.classList.add(asc ? "sorted-asc" : "sorted-desc");
      rows.sort(function(a, b){
        var x = a.cells[index].dataset.value || a.cells[index].textContent;
        var y = b.cells[index].dataset.value || b.cells[index].textContent;
        var nx = parseFloat(x), ny = parseFloat(y);
        var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
        return asc ? c : -c;
      });
      rows.forEach(function(r){body.appendChild(r);});
    });
  });
});
"""

_COLORS = ("#3b6fd8", "#d8573b", "#3ba56f", "#b08a1e", "#8a4fc7", "#2a9bb5", "#c7407f", "#6b7280")


def _page(title: str, body: str, script: str = "") -> str:
    tail = f"<script>{script}</script>" if script else ""
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<meta name=\"viewport\" content=\"width=device-width\"><title>{escape(title)}</title>"
        f"<style>{_CSS}</style></head><body>{body}{tail}</body></html>\n"
    )


def bar_chart(title: str, counts: Mapping[str, int], chart_id: str) -> str:
    """A horizontal bar chart as inline SVG (one bar per key, value printed at the end)."""
    items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    width, label_w, bar_h, gap = 420, 170, 18, 6
    height = max(1, len(items)) * (bar_h + gap) + 30
    top = max((v for _, v in items), default=0) or 1
    parts = [f'<svg id="{escape(chart_id)}" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'role="img" aria-label="{escape(title)}"><text x="0" y="16" font-weight="600">{escape(title)}</text>']
    if not items:
        parts.append('<text x="0" y="40" fill="#667">nothing to show</text>')
    for index, (label, value) in enumerate(items):
        y = 28 + index * (bar_h + gap)
        bar = int((width - label_w - 50) * value / top)
        color = _COLORS[index % len(_COLORS)]
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 13}" text-anchor="end" font-size="12">{escape(label)}</text>'
            f'<rect x="{label_w}" y="{y}" width="{max(bar, 1)}" height="{bar_h}" fill="{color}" rx="2">'
            f"<title>{escape(label)}: {value}</title></rect>"
            f'<text x="{label_w + bar + 4}" y="{y + 13}" font-size="12">{value}</text>'
        )
    parts.append("</svg>")
    return f'<div class="chart">{"".join(parts)}</div>'


def _cell(value: Any, *, numeric: bool = False, css: str = "") -> str:
    classes = " ".join(c for c in ("num" if numeric else "", css) if c)
    attr = f' class="{classes}"' if classes else ""
    return f"<td{attr}>{escape(str(value))}</td>"


def _task_row(row: Mapping[str, Any]) -> str:
    name = str(row["task"])
    link = f'<a href="{escape(name)}/page.html">{escape(name)}</a>'
    if row.get("status") != "ok":
        error = str(row.get("error") or "error")
        return (f'<tr class="error"><td data-value="{escape(name)}">{link}</td>{_cell("error", css="error")}'
                f'<td colspan="8" class="error">{escape(error)}</td></tr>')
    model, compare, verify = row.get("model") or {}, row.get("compare") or {}, row.get("verify") or {}
    severity = model.get("by_severity", {})
    counts = verify.get("counts", {})
    cells = [
        f'<td data-value="{escape(name)}">{link}</td>',
        _cell("ok"),
        _cell(model.get("synth", {}).get("outcome", "")),
        _cell(model.get("findings", 0), numeric=True),
        _cell(severity.get("critical", 0) + severity.get("high", 0), numeric=True),
        _cell(compare.get("failures", "") if compare else "", numeric=True),
        _cell(counts.get("confirmed", 0) if verify else "", numeric=True),
        _cell(counts.get("refuted", 0) if verify else "", numeric=True),
        _cell(counts.get("unverifiable", 0) if verify else "", numeric=True),
        _cell(f"{row.get('seconds', 0):.1f}", numeric=True),
    ]
    return f"<tr>{''.join(cells)}</tr>"


def index_page(summary: Mapping[str, Any], rows: Sequence[Mapping[str, Any]]) -> str:
    """``index.html`` of a run: headline counts, three charts and the sortable task table."""
    totals = summary["totals"]
    charts = summary["charts"]
    cards = "".join(
        f'<div class="card"><b>{escape(str(value))}</b>{escape(label)}</div>'
        for label, value in (
            ("tasks", totals["tasks"]),
            ("reviewed", totals["ok"]),
            ("broken", totals["errors"]),
            ("model answers synthesized", totals["model_synth_ok"]),
            ("generated failures", totals["failures"]),
            ("claims judged", totals["claims"]),
        )
    )
    chart_html = "".join([
        bar_chart("Generated failures per category", charts["failures_per_category"], "chart-failures"),
        bar_chart("Synth outcome (all answers)", charts["synth_outcome"], "chart-synth"),
        bar_chart("Claim verdicts of the written reports", charts["claim_verdicts"], "chart-verdicts"),
    ])
    head = "".join(f"<th>{escape(h)}</th>" for h in (
        "Task", "Status", "Model synth", "Findings", "Critical+high", "Failures", "Confirmed", "Refuted",
        "Unverifiable", "Seconds"))
    body_rows = "".join(_task_row(r) for r in rows)
    meta = summary["run"]
    body = (
        f"<h1>iacreview corpus review</h1><p class=\"muted\">{escape(str(meta['corpus']))} — iacreview "
        f"{escape(str(meta['iacreview']))}, aws-cdk-lib {escape(str(meta['aws_cdk_lib']))}, "
        f"{meta['wall_seconds']:.1f} s with {meta['workers']} worker(s)</p>"
        f'<div class="cards">{cards}</div><h2>Charts</h2><div class="charts">{chart_html}</div>'
        f'<h2>Tasks</h2><table class="sortable" id="tasks"><thead><tr>{head}</tr></thead>'
        f"<tbody>{body_rows}</tbody></table>"
    )
    return _page("iacreview corpus review", body, _SORT_JS)


def _finding_item(index: int, finding: Finding) -> str:
    where = f" <code>{escape(str(finding.location))}</code>" if finding.location else ""
    sev = finding.severity.value
    return (f'<li id="f-{index}"><span class="sev-{sev}">{escape(sev)}</span> <b>{escape(finding.rule_id)}</b> '
            f"{escape(finding.title)}{where}<br>{escape(finding.message)}</li>")


def task_page(name: str, review: Review, comparison: Comparison | None, verification: Verification | None,
              outputs: Mapping[str, str]) -> str:
    """One task's page: links to its files, the model review's findings, generated failures and claim verdicts."""
    links = " · ".join(f'<a href="{escape(file)}">{escape(file)}</a>' for key, file in outputs.items()
                       if key != "page")
    active = [f for f in review.findings if not f.suppressed]
    findings = "".join(_finding_item(i, f) for i, f in enumerate(active, start=1)) or "<li>none</li>"
    synth = review.synth
    synth_text = "synthesized" if synth.ok else f"synth failed: {synth.error or synth.error_class or 'not run'}"
    parts = [
        f'<p><a href="../index.html">← all tasks</a></p><h1>{escape(name)}</h1>',
        f"<p>{links}</p><p class=\"muted\">{escape(review.subject)}: {escape(synth_text)}</p>",
        f'<h2 id="findings">Findings ({len(active)})</h2><ol>{findings}</ol>',
    ]
    if comparison is not None:
        items = "".join(
            f"<li><b>{escape(f.finding.rule_id)}</b> [{escape(f.kind)}] {escape(f.finding.message)}"
            + (f" <code>{escape(str(f.finding.location))}</code>" if f.finding.location else "") + "</li>"
            for f in comparison.failures
        ) or "<li>none</li>"
        parts.append(f'<h2 id="failures">Generated failures ({len(comparison.failures)})</h2><ol>{items}</ol>')
    if verification is not None:
        rows = "".join(
            f"<tr><td class=\"num\">{v.claim.line}</td><td>{escape(v.claim.text)}</td>"
            f"<td>{escape(v.candidate_verdict)}</td><td>{escape(v.reason)}</td></tr>"
            for v in verification.verdicts
        )
        parts.append(
            f'<h2 id="claims">Claims of the written report ({len(verification.verdicts)})</h2>'
            f'<table class="sortable"><thead><tr><th>Line</th><th>Claim</th><th>Verdict</th><th>Reason</th></tr>'
            f"</thead><tbody>{rows}</tbody></table>"
        )
    return _page(f"{name} — iacreview", "".join(parts), _SORT_JS)


def error_page(name: str, error: str, trace: str) -> str:
    """The page of a task that could not be reviewed."""
    body = (f'<p><a href="../index.html">← all tasks</a></p><h1>{escape(name)}</h1>'
            f'<p class="error">{escape(error)}</p><pre>{escape(trace)}</pre>')
    return _page(f"{name} — iacreview", body)
