//! The passage of an article a search result shows: the stretch of its text holding the most
//! searched words, with those words marked.

use crate::analysis::{fold, stem, Term};
use crate::domain::ArticleLocale;
use pulldown_cmark::{Event, Parser, TagEnd};

/// Words a snippet shows.
const WINDOW: usize = 28;

/// The readable text of a Markdown body as readers see it: its words without markup, blocks
/// separated by a space (HTML written in it is shown as text, so it is text here too).
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new(markdown) {
        match event {
            Event::Text(text) | Event::Code(text) | Event::Html(text) | Event::InlineHtml(text) => out.push_str(&text),
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => out.push(' '),
            _ => {}
        }
    }
    out
}

/// A word of the text: where it is, and whether a search term matches it.
struct Word {
    start: usize,
    end: usize,
    hit: bool,
}

fn escape(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// Up to [`WINDOW`] words of `text` around the most matches of `terms`, HTML-escaped, each
/// matching word in `<mark>…</mark>`, with `…` where text was cut.
pub fn snippet(text: &str, terms: &[Term], locale: ArticleLocale) -> String {
    let mut words = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                let stemmed = stem(&fold(&text[s..i]), locale);
                words.push(Word { start: s, end: i, hit: terms.iter().any(|t| t.matches(&stemmed)) });
                start = None;
            }
            _ => {}
        }
    }
    if words.is_empty() {
        return String::new();
    }
    // The window with the most hits; the first such window.
    let width = WINDOW.min(words.len());
    let mut hits: usize = words[..width].iter().filter(|w| w.hit).count();
    let (mut best, mut best_hits) = (0, hits);
    for first in 1..=words.len() - width {
        hits = hits + usize::from(words[first + width - 1].hit) - usize::from(words[first - 1].hit);
        if hits > best_hits {
            (best, best_hits) = (first, hits);
        }
    }
    let shown = &words[best..best + width];
    let mut out = String::new();
    if best > 0 {
        out.push_str("… ");
    }
    let mut at = shown[0].start;
    for word in shown {
        escape(&text[at..word.start], &mut out);
        if word.hit {
            out.push_str("<mark>");
            escape(&text[word.start..word.end], &mut out);
            out.push_str("</mark>");
        } else {
            escape(&text[word.start..word.end], &mut out);
        }
        at = word.end;
    }
    if best + width < words.len() {
        out.push_str(" …");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::query_terms;

    #[test]
    fn markdown_becomes_its_words() {
        assert_eq!(plain_text("# Faded pages\n\nClean the **drum**, then `reset`.").trim(), "Faded pages Clean the drum, then reset.");
    }

    #[test]
    fn the_snippet_marks_matching_words_in_any_form_and_escapes_the_rest() {
        let terms = query_terms("printing muller", &[ArticleLocale::En], false);
        let text = "Mr Müller's printer <b>prints</b> faded pages.";
        assert_eq!(
            snippet(text, &terms, ArticleLocale::En),
            "Mr <mark>Müller</mark>&#39;s printer &lt;b&gt;<mark>prints</mark>&lt;/b&gt; faded pages"
        );
    }

    #[test]
    fn a_long_text_shows_the_stretch_with_the_most_matches() {
        let filler = "lorem ipsum dolor sit amet ".repeat(20);
        let text = format!("{filler}the toner cartridge is empty, replace the toner {filler}");
        let shown = snippet(&text, &query_terms("toner", &[ArticleLocale::En], false), ArticleLocale::En);
        assert!(shown.starts_with("… ") && shown.ends_with(" …"), "{shown}");
        assert_eq!(shown.matches("<mark>toner</mark>").count(), 2, "{shown}");
    }

    #[test]
    fn without_a_match_the_snippet_is_the_beginning() {
        let shown = snippet("Short answer here.", &query_terms("nothing", &[ArticleLocale::En], false), ArticleLocale::En);
        assert_eq!(shown, "Short answer here");
    }
}
