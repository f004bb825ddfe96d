//! Search-as-you-type over customers and contacts by word prefix.
//!
//! Writing a customer or contact stores its tokens in `search_tokens`: lower-cased words of
//! names, email addresses and their domains, and phone numbers as full
//! international digits, national digits and reversed digits (`~…`, so the end of a number
//! can be typed too). A search splits its text into terms; every term must prefix-match a
//! token, and each prefix match is an index range scan, whatever the table size.

use super::entity::{contact, customer, search_token};
use crm_core::db::insert_chunked;
use crm_core::error::AppResult;
use sea_orm::sea_query::{Condition, Expr, Query, SelectStatement, SimpleExpr};
use sea_orm::{ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

/// Longest token stored and longest term searched.
const MAX_TOKEN: usize = 50;
/// Terms beyond this many are ignored.
const MAX_TERMS: usize = 6;
/// Fewest digits that make a text a phone search.
const MIN_PHONE_DIGITS: usize = 4;

fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(|w| w.to_lowercase().chars().take(MAX_TOKEN).collect())
}

/// Tokens of a customer record itself.
pub fn customer_tokens(name: &str) -> Vec<String> {
    dedup(words(name).collect())
}

/// Tokens of a contact: names, emails, phones.
pub fn contact_tokens(contact: &contact::Model) -> Vec<String> {
    let mut tokens: Vec<String> = words(&contact.first_name).chain(words(&contact.last_name)).collect();
    for email in &contact.emails.0 {
        tokens.push(email.address.chars().take(MAX_TOKEN).collect());
        if let Some((_, domain)) = email.address.split_once('@') {
            tokens.push(domain.chars().take(MAX_TOKEN).collect());
        }
    }
    for phone in &contact.phones.0 {
        tokens.extend(phone_tokens(&phone.number));
    }
    dedup(tokens)
}

/// A stored E.164 number as its digits, its national digits and its reversed digits.
fn phone_tokens(e164: &str) -> Vec<String> {
    let digits: String = e164.chars().filter(char::is_ascii_digit).collect();
    let mut tokens = vec![format!("~{}", digits.chars().rev().collect::<String>())];
    if let Ok(number) = phonenumber::parse(None, e164) {
        let code_len = number.code().value().to_string().len();
        if let Some(national) = digits.get(code_len..) {
            tokens.push(national.to_owned());
        }
    }
    tokens.push(digits);
    tokens
}

fn dedup(mut tokens: Vec<String>) -> Vec<String> {
    tokens.sort();
    tokens.dedup();
    tokens
}

/// One search term: it matches a record having a token that starts with any alternative.
#[derive(Debug, PartialEq, Eq)]
pub struct Term(Vec<String>);

/// Splits search text (already trimmed and lower-cased) into terms.
pub fn terms(text: &str) -> Vec<Term> {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let phone_like = text.chars().all(|c| c.is_ascii_digit() || " +-()/.".contains(c));
    if phone_like && digits.len() >= MIN_PHONE_DIGITS {
        let international = digits.strip_prefix("00").unwrap_or(&digits);
        let national = digits.trim_start_matches('0');
        let mut alternatives =
            vec![international.to_owned(), national.to_owned(), format!("~{}", digits.chars().rev().collect::<String>())];
        alternatives.dedup();
        return vec![Term(alternatives)];
    }
    let mut terms = Vec::new();
    for part in text.split_whitespace() {
        // Emails and domains are matched whole (`anna@ex`, `example.it`), names by word.
        if part.contains('@') || (part.contains('.') && part.chars().any(char::is_alphabetic) && !part.ends_with('.')) {
            terms.push(Term(vec![part.chars().take(MAX_TOKEN).collect()]));
        } else {
            terms.extend(words(part).map(|w| Term(vec![w])));
        }
    }
    terms.truncate(MAX_TERMS);
    terms
}

fn prefix_condition(term: &Term) -> Condition {
    let mut any = Condition::any();
    for prefix in &term.0 {
        any = any.add(
            Condition::all()
                .add(search_token::Column::Token.gte(prefix.clone()))
                .add(search_token::Column::Token.lt(format!("{prefix}\u{10FFFF}"))),
        );
    }
    any
}

fn matching(column: search_token::Column, term: &Term) -> SelectStatement {
    Query::select().column(column).from(search_token::Entity).cond_where(prefix_condition(term)).to_owned()
}

/// Prefixes at least this long make PostgreSQL start from the matching tokens (below).
const SELECTIVE_PREFIX: usize = 3;

/// Customers matching every term (by their own or their contacts' tokens).
///
/// PostgreSQL plans `id IN (tokens)` ordered by name with a limit as a walk of the customers
/// in name order that probes the tokens of each, expecting matches to be spread evenly; for
/// a name ("bruno" among 100,000 customers: 4,870 probes for 51 rows) that is 58–288 ms
/// where starting from the 3,574 matching tokens takes 17 ms. `id = ANY(ARRAY(tokens))`
/// makes it start from the tokens. A short prefix matches so many tokens that the walk is
/// cheaper ("b": 13 ms against 58), so only prefixes of `SELECTIVE_PREFIX` characters or more
/// take that shape. SQLite already starts from the tokens.
pub fn customer_condition(terms: &[Term], backend: DbBackend) -> Condition {
    terms.iter().fold(Condition::all(), |all, term| {
        let tokens = matching(search_token::Column::CustomerId, term);
        let selective = term.0.iter().all(|prefix| prefix.chars().count() >= SELECTIVE_PREFIX);
        all.add(if backend == DbBackend::Postgres && selective {
            Expr::cust_with_exprs(
                "$1 = ANY(ARRAY($2))",
                [
                    Expr::col((customer::Entity, customer::Column::Id)).into(),
                    SimpleExpr::SubQuery(None, Box::new(tokens.into_sub_query_statement())),
                ],
            )
        } else {
            customer::Column::Id.in_subquery(tokens)
        })
    })
}

/// Contacts matching every term by their own tokens.
pub fn contact_condition(terms: &[Term]) -> Condition {
    terms
        .iter()
        .fold(Condition::all(), |all, term| all.add(contact::Column::Id.in_subquery(matching(search_token::Column::ContactId, term))))
}

/// Token rows of a new customer's own record.
pub fn customer_token_rows(customer: &customer::Model) -> Vec<search_token::ActiveModel> {
    rows(customer.id, None, customer_tokens(&customer.name))
}

/// Token rows of a new contact.
pub fn contact_token_rows(contact: &contact::Model) -> Vec<search_token::ActiveModel> {
    rows(contact.customer_id, Some(contact.id), contact_tokens(contact))
}

fn rows(customer_id: Uuid, contact_id: Option<Uuid>, tokens: Vec<String>) -> Vec<search_token::ActiveModel> {
    tokens
        .into_iter()
        .map(|token| search_token::ActiveModel { token: Set(token), customer_id: Set(customer_id), contact_id: Set(contact_id) })
        .collect()
}

/// Rewrites the tokens of a customer's own record (not its contacts').
pub async fn index_customer(txn: &impl ConnectionTrait, customer: &customer::Model) -> AppResult<()> {
    search_token::Entity::delete_many()
        .filter(search_token::Column::CustomerId.eq(customer.id))
        .filter(search_token::Column::ContactId.is_null())
        .exec(txn)
        .await?;
    insert_chunked::<search_token::Entity, _>(txn, customer_token_rows(customer)).await?;
    Ok(())
}

/// Rewrites the tokens of a contact.
pub async fn index_contact(txn: &impl ConnectionTrait, contact: &contact::Model) -> AppResult<()> {
    search_token::Entity::delete_many().filter(search_token::Column::ContactId.eq(contact.id)).exec(txn).await?;
    insert_chunked::<search_token::Entity, _>(txn, contact_token_rows(contact)).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(alternatives: &[&str]) -> Term {
        Term(alternatives.iter().map(|s| (*s).to_owned()).collect())
    }

    #[test]
    fn names_become_lowercase_words() {
        assert_eq!(customer_tokens("Müller Maschinenbau GmbH"), ["gmbh", "maschinenbau", "müller"]);
        assert_eq!(customer_tokens("Rossi & Figli S.r.l."), ["figli", "l", "r", "rossi", "s"]);
    }

    #[test]
    fn phones_are_searchable_from_either_end() {
        assert_eq!(phone_tokens("+393471234567"), ["~765432174393", "3471234567", "393471234567"]);
        // Italian landlines keep their leading zero in the national number.
        assert!(phone_tokens("+390212345678").contains(&"0212345678".to_owned()));
    }

    #[test]
    fn search_text_becomes_terms() {
        assert_eq!(terms("mario ros"), [t(&["mario"]), t(&["ros"])]);
        assert_eq!(terms("anna.verdi@exa"), [t(&["anna.verdi@exa"])]);
        assert_eq!(terms("example.it"), [t(&["example.it"])]);
        assert_eq!(terms("rossi-bianchi"), [t(&["rossi"]), t(&["bianchi"])]);
        assert_eq!(terms("347 123"), [t(&["347123", "~321743"])]);
        assert_eq!(terms("0049 30 9018"), [t(&["49309018", "~8109039400"])]);
        assert_eq!(terms("030 9018"), [t(&["0309018", "309018", "~8109030"])]);
        assert!(terms("  ").is_empty());
        assert_eq!(terms("a b c d e f g h").len(), MAX_TERMS);
    }
}
