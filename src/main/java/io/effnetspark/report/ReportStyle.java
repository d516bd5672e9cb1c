package io.effnetspark.report;

/** The stylesheet of {@code _report.html}, inlined into the page (the report loads nothing from elsewhere). */
final class ReportStyle {
  private ReportStyle() {}

  static final String CSS = """
      :root { --fg: #1f2933; --muted: #616e7c; --line: #e4e7eb; --panel: #f5f7fa; --bar: #3d7fd9;
              --good: #1f7a34; --good-bg: #e3f9e5; --bad: #c62828; --bad-bg: #ffe3e3; }
      * { box-sizing: border-box; }
      body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
             color: var(--fg); margin: 0 auto; max-width: 1200px; padding: 24px 28px 48px; background: #fff; }
      h1 { font-size: 24px; margin: 0 0 4px; }
      h1 code { font-size: inherit; }
      h2 { font-size: 18px; margin: 0 0 12px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
      h3 { font-size: 14px; margin: 0 0 8px; }
      .sub { color: var(--muted); margin: 0 0 12px; }
      .status { display: inline-block; padding: 4px 10px; border-radius: 4px; font-weight: 600; }
      .status.ok { background: var(--good-bg); color: var(--good); }
      .status.bad { background: var(--bad-bg); color: var(--bad); }
      nav { margin: 14px 0 8px; color: var(--muted); }
      nav a { color: var(--bar); text-decoration: none; margin-right: 14px; }
      section { margin: 30px 0; }
      .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px; margin: 16px 0; }
      .card { background: var(--panel); border-radius: 6px; padding: 10px 14px; }
      .card .v { font-size: 20px; font-weight: 600; }
      .card .k { color: var(--muted); font-size: 12px; }
      table { border-collapse: collapse; }
      table.kv td { padding: 3px 18px 3px 0; vertical-align: top; }
      table.kv td:first-child { color: var(--muted); white-space: nowrap; }
      table.grid { width: 100%; }
      table.grid th, table.grid td { text-align: left; padding: 5px 10px; border-bottom: 1px solid var(--line);
             vertical-align: top; }
      table.grid th { background: var(--panel); font-weight: 600; }
      td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
      code, .path { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; word-break: break-all; }
      .hist { display: grid; grid-template-columns: minmax(120px, max-content) minmax(200px, 1fr) max-content
              max-content; gap: 6px 12px; align-items: center; }
      .hist .name { white-space: nowrap; }
      .track { background: var(--panel); height: 18px; border-radius: 3px; overflow: hidden; }
      .fill { background: var(--bar); height: 100%; }
      .muted { color: var(--muted); }
      .vbars { display: flex; align-items: flex-end; gap: 6px; height: 160px; padding: 0 4px;
               border-bottom: 1px solid #9aa5b1; }
      .vbar { flex: 1; height: 100%; display: flex; flex-direction: column; justify-content: flex-end;
              align-items: center; }
      .vbar .fill { width: 100%; border-radius: 3px 3px 0 0; min-height: 1px; }
      .vbar .count { font-size: 12px; color: var(--muted); margin-bottom: 2px; }
      .vlabels { display: flex; gap: 6px; padding: 4px 4px 0; }
      .vlabels span { flex: 1; text-align: center; font-size: 11px; color: var(--muted); }
      /* Two sections side by side when both fit (confusion matrix | predicted classes), one above the other if not. */
      .two { display: flex; flex-wrap: wrap; gap: 8px 48px; align-items: flex-start; margin: 30px 0; }
      .two > section { margin: 0; flex: 1 1 460px; min-width: 0; }
      .two > section#confusion-matrix { flex: 0 1 auto; }
      .two > section#confusion-matrix .sub { width: 0; min-width: 100%; } /* the table sets the width, not the text */
      /* Classes two to a row on a wide page; each class's examples in equal columns, cards of a row equal height. */
      .class-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(520px, 1fr)); gap: 8px 36px; }
      .class-row { margin: 0 0 18px; min-width: 0; }
      .figs { display: grid; grid-template-columns: repeat(auto-fill, minmax(124px, 1fr)); gap: 8px; }
      figure.ex { margin: 0; padding: 6px; border: 1px solid var(--line); border-radius: 6px; min-width: 0; }
      figure.ex.wrong { border-color: var(--bad); box-shadow: inset 0 0 0 1px var(--bad); }
      figure.ex .img { height: 84px; display: flex; align-items: center; justify-content: center;
                       background: var(--panel); border-radius: 4px; margin-bottom: 6px; }
      figure.ex img.pixelated { image-rendering: pixelated; }
      figcaption { font-size: 12px; }
      figcaption .path, ol.topk li span:first-child { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
      figcaption .path { font-size: 11px; }
      .tags { display: flex; flex-wrap: wrap; gap: 2px 4px; margin: 2px 0; }
      .tag { font-size: 11px; padding: 1px 6px; border-radius: 8px; background: var(--panel); color: var(--muted);
             white-space: nowrap; display: inline-block; margin: 1px 0; }
      .tag.bad { background: var(--bad-bg); color: var(--bad); }
      ol.topk { list-style: none; margin: 6px 0 0; padding: 0; }
      ol.topk li { display: grid; grid-template-columns: minmax(0, 1fr) auto; gap: 0 6px; font-size: 12px; }
      ol.topk li .mini { grid-column: 1 / 3; height: 3px; background: var(--panel); margin-bottom: 3px; }
      ol.topk li .mini div { height: 100%; background: var(--bar); }
      ol.topk li.top { font-weight: 600; }
      .cm-wrap { overflow-x: auto; }
      table.cm { border-collapse: separate; border-spacing: 2px; font-variant-numeric: tabular-nums; }
      table.cm td { min-width: 38px; height: 30px; padding: 2px 6px; text-align: center; font-size: 12px;
                    border-radius: 3px; }
      table.cm td.zero { background: var(--panel); }
      table.cm td.dark { color: #fff; font-weight: 600; }
      table.cm td.total { color: var(--muted); text-align: right; }
      table.cm th.row { text-align: right; padding-right: 8px; white-space: nowrap; font-weight: 500; }
      table.cm th.col { vertical-align: bottom; padding: 0 0 6px; font-weight: 500; }
      table.cm th.col span { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap; }
      table.cm th.corner { vertical-align: bottom; text-align: right; color: var(--muted); font-size: 12px;
                           font-weight: 400; padding: 0 8px 6px 0; }
      details pre { background: var(--panel); padding: 12px; overflow: auto; font-size: 12px; }
      footer { color: var(--muted); font-size: 12px; margin-top: 36px; border-top: 1px solid var(--line);
               padding-top: 8px; }
      """;

}
