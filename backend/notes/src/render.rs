//! A note's Markdown as HTML that is safe to put in a page as it is: what the author wrote as
//! HTML is shown as text, links go only to web and mail addresses, and images become their
//! description (a note never makes a reader's browser fetch anything).

use pulldown_cmark::{html, Event, Options, Parser, Tag, TagEnd};

/// Link schemes a note may point to.
const SAFE_SCHEMES: [&str; 3] = ["https://", "http://", "mailto:"];

fn safe_link(url: &str) -> bool {
    let url = url.trim_start().to_ascii_lowercase();
    SAFE_SCHEMES.iter().any(|scheme| url.starts_with(scheme))
}

/// `markdown` as HTML (CommonMark with strikethrough and task lists).
pub fn to_html(markdown: &str) -> String {
    let parser = Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS);
    // Links that are dropped keep their text: their end is dropped with them.
    let mut dropping_link = false;
    let events = parser.filter_map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::Start(Tag::Link { ref dest_url, .. }) if !safe_link(dest_url) => {
            dropping_link = true;
            None
        }
        Event::End(TagEnd::Link) if dropping_link => {
            dropping_link = false;
            None
        }
        Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
        other => Some(other),
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_html() {
        assert_eq!(to_html("Call **Giulia** on *Monday*"), "<p>Call <strong>Giulia</strong> on <em>Monday</em></p>\n");
        assert_eq!(to_html("- one\n- two"), "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n");
        assert_eq!(to_html("[site](https://example.com)"), "<p><a href=\"https://example.com\">site</a></p>\n");
        assert_eq!(to_html("[mail](mailto:a@example.com)"), "<p><a href=\"mailto:a@example.com\">mail</a></p>\n");
    }

    #[test]
    fn html_written_in_a_note_is_shown_as_text() {
        assert_eq!(to_html("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
        assert_eq!(to_html("a <img src=x onerror=alert(1)> b"), "<p>a &lt;img src=x onerror=alert(1)&gt; b</p>\n");
    }

    #[test]
    fn unsafe_links_keep_only_their_text_and_images_their_description() {
        assert_eq!(to_html("[click](javascript:alert(1))"), "<p>click</p>\n");
        assert_eq!(to_html("[x]( JavaScript:alert(1))"), "<p>x</p>\n");
        assert_eq!(to_html("[d](data:text/html,hi) and [ok](https://ok.example)"), "<p>d and <a href=\"https://ok.example\">ok</a></p>\n");
        assert_eq!(to_html("![the logo](https://tracker.example/pixel.gif)"), "<p>the logo</p>\n");
    }
}
