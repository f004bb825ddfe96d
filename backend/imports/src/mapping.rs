//! From columns to fields: the mapping suggested from a file's header (English and Italian
//! names), and the readers of the values people put in spreadsheets (decimal commas,
//! European dates, country names, `privato`/`azienda`…). Checking the values against the
//! API's rules is the customers crate's business; these only turn text into the types.

use chrono::{NaiveDate, NaiveTime};
use crm_contract::customers::{CustomerKind, Lifecycle};
use crm_contract::imports::ImportField;
use rust_decimal::Decimal;
use std::str::FromStr;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Header names per field, normalised ([`normalise`]). A name appears under one field only.
const SYNONYMS: &[(ImportField, &[&str])] = &[
    (
        ImportField::ExternalId,
        &[
            "external id",
            "id",
            "codice",
            "codice cliente",
            "customer id",
            "customer number",
            "customer no",
            "id cliente",
            "account number",
            "account id",
            "legacy id",
        ],
    ),
    (
        ImportField::Name,
        &[
            "name",
            "company",
            "company name",
            "customer",
            "customer name",
            "account",
            "account name",
            "organisation",
            "organization",
            "ragione sociale",
            "denominazione",
            "nome azienda",
            "nome cliente",
            "azienda",
            "cliente",
            "nominativo",
        ],
    ),
    (ImportField::Kind, &["kind", "type", "customer type", "tipo", "tipologia", "tipo cliente"]),
    (ImportField::Lifecycle, &["lifecycle", "lifecycle stage", "status", "stage", "stato", "fase"]),
    (ImportField::Industry, &["industry", "sector", "settore", "industria", "attivita", "settore merceologico"]),
    (ImportField::Tags, &["tags", "tag", "labels", "label", "etichette", "etichetta"]),
    (ImportField::Street, &["street", "street address", "address", "address line 1", "address 1", "address1", "indirizzo", "via"]),
    (ImportField::PostalCode, &["postal code", "postcode", "post code", "zip", "zip code", "zipcode", "cap", "c a p", "codice postale"]),
    (ImportField::City, &["city", "town", "citta", "comune", "localita"]),
    (ImportField::Region, &["region", "state", "province", "county", "regione", "provincia"]),
    (ImportField::Country, &["country", "country code", "nation", "paese", "nazione"]),
    (
        ImportField::OwnerEmail,
        &["owner", "owner email", "sales rep", "account owner", "account manager", "responsabile", "commerciale", "agente"],
    ),
    (ImportField::CreditLimit, &["credit limit", "fido", "limite di credito", "limite credito", "fido accordato"]),
    (ImportField::Currency, &["currency", "valuta"]),
    (ImportField::FirstName, &["first name", "given name", "firstname", "forename", "nome", "nome contatto"]),
    (ImportField::LastName, &["last name", "surname", "family name", "lastname", "cognome", "cognome contatto"]),
    (
        ImportField::ContactName,
        &[
            "contact",
            "contact name",
            "contact person",
            "full name",
            "referente",
            "contatto",
            "persona di contatto",
            "nome e cognome",
            "nome completo",
            "first and last name",
        ],
    ),
    (ImportField::JobTitle, &["job title", "title", "role", "position", "ruolo", "qualifica", "mansione", "carica"]),
    (
        ImportField::Email,
        &["email", "e mail", "email address", "e mail address", "mail", "posta elettronica", "indirizzo email", "indirizzo e mail"],
    ),
    (
        ImportField::Phone,
        &[
            "phone",
            "telephone",
            "phone number",
            "mobile",
            "mobile phone",
            "cell",
            "cell phone",
            "telefono",
            "numero di telefono",
            "cellulare",
            "tel",
        ],
    ),
];

/// The header of a customers file as this CRM writes one (`GET /exports/customers.csv`): every
/// column but the last two (the record's timestamps) maps back to its field by itself, so an
/// exported file imports back as it is.
pub const CUSTOMER_FILE_HEADER: [&str; 21] = [
    "External id",
    "Name",
    "Kind",
    "Lifecycle",
    "Industry",
    "Tags",
    "Street",
    "Postal code",
    "City",
    "Region",
    "Country",
    "Owner",
    "Credit limit",
    "Currency",
    "First name",
    "Last name",
    "Job title",
    "Email",
    "Phone",
    "Created",
    "Updated",
];

/// Lower case, accents removed, every run of other characters than letters and digits as
/// one space, trimmed: `Città / Località` → `citta localita`, `E-mail` → `e mail`.
fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut gap = false;
    for c in text.nfd().filter(|c| !is_combining_mark(*c)).flat_map(char::to_lowercase) {
        if !c.is_alphanumeric() {
            gap = true;
            continue;
        }
        if gap && !out.is_empty() {
            out.push(' ');
        }
        gap = false;
        out.push(c);
    }
    out
}

/// The field a header most likely names, in English or Italian, or None.
pub fn suggest(header: &str) -> Option<ImportField> {
    let name = normalise(header);
    SYNONYMS.iter().find(|(_, names)| names.contains(&name.as_str())).map(|(field, _)| *field)
}

/// Suggestions for a whole header row: each field at most once (the first column that
/// names it wins; later ones get None).
pub fn suggest_all(headers: &[String]) -> Vec<Option<ImportField>> {
    let mut taken = Vec::new();
    headers
        .iter()
        .map(|header| {
            let field = suggest(header).filter(|field| !taken.contains(field))?;
            taken.push(field);
            Some(field)
        })
        .collect()
}

/// A cell as written before a spreadsheet's apostrophe that keeps a formula as text
/// (`'=SUM(A1)`, as our export and other tools write such cells): without it.
pub fn undefused(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '@', '+', '-', '\t', '\r']) => rest,
        _ => cell,
    }
}

/// A number as spreadsheets write it: `1.234,56`, `1,234.56`, `1234,5`, `1 234,56`,
/// `€ 1.200`, `-5`. A single separator followed by exactly three digits and nothing else,
/// after one to three digits not starting with 0 (`1.200`, `12,500`), is a thousands
/// separator; otherwise the last of `.`/`,` is the decimal separator, and the other may
/// only group the whole part in threes. Currency symbols (€ $ £) and spaces are ignored.
pub fn decimal(text: &str) -> Result<Decimal, String> {
    let refused = || format!("`{}` is not a number", text.trim());
    let cleaned: String = text.chars().filter(|c| !c.is_whitespace() && !matches!(c, '€' | '$' | '£')).collect();
    let (sign, number) = match cleaned.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", cleaned.strip_prefix('+').unwrap_or(&cleaned)),
    };
    if !number.chars().any(|c| c.is_ascii_digit()) || !number.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',') {
        return Err(refused());
    }
    let (whole, fraction) = match number.rfind(['.', ',']) {
        None => (number, ""),
        Some(at) => {
            let (before, after) = (&number[..at], &number[at + 1..]);
            let separator = if number[at..].starts_with('.') { '.' } else { ',' };
            let other = if separator == '.' { ',' } else { '.' };
            // `1.200`, `12,500`: a lone separator between a thousands group and three digits.
            let one_thousands =
                !before.contains(['.', ',']) && (1..=3).contains(&before.len()) && !before.starts_with('0') && after.len() == 3;
            // `1.234.567`: the same separator more than once, and no other.
            let only_thousands = before.contains(separator) && !number.contains(other);
            if one_thousands || only_thousands {
                (number, "")
            } else if before.contains(separator) || after.is_empty() {
                return Err(refused());
            } else {
                (before, after)
            }
        }
    };
    let whole = ungroup(whole).ok_or_else(refused)?;
    let fraction = if fraction.is_empty() { String::new() } else { format!(".{fraction}") };
    let whole = if whole.is_empty() { "0" } else { &whole };
    Decimal::from_str(&format!("{sign}{whole}{fraction}")).map_err(|_| refused())
}

/// The digits of a whole part grouped in threes by `.` or `,` (one kind), or None.
fn ungroup(whole: &str) -> Option<String> {
    let groups: Vec<&str> = whole.split(['.', ',']).collect();
    if groups.len() == 1 {
        return Some(whole.to_owned());
    }
    let one_kind = !(whole.contains('.') && whole.contains(','));
    let first = groups.first().is_some_and(|g| (1..=3).contains(&g.len()));
    (one_kind && first && groups[1..].iter().all(|g| g.len() == 3)).then(|| groups.concat())
}

/// A date: ISO `2024-03-15`, day first `15/03/2024`, `15.03.2024`, `15-03-2024`, or
/// `2024/03/15`; an ISO date-time keeps its date (as written, whatever its offset).
pub fn date(text: &str) -> Result<NaiveDate, String> {
    let text = text.trim();
    let refused = || format!("`{text}` is not a date (like 2024-03-15 or 15/03/2024)");
    // `2024-03-15T10:30:00Z`, `2024-03-15 10:30`: the date, if a time follows.
    let day = match text.split_once(['T', ' ']) {
        Some((day, time)) if time.get(..5).is_some_and(|hm| NaiveTime::parse_from_str(hm, "%H:%M").is_ok()) => day,
        Some(_) => return Err(refused()),
        None => text,
    };
    ["%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%Y/%m/%d"]
        .iter()
        .filter_map(|format| NaiveDate::parse_from_str(day, format).ok())
        // chrono reads `24` as the year 24: only four-digit years are meant.
        .find(|date| (1000..=9999).contains(&chrono::Datelike::year(date)))
        .ok_or_else(refused)
}

/// PERSON or COMPANY, or a word for either in English or Italian.
pub fn kind(text: &str) -> Result<CustomerKind, String> {
    match normalise(text).as_str() {
        "person" | "private" | "individual" | "consumer" | "b2c" | "privato" | "privata" | "persona" | "persona fisica" | "consumatore" => {
            Ok(CustomerKind::Person)
        }
        "company" | "business" | "organisation" | "organization" | "b2b" | "azienda" | "societa" | "impresa" | "ditta"
        | "persona giuridica" => Ok(CustomerKind::Company),
        _ => Err(format!("`{}` is not a kind (person or company)", text.trim())),
    }
}

/// PROSPECT, CUSTOMER or FORMER, or a word for either in English or Italian.
pub fn lifecycle(text: &str) -> Result<Lifecycle, String> {
    match normalise(text).as_str() {
        "prospect" | "lead" | "potential" | "potenziale" => Ok(Lifecycle::Prospect),
        "customer" | "client" | "active" | "cliente" | "attivo" => Ok(Lifecycle::Customer),
        "former" | "lost" | "churned" | "inactive" | "ex cliente" | "perso" | "cessato" | "inattivo" => Ok(Lifecycle::Former),
        _ => Err(format!("`{}` is not a lifecycle (prospect, customer or former)", text.trim())),
    }
}

/// Country names (normalised) in English, Italian and a few native spellings, by ISO code.
const COUNTRIES: &[(&str, &[&str])] = &[
    ("AT", &["austria", "osterreich"]),
    ("BE", &["belgium", "belgio", "belgique", "belgie"]),
    ("BG", &["bulgaria"]),
    ("HR", &["croatia", "croazia", "hrvatska"]),
    ("CY", &["cyprus", "cipro"]),
    ("CZ", &["czechia", "czech republic", "cechia", "repubblica ceca"]),
    ("DK", &["denmark", "danimarca", "danmark"]),
    ("EE", &["estonia"]),
    ("FI", &["finland", "finlandia", "suomi"]),
    ("FR", &["france", "francia"]),
    ("DE", &["germany", "germania", "deutschland"]),
    ("GR", &["greece", "grecia"]),
    ("HU", &["hungary", "ungheria"]),
    ("IE", &["ireland", "irlanda"]),
    ("IT", &["italy", "italia"]),
    ("LV", &["latvia", "lettonia"]),
    ("LT", &["lithuania", "lituania"]),
    ("LU", &["luxembourg", "lussemburgo"]),
    ("MT", &["malta"]),
    ("NL", &["netherlands", "the netherlands", "holland", "paesi bassi", "olanda", "nederland"]),
    ("PL", &["poland", "polonia", "polska"]),
    ("PT", &["portugal", "portogallo"]),
    ("RO", &["romania"]),
    ("SK", &["slovakia", "slovacchia"]),
    ("SI", &["slovenia"]),
    ("ES", &["spain", "spagna", "espana"]),
    ("SE", &["sweden", "svezia", "sverige"]),
    // `UK` is not the ISO code, though everyone writes it.
    ("GB", &["united kingdom", "uk", "great britain", "britain", "england", "regno unito", "gran bretagna", "inghilterra"]),
    ("CH", &["switzerland", "svizzera", "schweiz", "suisse"]),
    ("NO", &["norway", "norvegia", "norge"]),
    ("US", &["united states", "united states of america", "usa", "america", "stati uniti", "stati uniti d america"]),
    ("CA", &["canada"]),
    ("MX", &["mexico", "messico"]),
    ("BR", &["brazil", "brasile", "brasil"]),
    ("AR", &["argentina"]),
    ("CN", &["china", "cina"]),
    ("JP", &["japan", "giappone"]),
    ("IN", &["india"]),
    ("AU", &["australia"]),
    ("TR", &["turkey", "turkiye", "turchia"]),
    ("MA", &["morocco", "marocco"]),
    ("SM", &["san marino", "repubblica di san marino"]),
    ("VA", &["vatican", "vatican city", "holy see", "vaticano", "citta del vaticano", "santa sede"]),
];

/// An ISO alpha-2 code (any case, upper-cased, not checked here: the customers crate does),
/// or a country name in English or Italian.
pub fn country(text: &str) -> Result<String, String> {
    let name = normalise(text);
    if let Some((code, _)) = COUNTRIES.iter().find(|(_, names)| names.contains(&name.as_str())) {
        return Ok((*code).to_owned());
    }
    let code = text.trim();
    if code.len() == 2 && code.chars().all(|c| c.is_ascii_alphabetic()) {
        return Ok(code.to_ascii_uppercase());
    }
    Err(format!("`{}` is not a country (an ISO code like IT, or a name like Italy)", text.trim()))
}

/// Tags split on `,`, `;` or `|`, trimmed, empties dropped.
pub fn tags(text: &str) -> Vec<String> {
    text.split([',', ';', '|']).map(str::trim).filter(|tag| !tag.is_empty()).map(str::to_owned).collect()
}

/// Words that start a surname rather than end a first name (`Mario De Luca`, `Ludwig van
/// der Rohe`), lower case.
const SURNAME_PARTICLES: &[&str] = &[
    "da", "dal", "dalla", "de", "dei", "degli", "del", "della", "delle", "dello", "der", "des", "di", "do", "dos", "du", "la", "le", "lo",
    "van", "von",
];

/// A full name as (first name, last name): split at its last space (`Maria Grazia Rossi` →
/// `Maria Grazia`, `Rossi`), keeping a surname's particles with it (`Mario De Luca` →
/// `Mario`, `De Luca`) while a first name remains. A contact needs both names, so a single
/// word is both (`Cher` → `Cher`, `Cher`) rather than a row refused for a blank first name;
/// blank gives two empty strings (refused as blank downstream).
pub fn split_name(full: &str) -> (String, String) {
    let words: Vec<&str> = full.split_whitespace().collect();
    match words[..] {
        [] => (String::new(), String::new()),
        [only] => (only.to_owned(), only.to_owned()),
        _ => {
            let mut last = words.len() - 1;
            while last > 1 && SURNAME_PARTICLES.contains(&words[last - 1].to_lowercase().as_str()) {
                last -= 1;
            }
            (words[..last].join(" "), words[last..].join(" "))
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn names(headers: &[&str]) -> Vec<String> {
        headers.iter().map(|h| (*h).to_owned()).collect()
    }

    #[test]
    fn every_synonym_is_normalised_and_names_one_field() {
        let mut seen = std::collections::HashSet::new();
        for (field, synonyms) in SYNONYMS {
            for synonym in *synonyms {
                assert_eq!(normalise(synonym), *synonym, "{synonym} is not normalised");
                assert!(seen.insert(*synonym), "{synonym} names two fields");
                assert_eq!(suggest(synonym), Some(*field));
            }
        }
        assert_eq!(SYNONYMS.len(), ImportField::ALL.len(), "every field has names");
    }

    #[test]
    fn an_apostrophe_that_keeps_a_formula_as_text_is_dropped() {
        assert_eq!(undefused("'=SUM(A1)"), "=SUM(A1)");
        assert_eq!(undefused("'+cmd"), "+cmd");
        assert_eq!(undefused("'quoted'"), "'quoted'", "an apostrophe before text stays");
        assert_eq!(undefused("L'Aquila"), "L'Aquila");
    }

    #[test]
    fn our_exports_header_maps_back_field_by_field() {
        let fields = suggest_all(&names(&CUSTOMER_FILE_HEADER));
        assert!(fields[..19].iter().all(Option::is_some), "{fields:?}");
        assert_eq!(&fields[19..], &[None, None], "timestamps are not imported");
    }

    #[test]
    fn english_headers_are_recognised() {
        let headers = names(&[
            "Customer ID",
            "Company Name",
            "Type",
            "Status",
            "Industry",
            "Tags",
            "Address Line 1",
            "ZIP Code",
            "City",
            "State",
            "Country",
            "Sales Rep",
            "Credit Limit",
            "Currency",
            "First Name",
            "Last Name",
            "Job Title",
            "E-mail Address",
            "Phone Number",
            "Notes",
        ]);
        let expected = [
            Some(ImportField::ExternalId),
            Some(ImportField::Name),
            Some(ImportField::Kind),
            Some(ImportField::Lifecycle),
            Some(ImportField::Industry),
            Some(ImportField::Tags),
            Some(ImportField::Street),
            Some(ImportField::PostalCode),
            Some(ImportField::City),
            Some(ImportField::Region),
            Some(ImportField::Country),
            Some(ImportField::OwnerEmail),
            Some(ImportField::CreditLimit),
            Some(ImportField::Currency),
            Some(ImportField::FirstName),
            Some(ImportField::LastName),
            Some(ImportField::JobTitle),
            Some(ImportField::Email),
            Some(ImportField::Phone),
            None,
        ];
        assert_eq!(suggest_all(&headers), expected);
    }

    #[test]
    fn italian_headers_are_recognised_with_or_without_accents() {
        let headers = names(&[
            "Codice Cliente",
            "Ragione Sociale",
            "Tipologia",
            "Stato",
            "Attività",
            "Etichette",
            "Indirizzo",
            "C.A.P.",
            "Città",
            "Provincia",
            "Nazione",
            "Commerciale",
            "Fido",
            "Valuta",
            "Nome",
            "Cognome",
            "Referente",
            "Qualifica",
            "Posta elettronica",
            "Cellulare",
        ]);
        let expected = [
            Some(ImportField::ExternalId),
            Some(ImportField::Name),
            Some(ImportField::Kind),
            Some(ImportField::Lifecycle),
            Some(ImportField::Industry),
            Some(ImportField::Tags),
            Some(ImportField::Street),
            Some(ImportField::PostalCode),
            Some(ImportField::City),
            Some(ImportField::Region),
            Some(ImportField::Country),
            Some(ImportField::OwnerEmail),
            Some(ImportField::CreditLimit),
            Some(ImportField::Currency),
            Some(ImportField::FirstName),
            Some(ImportField::LastName),
            Some(ImportField::ContactName),
            Some(ImportField::JobTitle),
            Some(ImportField::Email),
            Some(ImportField::Phone),
        ];
        assert_eq!(suggest_all(&headers), expected);
        assert_eq!(suggest("  LOCALITA'  "), Some(ImportField::City));
        assert_eq!(suggest("Cliente"), Some(ImportField::Name), "cliente alone is the customer");
        assert_eq!(suggest("nome"), Some(ImportField::FirstName), "nome alone is the first name");
        assert_eq!(suggest("Partita IVA"), None);
        assert_eq!(suggest(""), None);
    }

    #[test]
    fn each_field_is_suggested_once_the_first_column_winning() {
        let headers = names(&["Email", "Name", "Phone", "E-mail", "Cliente", "Mobile", "Notes"]);
        assert_eq!(
            suggest_all(&headers),
            [Some(ImportField::Email), Some(ImportField::Name), Some(ImportField::Phone), None, None, None, None]
        );
    }

    #[test]
    fn decimals_take_either_separator_and_thousands() {
        let cases = [
            ("1.234,56", "1234.56"),
            ("1,234.56", "1234.56"),
            ("1234,5", "1234.5"),
            ("1 234,56", "1234.56"),
            ("1\u{a0}234,56", "1234.56"),
            ("€ 1.200", "1200"),
            ("1.200 €", "1200"),
            ("$1,200", "1200"),
            ("£12,500.50", "12500.50"),
            ("1200", "1200"),
            ("1.234.567", "1234567"),
            ("1,234,567.89", "1234567.89"),
            ("1.234.567,8", "1234567.8"),
            ("0.125", "0.125"),
            ("1234.567", "1234.567"),
            ("12.5", "12.5"),
            ("-3,5", "-3.5"),
            ("+7", "7"),
            (",5", "0.5"),
        ];
        for (text, value) in cases {
            assert_eq!(decimal(text), Ok(Decimal::from_str(value).unwrap()), "{text}");
        }
        for text in ["", "€", "abc", "1,2,3", "12.34.5", "1.234,567.8", "1,23.5", "1.2e3", "1.", "1,2.345,6", "--1", "5 kg", "1_000"] {
            assert_eq!(decimal(text), Err(format!("`{}` is not a number", text.trim())), "{text}");
        }
    }

    #[test]
    fn dates_are_iso_or_day_first() {
        let day = NaiveDate::from_ymd_opt(2024, 3, 15).unwrap();
        for text in ["2024-03-15", "15/03/2024", "15.03.2024", "15-03-2024", "2024/03/15", " 2024-03-15T10:30:00Z ", "2024-03-15 23:59"] {
            assert_eq!(date(text), Ok(day), "{text}");
        }
        assert_eq!(date("5/3/2024"), Ok(NaiveDate::from_ymd_opt(2024, 3, 5).unwrap()));
        for text in ["", "15/03/24", "03/15/2024", "2024-02-30", "yesterday", "2024-03-15 noon", "2024-03-15T", "15 March 2024"] {
            assert!(date(text).is_err(), "{text}");
        }
    }

    #[test]
    fn kinds_and_lifecycles_in_either_language() {
        for text in ["PERSON", "person", "Private", "individual", "consumer", "privato", "Persona fisica", "consumatore"] {
            assert_eq!(kind(text), Ok(CustomerKind::Person), "{text}");
        }
        for text in ["COMPANY", "business", "Organisation", "organization", "azienda", "Società", "impresa", "ditta", "persona giuridica"]
        {
            assert_eq!(kind(text), Ok(CustomerKind::Company), "{text}");
        }
        assert_eq!(kind("robot"), Err("`robot` is not a kind (person or company)".into()));
        for text in ["PROSPECT", "lead", "Potential", "potenziale"] {
            assert_eq!(lifecycle(text), Ok(Lifecycle::Prospect), "{text}");
        }
        for text in ["CUSTOMER", "client", "active", "Cliente", "attivo"] {
            assert_eq!(lifecycle(text), Ok(Lifecycle::Customer), "{text}");
        }
        for text in ["FORMER", "lost", "churned", "inactive", "ex cliente", "Ex-Cliente", "perso", "cessato", "inattivo"] {
            assert_eq!(lifecycle(text), Ok(Lifecycle::Former), "{text}");
        }
        assert_eq!(lifecycle(""), Err("`` is not a lifecycle (prospect, customer or former)".into()));
    }

    #[test]
    fn countries_are_codes_or_names() {
        let cases = [
            ("it", "IT"),
            (" De ", "DE"),
            ("XX", "XX"),
            ("Italia", "IT"),
            ("italy", "IT"),
            ("Città del Vaticano", "VA"),
            ("Stati Uniti d'America", "US"),
            ("USA", "US"),
            ("UK", "GB"),
            ("Regno Unito", "GB"),
            ("Türkiye", "TR"),
            ("Österreich", "AT"),
            ("Paesi Bassi", "NL"),
            ("San Marino", "SM"),
            ("Svizzera", "CH"),
        ];
        for (text, code) in cases {
            assert_eq!(country(text), Ok(code.to_owned()), "{text}");
        }
        for text in ["", "Atlantis", "ITA", "I1"] {
            assert!(country(text).is_err(), "{text}");
        }
    }

    #[test]
    fn every_country_name_is_normalised() {
        for (code, names) in COUNTRIES {
            for name in *names {
                assert_eq!(normalise(name), *name);
                assert_eq!(country(name), Ok((*code).to_owned()));
            }
        }
    }

    #[test]
    fn tags_split_on_any_separator() {
        assert_eq!(tags(" vip, wholesale;north | | ;"), ["vip", "wholesale", "north"]);
        assert_eq!(tags("  "), Vec::<String>::new());
    }

    #[test]
    fn full_names_split_at_the_last_space_keeping_particles() {
        let split = split_name;
        assert_eq!(split("Maria Grazia Rossi"), ("Maria Grazia".into(), "Rossi".into()));
        assert_eq!(split("  Mario   Rossi "), ("Mario".into(), "Rossi".into()));
        assert_eq!(split("Mario De Luca"), ("Mario".into(), "De Luca".into()));
        assert_eq!(split("Ludwig van der Rohe"), ("Ludwig".into(), "van der Rohe".into()));
        assert_eq!(split("La Rosa"), ("La".into(), "Rosa".into()), "a first name remains");
        assert_eq!(split("Cher"), ("Cher".into(), "Cher".into()));
        assert_eq!(split(" "), (String::new(), String::new()));
    }
}
