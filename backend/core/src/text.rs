//! How the CRM reads words for full-text search (knowledge articles, tickets): the same
//! analysis for what is indexed and for what is searched, done here rather than in the
//! database so that SQLite and PostgreSQL index the same terms and find the same records;
//! and each engine's query language for those terms (FTS5's, PostgreSQL's `tsquery`).
//!
//! A word is lower-cased, its accents are folded (`Müller` → `muller`, `perché` → `perche`),
//! and it is reduced to its stem by the Snowball stemmer of the article's language
//! (`printing`, `prints` → `print`; `stampanti`, `stampante` → `stampant`). Common words of
//! either language (`the`, `di`) are not indexed and not searched.

use crm_contract::knowledge::ArticleLocale;
use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Longest word kept; longer ones are cut (a pasted hash or URL is not a word to search).
const MAX_WORD: usize = 40;
/// Words of a search beyond this many are ignored.
pub const MAX_TERMS: usize = 8;

/// Words too common to tell articles apart, in English and Italian, already folded.
const STOP_WORDS: &[&str] = &[
    "a", "about", "an", "and", "are", "as", "at", "be", "by", "can", "do", "does", "for", "from", "how", "i", "if", "in", "is", "it", "my",
    "of", "on", "or", "the", "this", "to", "what", "when", "why", "with", "you", "your", "al", "alla", "alle", "anche", "che", "ci",
    "come", "con", "da", "dal", "dalla", "del", "della", "delle", "dei", "degli", "di", "e", "gli", "ha", "il", "in", "la", "le", "lo",
    "ma", "mi", "nel", "nella", "non", "o", "per", "perche", "se", "si", "sono", "su", "sul", "sulla", "un", "una", "uno",
];

fn stemmer(locale: ArticleLocale) -> Stemmer {
    Stemmer::create(match locale {
        ArticleLocale::En => Algorithm::English,
        ArticleLocale::It => Algorithm::Italian,
    })
}

/// `word` lower-cased with its accents removed.
pub fn fold(word: &str) -> String {
    word.nfd().filter(|c| !is_combining_mark(*c)).flat_map(char::to_lowercase).collect()
}

/// The words of `text`, folded, in order (stop words included: a snippet shows them).
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(|w| fold(w).chars().take(MAX_WORD).collect())
}

fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.contains(&word)
}

/// The language of a two-letter code (`en`, `it`) among those the analysis knows; English for
/// any other.
pub fn language(code: Option<&str>) -> ArticleLocale {
    code.and_then(|code| ArticleLocale::from_api(&code.to_uppercase())).unwrap_or(ArticleLocale::En)
}

/// The stem of a folded word in `locale`.
pub fn stem(word: &str, locale: ArticleLocale) -> String {
    stemmer(locale).stem(word).into_owned()
}

/// The terms an article's text is indexed under: its words' stems, in order, separated by
/// spaces (what both databases' full-text indexes split again on spaces).
pub fn index_text(text: &str, locale: ArticleLocale) -> String {
    let stemmer = stemmer(locale);
    let mut out = String::with_capacity(text.len());
    for word in words(text).filter(|w| !is_stop_word(w)) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&stemmer.stem(&word));
    }
    out
}

/// One term of a search: an article matches it when it holds any of the alternatives (the
/// word's stem in each language searched), or a term starting with one when `prefix`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub alternatives: Vec<String>,
    pub prefix: bool,
}

impl Term {
    /// Whether an indexed stem matches this term.
    pub fn matches(&self, stem: &str) -> bool {
        self.alternatives.iter().any(|alt| if self.prefix { stem.starts_with(alt.as_str()) } else { stem == alt })
    }
}

/// The terms of a search `text` in `locales`. When `as_typed`, the last word is being typed:
/// it also matches as a prefix, of its stem and of the word itself (`stampan` finds
/// `stampante`, whose stem is `stampant`).
pub fn query_terms(text: &str, locales: &[ArticleLocale], as_typed: bool) -> Vec<Term> {
    let typing_last = as_typed && !text.ends_with(char::is_whitespace);
    let mut all: Vec<String> = words(text).filter(|w| !is_stop_word(w)).collect();
    all.dedup();
    let count = all.len().min(MAX_TERMS);
    all.truncate(count);
    all.iter()
        .enumerate()
        .map(|(i, word)| {
            let prefix = typing_last && i + 1 == count;
            let mut alternatives: Vec<String> = locales.iter().map(|locale| stem(word, *locale)).collect();
            if prefix {
                alternatives.push(word.clone());
                // A stem that is a prefix of another alternative makes it redundant.
                alternatives.sort_by_key(String::len);
                let mut kept: Vec<String> = Vec::new();
                for alt in alternatives {
                    if !kept.iter().any(|k| alt.starts_with(k.as_str())) {
                        kept.push(alt);
                    }
                }
                alternatives = kept;
            }
            alternatives.sort();
            alternatives.dedup();
            Term { alternatives, prefix }
        })
        .collect()
}

/// How a search's terms combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Combine {
    /// Every term must match (a search).
    All,
    /// Any term may match, the more the better (suggestions from a sentence being typed).
    Any,
}

/// FTS5's query language: `("a" OR "b"*) AND ("c")`.
pub fn fts5_query(terms: &[Term], combine: Combine) -> String {
    let joined = terms
        .iter()
        .map(|term| {
            let star = if term.prefix { "*" } else { "" };
            let alts: Vec<String> = term.alternatives.iter().map(|alt| format!("\"{alt}\"{star}")).collect();
            format!("({})", alts.join(" OR "))
        })
        .collect::<Vec<_>>();
    joined.join(if combine == Combine::All { " AND " } else { " OR " })
}

/// PostgreSQL's `tsquery`: `('a' | 'b':*) & ('c')`.
pub fn tsquery(terms: &[Term], combine: Combine) -> String {
    let joined = terms
        .iter()
        .map(|term| {
            let star = if term.prefix { ":*" } else { "" };
            let alts: Vec<String> = term.alternatives.iter().map(|alt| format!("'{alt}'{star}")).collect();
            format!("({})", alts.join(" | "))
        })
        .collect::<Vec<_>>();
    joined.join(if combine == Combine::All { " & " } else { " | " })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ArticleLocale::{En, It};

    #[test]
    fn accents_fold_and_case_lowers() {
        assert_eq!(fold("Müller"), "muller");
        assert_eq!(fold("PERCHÉ"), "perche");
        assert_eq!(fold("città"), "citta");
        assert_eq!(words("Herr Müller's invoice, n° 42").collect::<Vec<_>>(), ["herr", "muller", "s", "invoice", "n", "42"]);
    }

    #[test]
    fn words_index_under_their_stems_without_common_words() {
        assert_eq!(index_text("The printer prints faded pages", En), "printer print fade page");
        assert_eq!(index_text("La stampante stampa righe sbiadite", It), "stampant stamp righ sbiad");
    }

    #[test]
    fn a_search_stems_each_word_in_every_language_asked() {
        let terms = query_terms("Printing problems", &[En], false);
        assert_eq!(
            terms,
            [Term { alternatives: vec!["print".into()], prefix: false }, Term { alternatives: vec!["problem".into()], prefix: false }]
        );
        let both = query_terms("stampanti", &[En, It], false);
        assert!(both[0].alternatives.contains(&"stampant".to_owned()), "{both:?}");
        assert!(both[0].matches(&stem("stampante", It)));
        assert!(query_terms("the of di", &[En, It], false).is_empty());
    }

    #[test]
    fn the_word_being_typed_matches_as_a_prefix() {
        let terms = query_terms("stampan", &[It], true);
        assert_eq!(terms.len(), 1);
        assert!(terms[0].prefix);
        assert!(terms[0].matches(&stem("stampante", It)));
        assert!(terms[0].matches(&stem("stampanti", It)));
        // A finished word (followed by a space) matches whole.
        assert!(!query_terms("stampan ", &[It], true)[0].prefix);
        assert!(!query_terms("stampan", &[It], false)[0].prefix);
    }

    #[test]
    fn queries_in_each_engines_language() {
        let terms = [
            Term { alternatives: vec!["print".into()], prefix: false },
            Term { alternatives: vec!["stampan".into(), "stampant".into()], prefix: true },
        ];
        assert_eq!(fts5_query(&terms, Combine::All), "(\"print\") AND (\"stampan\"* OR \"stampant\"*)");
        assert_eq!(tsquery(&terms, Combine::All), "('print') & ('stampan':* | 'stampant':*)");
        assert_eq!(tsquery(&terms, Combine::Any), "('print') | ('stampan':* | 'stampant':*)");
    }

    #[test]
    fn a_ticket_s_language_code_chooses_its_stemmer() {
        assert_eq!(language(Some("it")), It);
        assert_eq!(language(Some("de")), En);
        assert_eq!(language(None), En);
    }

    #[test]
    fn long_searches_keep_their_first_words() {
        let text = "one two three four five six seven eight nine ten";
        assert_eq!(query_terms(text, &[En], false).len(), MAX_TERMS);
    }
}
