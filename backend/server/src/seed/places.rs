//! Places the demo customers live in: real regions, cities and postal-code ranges (weighted
//! so ~70% are Italian), the street names of each language and each country's mobile
//! numbering plan. Static data: picking from it allocates nothing.

/// The language a place's names, streets and companies are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    It,
    De,
    /// Swiss German: German names, streets spelled with "ss".
    DeCh,
    Fr,
    Es,
    Nl,
}

pub struct City {
    /// ISO 3166-1 alpha-2.
    pub country: &'static str,
    pub region: &'static str,
    pub name: &'static str,
    /// Inclusive range the postal code is drawn from.
    pub postal: (u32, u32),
    pub lang: Lang,
    /// Relative share of customers.
    pub weight: u32,
}

const fn city(country: &'static str, region: &'static str, name: &'static str, postal: (u32, u32), lang: Lang, weight: u32) -> City {
    City { country, region, name, postal, lang, weight }
}

/// Italy carries ~70% of the weight, the rest of Europe ~30%.
pub static CITIES: &[City] = &[
    city("IT", "Lombardia", "Milano", (20121, 20162), Lang::It, 260),
    city("IT", "Lombardia", "Bergamo", (24121, 24129), Lang::It, 44),
    city("IT", "Lombardia", "Brescia", (25121, 25136), Lang::It, 44),
    city("IT", "Lombardia", "Monza", (20900, 20900), Lang::It, 24),
    city("IT", "Lombardia", "Varese", (21100, 21100), Lang::It, 16),
    city("IT", "Lazio", "Roma", (118, 199), Lang::It, 200),
    city("IT", "Lazio", "Latina", (4100, 4100), Lang::It, 12),
    city("IT", "Piemonte", "Torino", (10121, 10156), Lang::It, 90),
    city("IT", "Piemonte", "Novara", (28100, 28100), Lang::It, 12),
    city("IT", "Campania", "Napoli", (80121, 80147), Lang::It, 90),
    city("IT", "Campania", "Salerno", (84121, 84135), Lang::It, 20),
    city("IT", "Veneto", "Venezia", (30121, 30176), Lang::It, 36),
    city("IT", "Veneto", "Verona", (37121, 37142), Lang::It, 40),
    city("IT", "Veneto", "Padova", (35121, 35143), Lang::It, 40),
    city("IT", "Veneto", "Vicenza", (36100, 36100), Lang::It, 20),
    city("IT", "Emilia-Romagna", "Bologna", (40121, 40141), Lang::It, 70),
    city("IT", "Emilia-Romagna", "Modena", (41121, 41126), Lang::It, 20),
    city("IT", "Emilia-Romagna", "Parma", (43121, 43126), Lang::It, 20),
    city("IT", "Toscana", "Firenze", (50121, 50145), Lang::It, 60),
    city("IT", "Toscana", "Pisa", (56121, 56128), Lang::It, 12),
    city("IT", "Sicilia", "Palermo", (90121, 90151), Lang::It, 44),
    city("IT", "Sicilia", "Catania", (95121, 95131), Lang::It, 28),
    city("IT", "Puglia", "Bari", (70121, 70132), Lang::It, 40),
    city("IT", "Puglia", "Lecce", (73100, 73100), Lang::It, 12),
    city("IT", "Liguria", "Genova", (16121, 16167), Lang::It, 36),
    city("IT", "Marche", "Ancona", (60121, 60131), Lang::It, 14),
    city("IT", "Umbria", "Perugia", (6121, 6135), Lang::It, 12),
    city("IT", "Abruzzo", "Pescara", (65121, 65129), Lang::It, 12),
    city("IT", "Friuli-Venezia Giulia", "Trieste", (34121, 34151), Lang::It, 12),
    city("IT", "Friuli-Venezia Giulia", "Udine", (33100, 33100), Lang::It, 10),
    city("IT", "Trentino-Alto Adige", "Trento", (38121, 38123), Lang::It, 12),
    city("IT", "Trentino-Alto Adige", "Bolzano", (39100, 39100), Lang::It, 10),
    city("IT", "Sardegna", "Cagliari", (9121, 9134), Lang::It, 16),
    city("IT", "Calabria", "Reggio Calabria", (89121, 89135), Lang::It, 12),
    city("IT", "Basilicata", "Potenza", (85100, 85100), Lang::It, 6),
    city("IT", "Molise", "Campobasso", (86100, 86100), Lang::It, 4),
    city("IT", "Valle d'Aosta", "Aosta", (11100, 11100), Lang::It, 4),
    city("DE", "Bayern", "München", (80331, 81929), Lang::De, 22),
    city("DE", "Berlin", "Berlin", (10115, 14199), Lang::De, 25),
    city("DE", "Hamburg", "Hamburg", (20095, 22769), Lang::De, 15),
    city("DE", "Hessen", "Frankfurt am Main", (60306, 60599), Lang::De, 12),
    city("DE", "Nordrhein-Westfalen", "Köln", (50667, 51149), Lang::De, 12),
    city("DE", "Nordrhein-Westfalen", "Düsseldorf", (40210, 40629), Lang::De, 9),
    city("DE", "Baden-Württemberg", "Stuttgart", (70173, 70629), Lang::De, 12),
    city("DE", "Sachsen", "Leipzig", (4103, 4357), Lang::De, 8),
    city("DE", "Sachsen", "Dresden", (1067, 1328), Lang::De, 7),
    city("FR", "Île-de-France", "Paris", (75001, 75020), Lang::Fr, 35),
    city("FR", "Auvergne-Rhône-Alpes", "Lyon", (69001, 69009), Lang::Fr, 15),
    city("FR", "Provence-Alpes-Côte d'Azur", "Marseille", (13001, 13016), Lang::Fr, 12),
    city("FR", "Provence-Alpes-Côte d'Azur", "Nice", (6000, 6300), Lang::Fr, 6),
    city("FR", "Occitanie", "Toulouse", (31000, 31500), Lang::Fr, 10),
    city("FR", "Nouvelle-Aquitaine", "Bordeaux", (33000, 33800), Lang::Fr, 8),
    city("FR", "Hauts-de-France", "Lille", (59000, 59800), Lang::Fr, 8),
    city("FR", "Grand Est", "Strasbourg", (67000, 67200), Lang::Fr, 6),
    city("ES", "Comunidad de Madrid", "Madrid", (28001, 28055), Lang::Es, 30),
    city("ES", "Cataluña", "Barcelona", (8001, 8042), Lang::Es, 25),
    city("ES", "Comunidad Valenciana", "Valencia", (46001, 46026), Lang::Es, 12),
    city("ES", "Andalucía", "Sevilla", (41001, 41020), Lang::Es, 10),
    city("ES", "País Vasco", "Bilbao", (48001, 48015), Lang::Es, 7),
    city("ES", "Aragón", "Zaragoza", (50001, 50021), Lang::Es, 6),
    city("AT", "Wien", "Wien", (1010, 1230), Lang::De, 30),
    city("AT", "Steiermark", "Graz", (8010, 8055), Lang::De, 8),
    city("AT", "Oberösterreich", "Linz", (4020, 4040), Lang::De, 7),
    city("AT", "Salzburg", "Salzburg", (5020, 5026), Lang::De, 6),
    city("AT", "Tirol", "Innsbruck", (6020, 6020), Lang::De, 6),
    city("CH", "Zürich", "Zürich", (8001, 8057), Lang::DeCh, 20),
    city("CH", "Bern", "Bern", (3001, 3027), Lang::DeCh, 9),
    city("CH", "Basel-Stadt", "Basel", (4001, 4059), Lang::DeCh, 8),
    city("CH", "Genève", "Genève", (1201, 1209), Lang::Fr, 10),
    city("CH", "Vaud", "Lausanne", (1003, 1018), Lang::Fr, 7),
    city("CH", "Ticino", "Lugano", (6900, 6908), Lang::It, 6),
    city("NL", "Noord-Holland", "Amsterdam", (1011, 1109), Lang::Nl, 22),
    city("NL", "Zuid-Holland", "Rotterdam", (3011, 3089), Lang::Nl, 14),
    city("NL", "Zuid-Holland", "Den Haag", (2491, 2597), Lang::Nl, 10),
    city("NL", "Utrecht", "Utrecht", (3511, 3585), Lang::Nl, 8),
    city("NL", "Noord-Brabant", "Eindhoven", (5611, 5658), Lang::Nl, 6),
    city("BE", "Bruxelles-Capitale", "Bruxelles", (1000, 1210), Lang::Fr, 12),
    city("BE", "Antwerpen", "Antwerpen", (2000, 2660), Lang::Nl, 9),
    city("BE", "Oost-Vlaanderen", "Gent", (9000, 9052), Lang::Nl, 6),
    city("BE", "Liège", "Liège", (4000, 4032), Lang::Fr, 5),
];

/// Mobile numbers of a country: calling code and national prefixes, each followed by
/// `free_digits` subscriber digits. All pass `phonenumber`'s validation (tested): German
/// 15x numbers need 8 digits, which 16x/17x allow too.
pub struct MobilePlan {
    pub country: &'static str,
    pub calling_code: &'static str,
    pub prefixes: &'static [&'static str],
    pub free_digits: u32,
}

pub static MOBILE_PLANS: &[MobilePlan] = &[
    MobilePlan {
        country: "IT",
        calling_code: "39",
        prefixes: &["320", "328", "329", "333", "335", "338", "339", "340", "345", "347", "348", "349", "366", "380", "389", "391", "392"],
        free_digits: 7,
    },
    MobilePlan {
        country: "DE",
        calling_code: "49",
        prefixes: &["151", "152", "157", "159", "160", "162", "163", "170", "171", "172", "173", "174", "175", "176", "177", "178", "179"],
        free_digits: 8,
    },
    MobilePlan {
        country: "FR",
        calling_code: "33",
        prefixes: &["60", "61", "62", "64", "65", "66", "67", "68", "75", "76", "77", "78"],
        free_digits: 7,
    },
    MobilePlan {
        country: "ES",
        calling_code: "34",
        prefixes: &["60", "61", "62", "63", "64", "65", "66", "67", "68", "69"],
        free_digits: 7,
    },
    MobilePlan { country: "AT", calling_code: "43", prefixes: &["664", "650", "660", "676", "699", "680"], free_digits: 7 },
    MobilePlan { country: "CH", calling_code: "41", prefixes: &["76", "77", "78", "79"], free_digits: 7 },
    MobilePlan { country: "NL", calling_code: "31", prefixes: &["61", "62", "63", "64", "65", "68"], free_digits: 7 },
    MobilePlan { country: "BE", calling_code: "32", prefixes: &["47", "48", "49"], free_digits: 7 },
];

/// How a language writes "street number": Italian/German/Spanish/Dutch put the number after
/// the street, French before.
pub fn number_first(lang: Lang) -> bool {
    lang == Lang::Fr
}

pub fn streets(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::It => &[
            "Via Roma",
            "Via Giuseppe Garibaldi",
            "Corso Vittorio Emanuele II",
            "Via Dante Alighieri",
            "Via Giuseppe Mazzini",
            "Via Camillo Cavour",
            "Piazza della Repubblica",
            "Via XX Settembre",
            "Via Giacomo Matteotti",
            "Viale Europa",
            "Via Alessandro Manzoni",
            "Via Giuseppe Verdi",
            "Via dei Mille",
            "Corso Italia",
            "Via Nazionale",
            "Via Guglielmo Marconi",
            "Via Leonardo da Vinci",
            "Via Galileo Galilei",
            "Viale dell'Industria",
            "Via dell'Artigianato",
            "Via del Lavoro",
            "Via San Francesco",
            "Via Antonio Gramsci",
            "Via della Libertà",
        ],
        Lang::De => &[
            "Hauptstraße",
            "Bahnhofstraße",
            "Schillerstraße",
            "Goethestraße",
            "Lindenstraße",
            "Gartenstraße",
            "Industriestraße",
            "Friedrichstraße",
            "Bergstraße",
            "Kirchstraße",
            "Am Markt",
            "Mozartstraße",
            "Gewerbepark",
            "Rosenweg",
            "Waldstraße",
            "Poststraße",
        ],
        Lang::DeCh => &[
            "Bahnhofstrasse",
            "Hauptstrasse",
            "Dorfstrasse",
            "Seestrasse",
            "Industriestrasse",
            "Kirchgasse",
            "Marktgasse",
            "Zürcherstrasse",
            "Bernstrasse",
            "Gewerbestrasse",
        ],
        Lang::Fr => &[
            "rue de la République",
            "avenue Jean Jaurès",
            "rue Victor Hugo",
            "boulevard Voltaire",
            "rue Pasteur",
            "rue de la Paix",
            "avenue de la Gare",
            "rue du Commerce",
            "place de la Mairie",
            "rue Nationale",
            "boulevard Gambetta",
            "rue des Écoles",
            "avenue du Général Leclerc",
            "rue de l'Industrie",
        ],
        Lang::Es => &[
            "Calle Mayor",
            "Calle Real",
            "Avenida de la Constitución",
            "Calle San Francisco",
            "Plaza de España",
            "Calle del Sol",
            "Avenida de Andalucía",
            "Calle Nueva",
            "Paseo de la Castellana",
            "Calle de Alcalá",
            "Avenida Diagonal",
            "Calle de la Industria",
        ],
        Lang::Nl => &[
            "Kerkstraat",
            "Schoolstraat",
            "Molenstraat",
            "Dorpsstraat",
            "Stationsweg",
            "Nieuwstraat",
            "Industrieweg",
            "Marktplein",
            "Julianalaan",
            "Beatrixlaan",
            "Hoofdstraat",
            "Kastanjelaan",
        ],
    }
}
