//! The demo customer generator: turns (seed, index) into a realistic customer input — a
//! company or a person, its address, lifecycle, tags, owner, partner, credit limit and
//! contacts with consent — drawn from the tables in `places` and `vocabulary`. Pure: it
//! touches no database, so the same seed gives the same customers.

use super::places::{self, City, Lang, CITIES};
use super::points::{self, PHONE_SLOTS};
use super::vocabulary::{self, Industry, INDUSTRIES};
use async_graphql::ID;
use crm_customers::domain::{Channel, ConsentSource, ConsentStatus, CustomerKind, Lifecycle};
use crm_customers::inputs::{AddressInput, ConsentInput, ContactInput, CreateCustomerInput, EmailInput, MoneyInput, PhoneInput};
use rand::distributions::WeightedIndex;
use rand::prelude::*;
use rand::rngs::StdRng;
use rust_decimal::Decimal;
use std::collections::HashSet;

/// A partner organisation as the generator sees it: its id and the regions or countries its
/// customers are in.
pub struct PartnerRef {
    pub id: ID,
    pub territory: &'static [&'static str],
}

/// Who customers can belong to.
pub struct Refs {
    /// Sales reps; the first one (the demo sales rep) owns the most customers.
    pub reps: Vec<ID>,
    /// The demo partner: gets every 25th customer (4%), so its portal always shows some.
    pub demo_partner: PartnerRef,
    /// Other partner organisations, sharing another ~11%.
    pub partners: Vec<PartnerRef>,
}

/// One generated customer and the extra contacts to add once it exists.
pub struct Generated {
    pub input: CreateCustomerInput,
    pub extra_contacts: Vec<ContactInput>,
}

pub struct Generator {
    rng: StdRng,
    refs: Refs,
    cities: WeightedIndex<u32>,
    /// City choice within each partner's territory: the demo partner's, then the others'.
    territories: Vec<(Vec<usize>, WeightedIndex<u32>)>,
    owners: WeightedIndex<u32>,
    /// Chance that a company gets extra contacts (bounded at large sizes).
    extra_contact_share: f64,
    /// Lower-case names per city so far: the CRM takes a second customer of one name in one
    /// city for a duplicate, so a namesake is renamed (see [`Generator::unique_in_city`]).
    placed: HashSet<(String, &'static str)>,
}

impl Generator {
    pub fn new(seed: u64, refs: Refs, customers: usize, max_extra_contact_companies: usize) -> anyhow::Result<Self> {
        let cities = WeightedIndex::new(CITIES.iter().map(|c| c.weight))?;
        let mut territories = Vec::new();
        for partner in std::iter::once(&refs.demo_partner).chain(&refs.partners) {
            let ids: Vec<usize> = (0..CITIES.len())
                .filter(|&i| partner.territory.iter().any(|t| *t == CITIES[i].country || *t == CITIES[i].region))
                .collect();
            let weights = WeightedIndex::new(ids.iter().map(|&i| CITIES[i].weight))?;
            territories.push((ids, weights));
        }
        anyhow::ensure!(!refs.reps.is_empty(), "no sales reps to own customers");
        // The demo sales rep owns three shares, every colleague one.
        let owners = WeightedIndex::new((0..refs.reps.len()).map(|i| if i == 0 { 3 } else { 1 }))?;
        let companies = (customers as f64 * 0.6).max(1.0);
        let extra_contact_share = (max_extra_contact_companies as f64 / companies).min(0.3);
        let placed = HashSet::from([(PORTAL_CUSTOMER.0.to_lowercase(), PORTAL_CUSTOMER.1)]);
        Ok(Self { rng: StdRng::seed_from_u64(seed), refs, cities, territories, owners, extra_contact_share, placed })
    }

    pub fn customer(&mut self, index: usize) -> Generated {
        let partner = self.partner(index);
        let city = match partner {
            Some(p) => {
                let (ids, weights) = &self.territories[p];
                &CITIES[ids[weights.sample(&mut self.rng)]]
            }
            None => &CITIES[self.cities.sample(&mut self.rng)],
        };
        let partner_id = partner.map(|p| if p == 0 { self.refs.demo_partner.id.clone() } else { self.refs.partners[p - 1].id.clone() });
        let lifecycle = *[Lifecycle::Prospect, Lifecycle::Customer, Lifecycle::Customer, Lifecycle::Former]
            .choose(&mut self.rng)
            .unwrap_or(&Lifecycle::Prospect);
        let owner_id = self.rng.gen_bool(0.92).then(|| self.refs.reps[self.owners.sample(&mut self.rng)].clone());
        let via_partner = partner_id.is_some();
        let mut generated =
            if self.rng.gen_bool(0.6) { self.company(index, city, via_partner) } else { self.person(index, city, via_partner) };
        let input = &mut generated.input;
        input.lifecycle = Some(lifecycle);
        input.owner_id = owner_id;
        input.partner_id = partner_id;
        self.tags(&mut input.tags, input.kind, lifecycle);
        input.address = Some(self.address(city));
        input.name = self.unique_in_city(input.kind, &input.name, city);
        generated
    }

    /// `name`, or for a namesake of an earlier customer in the same city a variant: a person
    /// gets a middle initial ("Mario B. Rossi"), a company a branch word ("Rossi Costruzioni
    /// Servizi S.r.l."), and a number as the last resort. Draws nothing from the random
    /// stream, so every other customer stays as the seed makes it.
    fn unique_in_city(&mut self, kind: CustomerKind, name: &str, city: &City) -> String {
        let (head, tail) = match kind {
            CustomerKind::Person => name.split_once(' ').unwrap_or((name, "")),
            _ => name.rsplit_once(' ').unwrap_or((name, "")),
        };
        let variants = std::iter::once(name.to_owned())
            .chain(match kind {
                CustomerKind::Person => ('A'..='Z').map(|initial| format!("{head} {initial}. {tail}")).collect::<Vec<_>>(),
                _ => vocabulary::BRANCH_WORDS.iter().map(|word| format!("{head} {word} {tail}")).collect(),
            })
            .chain((2..).map(|n| format!("{name} {n}")));
        let mut variants = variants.map(|candidate| candidate.trim().to_owned());
        loop {
            let candidate = variants.next().unwrap_or_else(|| name.to_owned());
            if self.placed.insert((candidate.to_lowercase(), city.name)) {
                return candidate;
            }
        }
    }

    /// 0 = the demo partner, 1.. = the others.
    fn partner(&mut self, index: usize) -> Option<usize> {
        if index % 25 == 3 {
            return Some(0);
        }
        (!self.refs.partners.is_empty() && self.rng.gen_bool(0.115)).then(|| 1 + self.rng.gen_range(0..self.refs.partners.len()))
    }

    fn person(&mut self, index: usize, city: &City, via_partner: bool) -> Generated {
        let (first, last) = self.full_name(city.lang);
        let providers = vocabulary::mail_providers(city.lang);
        let mut emails = vec![email(points::person_email(first, last, index, self.pick(providers)), "home")];
        if self.rng.gen_bool(0.3) {
            emails.push(email(points::person_alt_email(first, last, index, self.pick(providers)), "work"));
        }
        let phones = self.phones(city, index as u64 * PHONE_SLOTS, &["mobile", "home"]);
        let contact = self.contact(first, last, None, emails, phones, via_partner);
        let input = CreateCustomerInput { name: format!("{first} {last}"), primary_contact: Some(contact), ..blank(CustomerKind::Person) };
        Generated { input, extra_contacts: Vec::new() }
    }

    fn company(&mut self, index: usize, city: &City, via_partner: bool) -> Generated {
        let industry = &INDUSTRIES[self.rng.gen_range(0..INDUSTRIES.len())];
        let words = self.company_words(city.lang, industry);
        let legal = self.pick(vocabulary::legal_forms(city.country, city.lang));
        let domain = points::company_domain(&words, index);
        let titles = vocabulary::job_titles(city.lang);
        let (first, last) = self.full_name(city.lang);
        let mut emails = vec![email(points::work_email(first, last, 0, &domain), "work")];
        if self.rng.gen_bool(0.35) {
            emails.push(email(format!("{}@{domain}", self.pick(vocabulary::role_mailboxes(city.lang))), "office"));
        }
        let base = index as u64 * PHONE_SLOTS;
        let phones = self.phones(city, base, &["mobile", "office"]);
        let title = Some(self.pick(titles).to_owned());
        let primary = self.contact(first, last, title, emails, phones, via_partner);
        let mut extra_contacts = Vec::new();
        if self.rng.gen_bool(self.extra_contact_share) {
            let mut taken = vec![(first, last)];
            for slot in 0..self.rng.gen_range(1..=2_u64) {
                let (first, last) = self.full_name(city.lang);
                let same_name = taken.iter().filter(|n| **n == (first, last)).count();
                taken.push((first, last));
                let emails = vec![email(points::work_email(first, last, same_name, &domain), "work")];
                let phones = self.phones(city, base + 2 + 2 * slot, &["mobile", "office"]);
                let title = Some(self.pick(titles).to_owned());
                extra_contacts.push(self.contact(first, last, title, emails, phones, via_partner));
            }
        }
        let credit_limit = self.rng.gen_bool(0.5).then(|| {
            let thousands = self.pick(&[5, 10, 15, 20, 25, 30, 50, 75, 100, 150, 250, 500]);
            MoneyInput {
                amount: Decimal::from(thousands * 1000_i64),
                currency: if city.country == "CH" { "CHF" } else { "EUR" }.to_owned(),
            }
        });
        let input = CreateCustomerInput {
            name: format!("{words} {legal}"),
            industry: Some(industry.name.to_owned()),
            credit_limit,
            primary_contact: Some(primary),
            ..blank(CustomerKind::Company)
        };
        Generated { input, extra_contacts }
    }

    /// The name of a company without its legal form, in the local style: "Rossi Costruzioni",
    /// "Müller & Weber", "Construcciones García", "Nordica Logistik".
    fn company_words(&mut self, lang: Lang, industry: &Industry) -> String {
        let names = vocabulary::names(lang);
        let last = self.pick(names.last);
        let word = vocabulary::industry_word(industry, lang);
        match self.rng.gen_range(0..10) {
            0..=1 => format!("{last} & {}", self.pick(names.last)),
            2..=3 => format!("{} {word}", self.pick(vocabulary::BRANDS)),
            _ if lang == Lang::Es => format!("{word} {last}"),
            _ => format!("{last} {word}"),
        }
    }

    fn full_name(&mut self, lang: Lang) -> (&'static str, &'static str) {
        let names = vocabulary::names(lang);
        let first = if self.rng.gen_bool(0.5) { self.pick(names.female) } else { self.pick(names.male) };
        (first, self.pick(names.last))
    }

    /// One or two mobile numbers from phone slots `base` and `base + 1`.
    fn phones(&mut self, city: &City, base: u64, labels: &[&str; 2]) -> Vec<PhoneInput> {
        let count = if self.rng.gen_bool(0.4) { 2 } else { 1 };
        (0..count)
            .filter_map(|k| {
                // Italians often type their mobile without the country code.
                let national = city.country == "IT" && self.rng.gen_bool(0.3);
                let number = points::mobile(city.country, base + k, national)?;
                Some(PhoneInput { number, label: Some(labels[k as usize].to_owned()) })
            })
            .collect()
    }

    fn contact(
        &mut self,
        first: &str,
        last: &str,
        job_title: Option<String>,
        emails: Vec<EmailInput>,
        phones: Vec<PhoneInput>,
        via_partner: bool,
    ) -> ContactInput {
        let preferred_channel = *[
            Some(Channel::Email),
            Some(Channel::Email),
            Some(Channel::Email),
            Some(Channel::Phone),
            Some(Channel::Phone),
            Some(Channel::Sms),
            Some(Channel::Post),
            None,
        ]
        .choose(&mut self.rng)
        .unwrap_or(&None);
        let consents = Channel::ALL.into_iter().filter_map(|channel| self.consent(channel, via_partner)).collect();
        ContactInput { first_name: first.to_owned(), last_name: last.to_owned(), job_title, emails, phones, preferred_channel, consents }
    }

    /// About a third of the answers are never asked (UNKNOWN, left out of the input).
    fn consent(&mut self, channel: Channel, via_partner: bool) -> Option<ConsentInput> {
        let status = match self.rng.gen_range(0..20) {
            0..=6 => return None,
            7..=15 => ConsentStatus::Granted,
            _ => ConsentStatus::Withdrawn,
        };
        let source = if via_partner && self.rng.gen_bool(0.5) {
            ConsentSource::Partner
        } else {
            self.pick(&[
                ConsentSource::WebForm,
                ConsentSource::WebForm,
                ConsentSource::PhoneCall,
                ConsentSource::Email,
                ConsentSource::PaperForm,
                ConsentSource::InPerson,
                ConsentSource::Import,
            ])
        };
        let note = self.rng.gen_bool(0.15).then(|| self.pick(vocabulary::NOTES).to_owned());
        Some(ConsentInput { channel, status, source, note })
    }

    fn tags(&mut self, tags: &mut Vec<String>, kind: CustomerKind, lifecycle: Lifecycle) {
        let mut add = |tag: &str, p: f64, rng: &mut StdRng| {
            if rng.gen_bool(p) {
                tags.push(tag.to_owned());
            }
        };
        let company = kind == CustomerKind::Company;
        add("newsletter", 0.35, &mut self.rng);
        add("vip", 0.05, &mut self.rng);
        add(if company { "b2b" } else { "retail" }, 0.7, &mut self.rng);
        add("key-account", if company && lifecycle == Lifecycle::Customer { 0.12 } else { 0.0 }, &mut self.rng);
        add("churn-risk", if lifecycle == Lifecycle::Customer { 0.08 } else { 0.0 }, &mut self.rng);
        add("trade-fair", 0.06, &mut self.rng);
        add("referral", 0.04, &mut self.rng);
    }

    fn address(&mut self, city: &City) -> AddressInput {
        let street = self.pick(places::streets(city.lang));
        let number = self.rng.gen_range(1..=180);
        let street = if places::number_first(city.lang) { format!("{number} {street}") } else { format!("{street} {number}") };
        let code = self.rng.gen_range(city.postal.0..=city.postal.1);
        let postal_code = match city.country {
            "NL" => {
                let letters = b"ABCDEGHJKLMNPRSTVWXZ";
                let a = letters[self.rng.gen_range(0..letters.len())] as char;
                let b = letters[self.rng.gen_range(0..letters.len())] as char;
                format!("{code:04} {a}{b}")
            }
            "AT" | "CH" | "BE" => format!("{code:04}"),
            _ => format!("{code:05}"),
        };
        AddressInput {
            street: Some(street),
            postal_code: Some(postal_code),
            city: Some(city.name.to_owned()),
            region: Some(city.region.to_owned()),
            country: Some(city.country.to_owned()),
        }
    }

    fn pick<T: Copy>(&mut self, items: &'static [T]) -> T {
        items[self.rng.gen_range(0..items.len())]
    }
}

fn email(address: String, label: &str) -> EmailInput {
    EmailInput { address, label: Some(label.to_owned()) }
}

fn blank(kind: CustomerKind) -> CreateCustomerInput {
    CreateCustomerInput {
        kind,
        name: String::new(),
        external_id: None,
        lifecycle: None,
        industry: None,
        tags: Vec::new(),
        address: None,
        owner_id: None,
        partner_id: None,
        credit_limit: None,
        primary_contact: None,
        allow_duplicate: false,
    }
}

/// The demo portal customer's name and city, which no generated customer may take.
const PORTAL_CUSTOMER: (&str, &str) = ("Chiara Conti", "Milano");

/// The customer behind the demo portal login: a person in Milan owned by the demo sales rep,
/// every field and every consent answer filled in. It takes the place of customer 0, so it
/// uses that customer's phone slot.
pub fn portal_customer(owner: ID) -> anyhow::Result<CreateCustomerInput> {
    let mobile = points::mobile("IT", 0, false).ok_or_else(|| anyhow::anyhow!("no Italian mobile number"))?;
    let consent = |channel, status, source| ConsentInput { channel, status, source, note: None };
    let contact = ContactInput {
        first_name: "Chiara".into(),
        last_name: "Conti".into(),
        job_title: None,
        emails: vec![email("customer@customer.demo.test".into(), "home"), email("chiara.conti@posta.example".into(), "work")],
        phones: vec![
            PhoneInput { number: mobile, label: Some("mobile".into()) },
            // A landline: generated customers only have mobiles, so it is unique too.
            PhoneInput { number: "+39 02 8728 0001".into(), label: Some("home".into()) },
        ],
        preferred_channel: Some(Channel::Email),
        consents: vec![
            consent(Channel::Email, ConsentStatus::Granted, ConsentSource::WebForm),
            consent(Channel::Phone, ConsentStatus::Granted, ConsentSource::PhoneCall),
            consent(Channel::Sms, ConsentStatus::Withdrawn, ConsentSource::Email),
            consent(Channel::Post, ConsentStatus::Granted, ConsentSource::PaperForm),
        ],
    };
    Ok(CreateCustomerInput {
        name: PORTAL_CUSTOMER.0.into(),
        lifecycle: Some(Lifecycle::Customer),
        tags: vec!["vip".into(), "newsletter".into(), "retail".into()],
        address: Some(AddressInput {
            street: Some("Corso Buenos Aires 45".into()),
            postal_code: Some("20124".into()),
            city: Some(PORTAL_CUSTOMER.1.into()),
            region: Some("Lombardia".into()),
            country: Some("IT".into()),
        }),
        owner_id: Some(owner),
        primary_contact: Some(contact),
        ..blank(CustomerKind::Person)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crm_core::values::{CountryCode, Phone};
    use crm_customers::validate;
    use std::collections::HashSet;

    fn refs() -> Refs {
        let id = |n: u128| ID(uuid::Uuid::from_u128(n).to_string());
        Refs {
            reps: (1..=7).map(id).collect(),
            demo_partner: PartnerRef { id: id(100), territory: &["Lombardia", "Piemonte"] },
            partners: vec![
                PartnerRef { id: id(101), territory: &["DE", "AT", "CH"] },
                PartnerRef { id: id(102), territory: &["FR", "BE"] },
            ],
        }
    }

    fn generate(seed: u64, n: usize) -> Vec<CreateCustomerInput> {
        let Ok(mut generator) = Generator::new(seed, refs(), n, n) else { return Vec::new() };
        let mut out = Vec::with_capacity(n * 2);
        for index in 1..n {
            let generated = generator.customer(index);
            // Extra contacts ride along as contacts of companies of their own, to be checked
            // with the same rules.
            for contact in generated.extra_contacts {
                out.push(CreateCustomerInput { name: "extra".into(), primary_contact: Some(contact), ..generated.input.clone() });
            }
            out.push(generated.input);
        }
        out.extend(portal_customer(ID(uuid::Uuid::from_u128(1).to_string())).ok());
        out
    }

    #[test]
    fn no_two_customers_share_a_name_in_one_city() {
        let Ok(mut generator) = Generator::new(7, refs(), 20_000, 0) else { panic!("generator") };
        let mut places = HashSet::from([("chiara conti".to_owned(), "milano".to_owned())]);
        let mut renamed = 0;
        for index in 1..20_000 {
            let input = generator.customer(index).input;
            let city = input.address.and_then(|a| a.city).unwrap_or_default();
            assert!(places.insert((input.name.to_lowercase(), city.to_lowercase())), "{} in {city} twice", input.name);
            renamed += usize::from(input.name.contains(". ") || has_branch_word(&input.name));
        }
        // At this size namesakes do occur: the renaming is exercised, not just allowed.
        assert!(renamed > 0, "no namesake was renamed");
    }

    fn has_branch_word(name: &str) -> bool {
        vocabulary::BRANCH_WORDS.iter().any(|word| name.split(' ').any(|part| part == *word))
    }

    #[test]
    fn contact_points_are_valid_and_unique() {
        let inputs = generate(42, 2000);
        assert!(inputs.len() > 2000, "extra contacts are generated");
        let mut emails = HashSet::new();
        let mut phones = HashSet::new();
        for input in &inputs {
            let country = input.address.as_ref().and_then(|a| a.country.as_deref()).and_then(|c| CountryCode::parse(c).ok());
            let contact = input.primary_contact.as_ref();
            for phone in contact.map(|c| c.phones.as_slice()).unwrap_or_default() {
                let parsed = Phone::parse(&phone.number, country.as_ref());
                assert!(parsed.is_ok(), "{} in {country:?}: {parsed:?}", phone.number);
                assert!(phones.insert(parsed.map(|p| p.as_str().to_owned()).unwrap_or_default()), "{} repeated", phone.number);
            }
            for email in contact.map(|c| c.emails.as_slice()).unwrap_or_default() {
                assert!(emails.insert(email.address.to_lowercase()), "{} repeated", email.address);
            }
            // Everything else passes the service's validation too.
            let valid = validate::customer(input, chrono::DateTime::UNIX_EPOCH, None);
            assert!(valid.is_ok(), "{}: {valid:?}", input.name);
        }
    }

    #[test]
    fn the_mix_is_realistic_and_the_seed_decides_it() {
        let inputs = generate(7, 2000);
        let names = |inputs: &[CreateCustomerInput]| inputs.iter().map(|c| c.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&inputs), names(&generate(7, 2000)));
        assert_ne!(names(&inputs), names(&generate(8, 2000)));
        let customers: Vec<_> = inputs.iter().filter(|c| c.name != "extra").collect();
        let share = |pred: &dyn Fn(&CreateCustomerInput) -> bool| customers.iter().filter(|c| pred(c)).count() * 100 / customers.len();
        let italy = share(&|c| c.address.as_ref().and_then(|a| a.country.as_deref()) == Some("IT"));
        assert!((60..=80).contains(&italy), "{italy}% in Italy");
        let companies = share(&|c| c.kind == CustomerKind::Company);
        assert!((55..=65).contains(&companies), "{companies}% companies");
        let demo_partner =
            customers.iter().filter(|c| c.partner_id.as_ref().map(|p| p.0.as_str()) == Some(refs().demo_partner.id.0.as_str())).count();
        assert!(demo_partner >= 70, "{demo_partner} customers of the demo partner");
        let partnered = share(&|c| c.partner_id.is_some());
        assert!((12..=18).contains(&partnered), "{partnered}% with a partner");
        let owned = share(&|c| c.owner_id.is_some());
        assert!(owned >= 85, "{owned}% owned");
    }
}
