//! The bench report's SVG charts: per algorithm family, a panel per operation with the
//! algorithms grouped, a colour per contender (with a legend), a log time axis and
//! criterion's confidence interval as a whisker; the HS256 decode's stages as one stacked
//! bar; and our ratio to each peer on the same primitives, from the interleaved run.

use std::fmt::Write as _;

use serde_json::Value;

use crate::bench::{Intervals, Medians, StageTimes, human, stage_parts, text};

/// One colour per contender, by its place in the report's fixed contender order.
const PALETTE: [&str; 12] = [
    "#1f4e8c", "#2b83ba", "#5ab4d6", "#7a5195", "#9e9ac8", "#bcbddc", "#d95f02", "#e6ab02",
    "#a6761d", "#66a61e", "#e7298a", "#666666",
];

const OPERATIONS: [(&str, &str); 4] = [
    ("sign", "sign (raw signature)"),
    ("verify", "verify (raw signature)"),
    ("encode", "encode (make a token)"),
    ("decode", "decode (verify and validate a token)"),
];

/// One bar: the contender's colour index, its name, its median.
type Bar<'a> = (usize, &'a String, f64);

fn colour(index: usize) -> &'static str {
    PALETTE
        .get(index % PALETTE.len())
        .copied()
        .unwrap_or("#666666")
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A log10 time axis over `[low, high]` nanoseconds, `width` pixels from `left`.
struct LogAxis {
    low: f64,
    high: f64,
    left: f64,
    width: f64,
}

impl LogAxis {
    fn new(values: impl Iterator<Item = f64>, left: f64, width: f64) -> LogAxis {
        let (mut min, mut max) = (f64::MAX, f64::MIN);
        for v in values.filter(|v| *v > 0.0) {
            min = min.min(v);
            max = max.max(v);
        }
        if min > max {
            (min, max) = (1.0, 10.0);
        }
        LogAxis {
            low: 10f64.powf(min.log10().floor()),
            high: 10f64.powf(max.log10().ceil().max(min.log10().floor() + 1.0)),
            left,
            width,
        }
    }

    fn x(&self, ns: f64) -> f64 {
        let t =
            (ns.max(self.low).log10() - self.low.log10()) / (self.high.log10() - self.low.log10());
        self.left + t * self.width
    }

    /// Decade grid lines with labels, from `top` down `height` pixels.
    fn grid(&self, svg: &mut String, top: f64, height: f64) {
        let mut tick = self.low;
        while tick <= self.high * 1.0001 {
            let x = self.x(tick);
            let _ = writeln!(
                svg,
                "<line x1=\"{x:.1}\" y1=\"{top}\" x2=\"{x:.1}\" y2=\"{}\" stroke=\"#ddd\"/><text x=\"{x:.1}\" y=\"{}\" text-anchor=\"middle\" fill=\"#555\">{}</text>",
                top + height,
                top + height + 12.0,
                human(tick)
            );
            tick *= 10.0;
        }
    }
}

/// One family's chart: a panel per operation, the algorithms grouped in each, a bar per
/// contender measured.
pub(crate) fn family_chart(
    family: &str,
    algs: &[&str],
    contenders: &[String],
    medians: &Medians,
    intervals: &Intervals,
) -> String {
    let (label_width, plot_width, bar, gap) = (110.0, 560.0, 9.0, 8.0);
    let key = |alg: &str, op: &str, c: &str| (format!("{alg}-{op}"), c.to_owned());
    let present: Vec<(usize, &String)> = contenders
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            algs.iter().any(|alg| {
                OPERATIONS
                    .iter()
                    .any(|(op, _)| medians.contains_key(&key(alg, op, c)))
            })
        })
        .collect();
    let mut values = Vec::new();
    for alg in algs {
        for (op, _) in OPERATIONS {
            for (_, c) in &present {
                values.extend(medians.get(&key(alg, op, c)).copied());
            }
        }
    }
    let axis = LogAxis::new(values.into_iter(), label_width, plot_width);
    let mut body = String::new();
    let mut y = 40.0 + 14.0 * present.len().div_ceil(3) as f64;
    for (op, title) in OPERATIONS {
        let rows: Vec<(&str, Vec<Bar<'_>>)> = algs
            .iter()
            .map(|alg| {
                let bars = present
                    .iter()
                    .filter_map(|(i, c)| medians.get(&key(alg, op, c)).map(|ns| (*i, *c, *ns)))
                    .collect::<Vec<_>>();
                (*alg, bars)
            })
            .filter(|(_, bars)| !bars.is_empty())
            .collect();
        if rows.is_empty() {
            continue;
        }
        let _ = writeln!(
            body,
            "<text x=\"8\" y=\"{}\" font-size=\"13\" font-weight=\"bold\">{}</text>",
            y + 12.0,
            escape(title)
        );
        y += 20.0;
        let panel_top = y;
        let height: f64 = rows
            .iter()
            .map(|(_, bars)| bars.len() as f64 * bar + gap)
            .sum();
        axis.grid(&mut body, panel_top, height);
        for (alg, bars) in &rows {
            let _ = writeln!(
                body,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{alg}</text>",
                label_width - 6.0,
                y + bars.len() as f64 * bar / 2.0 + 4.0
            );
            for (i, contender, ns) in bars {
                let end = axis.x(*ns);
                let _ = writeln!(
                    body,
                    "<rect x=\"{label_width}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{}\" fill=\"{}\"><title>{alg} {op} {}: {}</title></rect>",
                    (end - label_width).max(1.0),
                    bar - 1.0,
                    colour(*i),
                    escape(contender),
                    human(*ns)
                );
                if let Some((low, high)) = intervals.get(&key(alg, op, contender)) {
                    let mid = y + (bar - 1.0) / 2.0;
                    let _ = writeln!(
                        body,
                        "<line x1=\"{:.1}\" y1=\"{mid:.1}\" x2=\"{:.1}\" y2=\"{mid:.1}\" stroke=\"#000\" stroke-width=\"1\"/>",
                        axis.x(*low),
                        axis.x(*high)
                    );
                }
                y += bar;
            }
            y += gap;
        }
        y += 22.0;
    }
    let width = label_width + plot_width + 40.0;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{y}\" font-family=\"sans-serif\" font-size=\"11\">\n<text x=\"8\" y=\"18\" font-size=\"15\" font-weight=\"bold\">{family}: median time per operation</text><text x=\"{}\" y=\"18\" fill=\"#555\">log scale, shorter is faster; whisker: criterion's 95% interval</text>\n",
        label_width + 230.0
    );
    for (n, (i, contender)) in present.iter().enumerate() {
        let (col, row) = (n % 3, n / 3);
        let x = 8.0 + col as f64 * 230.0;
        let ly = 32.0 + row as f64 * 14.0;
        let _ = writeln!(
            svg,
            "<rect x=\"{x}\" y=\"{}\" width=\"10\" height=\"10\" fill=\"{}\"/><text x=\"{}\" y=\"{ly}\">{}</text>",
            ly - 9.0,
            colour(*i),
            x + 14.0,
            escape(contender)
        );
    }
    svg.push_str(&body);
    svg.push_str("</svg>\n");
    svg
}

/// The HS256 decode's per-stage breakdown as one stacked bar with a legend.
pub(crate) fn stages_chart(stages: &StageTimes) -> Option<String> {
    let (parts, decode) = stage_parts(stages)?;
    let (left, width) = (20.0, 720.0);
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" font-family=\"sans-serif\" font-size=\"11\">\n<text x=\"{left}\" y=\"18\" font-size=\"14\" font-weight=\"bold\">HS256 decode, {}: where the time goes</text>\n",
        width + 2.0 * left,
        70.0 + 16.0 * parts.len() as f64,
        human(decode)
    );
    let mut x = left;
    for (i, (label, ns)) in parts.iter().enumerate() {
        let w = ns / decode * width;
        let _ = writeln!(
            svg,
            "<rect x=\"{x:.1}\" y=\"28\" width=\"{w:.1}\" height=\"24\" fill=\"{}\"><title>{label}: {}</title></rect>",
            colour(i),
            human(*ns)
        );
        x += w;
    }
    for (i, (label, ns)) in parts.iter().enumerate() {
        let y = 66.0 + 16.0 * i as f64;
        let _ = writeln!(
            svg,
            "<rect x=\"{left}\" y=\"{}\" width=\"10\" height=\"10\" fill=\"{}\"/><text x=\"{}\" y=\"{y}\">{}: {} ({:.0}%)</text>",
            y - 9.0,
            colour(i),
            left + 16.0,
            escape(label),
            human(*ns),
            ns / decode * 100.0
        );
    }
    svg.push_str("</svg>\n");
    Some(svg)
}

/// Our ratio to each peer that stands on the same primitive crates, per algorithm and
/// operation, from the interleaved run: a bar from 1× (log scale), right when we are
/// faster, the quartiles as a whisker.
pub(crate) fn summary_chart(lines: &[Value]) -> String {
    let number = |v: &Value, key: &str| v.get(key).and_then(Value::as_f64).unwrap_or(1.0);
    let rows: Vec<&Value> = lines
        .iter()
        .filter(|v| text(v, "kind") == "ratio")
        .filter(|v| v.get("same_primitives").and_then(Value::as_bool) == Some(true))
        .collect();
    let (label_width, half, row) = (300.0, 220.0, 15.0);
    let centre = label_width + half;
    let scale = |ratio: f64| centre + ratio.clamp(0.125, 8.0).log2() / 3.0 * half;
    let height = 60.0 + row * rows.len() as f64;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"11\">\n<text x=\"8\" y=\"18\" font-size=\"14\" font-weight=\"bold\">Peer time / our time, same primitive crates (interleaved; right of 1× we are faster)</text>\n",
        label_width + 2.0 * half + 20.0
    );
    for tick in [0.125, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0] {
        let x = scale(tick);
        let _ = writeln!(
            svg,
            "<line x1=\"{x:.1}\" y1=\"30\" x2=\"{x:.1}\" y2=\"{}\" stroke=\"{}\"/><text x=\"{x:.1}\" y=\"{}\" text-anchor=\"middle\" fill=\"#555\">{tick}×</text>",
            height - 20.0,
            if (tick - 1.0).abs() < f64::EPSILON {
                "#000"
            } else {
                "#ddd"
            },
            height - 8.0
        );
    }
    for (i, v) in rows.iter().enumerate() {
        let y = 32.0 + row * i as f64;
        let ratio = number(v, "median");
        let x = scale(ratio);
        let (start, end) = if x >= centre {
            (centre, x)
        } else {
            (x, centre)
        };
        let fill = if ratio >= 1.0 { "#2b83ba" } else { "#d95f02" };
        let _ = writeln!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{} {} {} vs {}</text><rect x=\"{start:.1}\" y=\"{y}\" width=\"{:.1}\" height=\"{}\" fill=\"{fill}\"><title>{ratio:.2}×</title></rect><line x1=\"{:.1}\" y1=\"{}\" x2=\"{:.1}\" y2=\"{}\" stroke=\"#000\"/>",
            label_width - 6.0,
            y + 10.0,
            escape(text(v, "alg")),
            escape(text(v, "operation")),
            escape(text(v, "ours")),
            escape(text(v, "peer")),
            (end - start).max(1.0),
            row - 3.0,
            scale(number(v, "p25")),
            y + (row - 3.0) / 2.0,
            scale(number(v, "p75")),
            y + (row - 3.0) / 2.0,
        );
    }
    svg.push_str("</svg>\n");
    svg
}
