//! `report.html`: the bench report's markdown as one page, tables and charts together.
//! The markdown is our own (`bench.rs` writes it), so this reads only what that writes:
//! headings, paragraphs, tables, images and inline code.

use std::fmt::Write as _;

/// The page for `markdown`.
pub(crate) fn markdown_page(markdown: &str) -> String {
    let mut html = String::from(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>jwt benchmark report</title>\n<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;line-height:1.4}table{border-collapse:collapse;margin:1em 0;font-size:13px}td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}td:first-child,th:first-child{text-align:left}code{background:#f3f3f3;padding:0 3px}img{max-width:100%}</style>\n</head><body>\n",
    );
    let mut table: Vec<&str> = Vec::new();
    for line in markdown.lines() {
        if line.starts_with('|') {
            table.push(line);
            continue;
        }
        if !table.is_empty() {
            render_table(&mut html, &table);
            table.clear();
        }
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        let level = trimmed.chars().take_while(|c| *c == '#').count();
        if (1..=6).contains(&level) {
            let _ = writeln!(
                html,
                "<h{level}>{}</h{level}>",
                inline(trimmed[level..].trim())
            );
        } else if let Some(image) = image(trimmed) {
            let _ = writeln!(html, "{image}");
        } else {
            let _ = writeln!(html, "<p>{}</p>", inline(trimmed));
        }
    }
    if !table.is_empty() {
        render_table(&mut html, &table);
    }
    html.push_str("</body></html>\n");
    html
}

/// `![alt](file.svg)` as an image.
fn image(line: &str) -> Option<String> {
    let rest = line.strip_prefix("![")?;
    let (alt, rest) = rest.split_once("](")?;
    let src = rest.strip_suffix(')')?;
    Some(format!(
        "<p><img src=\"{}\" alt=\"{}\"></p>",
        escape(src),
        escape(alt)
    ))
}

fn render_table(html: &mut String, rows: &[&str]) {
    html.push_str("<table>\n");
    for (i, row) in rows.iter().enumerate() {
        let cells: Vec<&str> = row.trim().trim_matches('|').split('|').collect();
        if cells
            .iter()
            .all(|c| c.trim().chars().all(|ch| ch == '-' || ch == ':'))
        {
            continue;
        }
        let tag = if i == 0 { "th" } else { "td" };
        html.push_str("<tr>");
        for cell in cells {
            let _ = write!(html, "<{tag}>{}</{tag}>", inline(cell.trim()));
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</table>\n");
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Inline markdown: `code` and **bold**, the rest escaped.
fn inline(text: &str) -> String {
    let mut out = String::new();
    for (i, part) in escape(text).split('`').enumerate() {
        if i % 2 == 1 {
            let _ = write!(out, "<code>{part}</code>");
        } else {
            for (j, piece) in part.split("**").enumerate() {
                if j % 2 == 1 {
                    let _ = write!(out, "<b>{piece}</b>");
                } else {
                    out.push_str(piece);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_what_the_report_writes() {
        let page = markdown_page(
            "# Report\n\nSome `code` and **bold** <b>.\n\n| a | b |\n|---|---|\n| 1 µs | 2 |\n\n![HMAC](hmac.svg)\n",
        );
        assert!(page.contains("<h1>Report</h1>"));
        assert!(page.contains("<code>code</code> and <b>bold</b> &lt;b&gt;."));
        assert!(page.contains("<tr><th>a</th><th>b</th></tr>"));
        assert!(page.contains("<tr><td>1 µs</td><td>2</td></tr>"));
        assert!(!page.contains("---"));
        assert!(page.contains("<img src=\"hmac.svg\" alt=\"HMAC\">"));
    }
}
