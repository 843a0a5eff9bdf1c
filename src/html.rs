//! Markup written as text (pure, native-tested). The widgets' details tables are static
//! once a run has ended, so they are written here as HTML and placed by one Leptos view
//! (`view::markup_block`) instead of one Leptos view type each: every `view!` is its own
//! compiled build/rebuild/drop code in the UI bundle, while text costs only the words.
//! The Python panel writes its markup the same way. Every text and attribute value goes
//! through [`escape`], so no data becomes markup.

/// Text made safe to place in HTML, as text or inside a double-quoted attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// Markup under construction.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Markup(String);

impl Markup {
    /// Empty markup.
    pub fn new() -> Self {
        Self::default()
    }

    /// `<tag a="v" …>`, the values escaped.
    pub fn open(&mut self, tag: &str, attrs: &[(&str, &str)]) -> &mut Self {
        self.0.push('<');
        self.0.push_str(tag);
        for (name, value) in attrs {
            self.0.push(' ');
            self.0.push_str(name);
            self.0.push_str("=\"");
            self.0.push_str(&escape(value));
            self.0.push('"');
        }
        self.0.push('>');
        self
    }

    /// `</tag>`.
    pub fn close(&mut self, tag: &str) -> &mut Self {
        self.0.push_str("</");
        self.0.push_str(tag);
        self.0.push('>');
        self
    }

    /// Text, escaped.
    pub fn text(&mut self, text: &str) -> &mut Self {
        self.0.push_str(&escape(text));
        self
    }

    /// `<tag attrs>text</tag>`.
    pub fn element(&mut self, tag: &str, attrs: &[(&str, &str)], text: &str) -> &mut Self {
        self.open(tag, attrs).text(text).close(tag)
    }

    /// A data table as the widgets' tables are: its caption, one `<th scope="col">` per
    /// heading, and a body written by `body` (rows from [`Markup::row`]).
    pub fn table(
        &mut self,
        attrs: &[(&str, &str)],
        caption: &str,
        heads: &[&str],
        body: impl FnOnce(&mut Self),
    ) -> &mut Self {
        let mut all = vec![("class", "results")];
        all.extend_from_slice(attrs);
        self.open("table", &all).element("caption", &[], caption);
        self.open("thead", &[]).open("tr", &[]);
        for head in heads {
            self.element("th", &[("scope", "col")], head);
        }
        self.close("tr").close("thead").open("tbody", &[]);
        body(self);
        self.close("tbody").close("table")
    }

    /// A table row: its first cell a row heading (`<th scope="row">`), the rest data.
    pub fn row(&mut self, attrs: &[(&str, &str)], head: &str, cells: &[&str]) -> &mut Self {
        self.open("tr", attrs)
            .element("th", &[("scope", "row")], head);
        for cell in cells {
            self.element("td", &[], cell);
        }
        self.close("tr")
    }

    /// The markup.
    pub fn finish(self) -> String {
        self.0
    }
}

/// The row attribute a sortable table's rows hold their figure for the column headed
/// `label` in ("per call" -> `data-per-call`): a heading's sort button carries
/// `data-sort="<label>"`, and `view::sort_rows` orders the rows by this attribute.
pub fn sort_attribute(label: &str) -> String {
    format!("data-{}", label.replace(' ', "-"))
}

/// A widget's details block as markup, for `view::markup_block`: `before` and `after` the
/// chart the shell paints, when the block has one (`chart`: the canvas's accessible label).
/// Written by the chart worker from the run's report (`readout::Written`), so it travels
/// as owned text.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Block {
    /// The block's class.
    pub class: String,
    /// Its `data-details` value.
    pub kind: String,
    /// Markup above the chart (all of it, without a chart).
    pub before: String,
    /// The chart's accessible label, when there is a chart.
    pub chart: Option<String>,
    /// Markup below the chart.
    pub after: String,
}

impl Block {
    /// A block with its heading, the chart under it, and a data table under the chart (the
    /// table is the chart's text alternative).
    pub fn charted(kind: &str, heading: &str, chart: &str, table: Markup) -> Self {
        let mut before = Markup::new();
        before.element("h4", &[], heading);
        let mut after = Markup::new();
        after.open("div", &[("class", "table-wrap")]);
        after.0.push_str(&table.0);
        after.close("div");
        Self {
            class: "details".into(),
            kind: kind.into(),
            before: before.finish(),
            chart: Some(chart.into()),
            after: after.finish(),
        }
    }

    /// A block that is only `markup`, which carries its own class and `data-details`.
    pub fn whole(markup: Markup) -> Self {
        Self {
            class: "contents".into(),
            before: markup.finish(),
            ..Self::default()
        }
    }

    /// A block that is one data table.
    pub fn table(kind: &str, table: Markup) -> Self {
        Self {
            class: "table-wrap details".into(),
            kind: kind.into(),
            before: table.finish(),
            ..Self::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attribute_values_cannot_become_markup() {
        assert_eq!(escape(r#"<b a="1">&"#), "&lt;b a=&quot;1&quot;&gt;&amp;");
        let mut m = Markup::new();
        m.element("td", &[("data-x", "\"><script>")], "a < b");
        assert_eq!(
            m.finish(),
            "<td data-x=\"&quot;&gt;&lt;script&gt;\">a &lt; b</td>"
        );
    }

    #[test]
    fn a_table_has_its_caption_headings_and_rows() {
        let mut m = Markup::new();
        m.table(&[("data-t", "1")], "Cap", &["A", "B"], |m| {
            m.row(&[("data-n", "5")], "5", &["x"]);
        });
        assert_eq!(
            m.finish(),
            "<table class=\"results\" data-t=\"1\"><caption>Cap</caption>\
             <thead><tr><th scope=\"col\">A</th><th scope=\"col\">B</th></tr></thead>\
             <tbody><tr data-n=\"5\"><th scope=\"row\">5</th><td>x</td></tr></tbody></table>"
        );
    }
}
