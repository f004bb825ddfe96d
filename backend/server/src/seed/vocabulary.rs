//! Words the demo generator builds people and companies from: first and last names per
//! language, industries and their local names, legal forms by country, job titles, mail
//! domains and consent notes. Static data: picking from it allocates nothing.

use super::places::Lang;

pub struct Names {
    pub female: &'static [&'static str],
    pub male: &'static [&'static str],
    pub last: &'static [&'static str],
}

pub static NAMES_IT: Names = Names {
    female: &[
        "Giulia",
        "Francesca",
        "Chiara",
        "Sara",
        "Martina",
        "Valentina",
        "Alessandra",
        "Elena",
        "Federica",
        "Silvia",
        "Laura",
        "Paola",
        "Anna",
        "Elisa",
        "Roberta",
        "Simona",
        "Ilaria",
        "Beatrice",
        "Giorgia",
        "Serena",
    ],
    male: &[
        "Marco",
        "Luca",
        "Andrea",
        "Alessandro",
        "Matteo",
        "Francesco",
        "Giuseppe",
        "Davide",
        "Stefano",
        "Roberto",
        "Paolo",
        "Giovanni",
        "Simone",
        "Lorenzo",
        "Riccardo",
        "Fabio",
        "Antonio",
        "Massimo",
        "Federico",
        "Emanuele",
    ],
    last: &[
        "Rossi",
        "Russo",
        "Ferrari",
        "Esposito",
        "Bianchi",
        "Romano",
        "Colombo",
        "Ricci",
        "Marino",
        "Greco",
        "Bruno",
        "Gallo",
        "Conti",
        "De Luca",
        "Mancini",
        "Costa",
        "Giordano",
        "Rizzo",
        "Lombardi",
        "Moretti",
        "Barbieri",
        "Fontana",
        "Santoro",
        "Mariani",
        "Rinaldi",
        "Caruso",
        "Ferrara",
        "Galli",
        "Martini",
        "Leone",
        "Longo",
        "Gentile",
        "Martinelli",
        "Vitale",
        "Lombardo",
        "Serra",
        "Coppola",
        "De Santis",
        "D'Angelo",
        "Marchetti",
        "Parisi",
        "Villa",
        "Conte",
        "Ferraro",
        "Ferri",
        "Fabbri",
        "Bianco",
        "Marini",
        "Grasso",
        "Valentini",
    ],
};

pub static NAMES_DE: Names = Names {
    female: &[
        "Anna",
        "Julia",
        "Laura",
        "Sarah",
        "Katharina",
        "Lena",
        "Sophie",
        "Lisa",
        "Hannah",
        "Johanna",
        "Claudia",
        "Sabine",
        "Petra",
        "Andrea",
        "Stefanie",
        "Nicole",
        "Monika",
        "Birgit",
    ],
    male: &[
        "Thomas",
        "Michael",
        "Andreas",
        "Stefan",
        "Christian",
        "Markus",
        "Alexander",
        "Tobias",
        "Jan",
        "Lukas",
        "Felix",
        "Jonas",
        "Matthias",
        "Florian",
        "Sebastian",
        "Daniel",
        "Martin",
        "Jürgen",
    ],
    last: &[
        "Müller",
        "Schmidt",
        "Schneider",
        "Fischer",
        "Weber",
        "Meyer",
        "Wagner",
        "Becker",
        "Schulz",
        "Hoffmann",
        "Schäfer",
        "Koch",
        "Bauer",
        "Richter",
        "Klein",
        "Wolf",
        "Schröder",
        "Neumann",
        "Schwarz",
        "Zimmermann",
        "Braun",
        "Krüger",
        "Hofmann",
        "Hartmann",
        "Lange",
        "Schmitt",
        "Werner",
        "Krause",
        "Meier",
        "Lehmann",
        "Huber",
        "Gruber",
        "Steiner",
        "Keller",
        "Brunner",
    ],
};

pub static NAMES_FR: Names = Names {
    female: &[
        "Marie", "Camille", "Léa", "Manon", "Chloé", "Emma", "Julie", "Sophie", "Claire", "Nathalie", "Isabelle", "Céline", "Aurélie",
        "Élodie", "Sandrine", "Amélie",
    ],
    male: &[
        "Jean",
        "Pierre",
        "Nicolas",
        "Julien",
        "Thomas",
        "Antoine",
        "Mathieu",
        "Alexandre",
        "Guillaume",
        "François",
        "Laurent",
        "Philippe",
        "Sébastien",
        "Olivier",
        "Hugo",
        "Louis",
    ],
    last: &[
        "Martin",
        "Bernard",
        "Dubois",
        "Thomas",
        "Robert",
        "Richard",
        "Petit",
        "Durand",
        "Leroy",
        "Moreau",
        "Simon",
        "Laurent",
        "Lefebvre",
        "Michel",
        "Garcia",
        "David",
        "Bertrand",
        "Roux",
        "Vincent",
        "Fournier",
        "Morel",
        "Girard",
        "André",
        "Mercier",
        "Dupont",
        "Lambert",
        "Bonnet",
        "Fontaine",
        "Rousseau",
        "Blanc",
        "Chevalier",
        "Dupuis",
    ],
};

pub static NAMES_ES: Names = Names {
    female: &[
        "María", "Lucía", "Carmen", "Ana", "Laura", "Marta", "Sofía", "Paula", "Elena", "Cristina", "Isabel", "Raquel", "Patricia",
        "Beatriz",
    ],
    male: &[
        "Antonio",
        "José",
        "Manuel",
        "David",
        "Javier",
        "Daniel",
        "Carlos",
        "Alejandro",
        "Pablo",
        "Miguel",
        "Sergio",
        "Jorge",
        "Álvaro",
        "Diego",
    ],
    last: &[
        "García",
        "Rodríguez",
        "González",
        "Fernández",
        "López",
        "Martínez",
        "Sánchez",
        "Pérez",
        "Gómez",
        "Martín",
        "Jiménez",
        "Ruiz",
        "Hernández",
        "Díaz",
        "Moreno",
        "Muñoz",
        "Álvarez",
        "Romero",
        "Navarro",
        "Torres",
        "Domínguez",
        "Vázquez",
        "Ramos",
        "Gil",
        "Serrano",
        "Molina",
    ],
};

pub static NAMES_NL: Names = Names {
    female: &["Emma", "Sanne", "Lotte", "Anouk", "Eva", "Femke", "Lisa", "Iris", "Sophie", "Marieke", "Els", "Inge", "Annelies", "Fleur"],
    male: &["Daan", "Sem", "Thijs", "Lars", "Bram", "Ruben", "Jeroen", "Pieter", "Koen", "Wouter", "Bart", "Joris", "Maarten", "Stijn"],
    last: &[
        "De Jong",
        "Jansen",
        "De Vries",
        "Van den Berg",
        "Van Dijk",
        "Bakker",
        "Janssen",
        "Visser",
        "Smit",
        "Meijer",
        "De Boer",
        "Mulder",
        "De Groot",
        "Bos",
        "Vos",
        "Peters",
        "Hendriks",
        "Van Leeuwen",
        "Dekker",
        "Brouwer",
        "Peeters",
        "Maes",
        "Claes",
        "Willems",
        "Wouters",
    ],
};

pub fn names(lang: Lang) -> &'static Names {
    match lang {
        Lang::It => &NAMES_IT,
        Lang::De | Lang::DeCh => &NAMES_DE,
        Lang::Fr => &NAMES_FR,
        Lang::Es => &NAMES_ES,
        Lang::Nl => &NAMES_NL,
    }
}

/// An industry and the word a company of it uses in its name, per language
/// (it, de, fr, es, nl).
pub struct Industry {
    pub name: &'static str,
    pub words: [&'static str; 5],
}

pub static INDUSTRIES: &[Industry] = &[
    Industry { name: "Manufacturing", words: ["Meccanica", "Maschinenbau", "Mécanique", "Mecánica", "Machinebouw"] },
    Industry { name: "Construction", words: ["Costruzioni", "Bau", "Construction", "Construcciones", "Bouw"] },
    Industry { name: "Logistics", words: ["Logistica", "Logistik", "Logistique", "Logística", "Logistiek"] },
    Industry { name: "Wholesale", words: ["Commerciale", "Handel", "Distribution", "Comercial", "Groothandel"] },
    Industry { name: "Food & Beverage", words: ["Alimentari", "Feinkost", "Alimentation", "Alimentación", "Voeding"] },
    Industry { name: "Hospitality", words: ["Hotels", "Hotellerie", "Hôtellerie", "Hostelería", "Horeca"] },
    Industry { name: "Automotive", words: ["Autoricambi", "Autoteile", "Automobile", "Automoción", "Autotechniek"] },
    Industry { name: "Software & IT", words: ["Informatica", "Software", "Informatique", "Informática", "ICT"] },
    Industry { name: "Energy", words: ["Energia", "Energie", "Énergie", "Energía", "Energie"] },
    Industry { name: "Healthcare", words: ["Medicale", "Medizintechnik", "Médical", "Médica", "Medisch"] },
    Industry { name: "Textiles & Fashion", words: ["Tessile", "Textil", "Textile", "Textil", "Textiel"] },
    Industry { name: "Agriculture", words: ["Agricola", "Agrar", "Agricole", "Agrícola", "Agro"] },
    Industry { name: "Professional Services", words: ["Consulenze", "Beratung", "Conseil", "Consultoría", "Advies"] },
    Industry { name: "Furniture", words: ["Arredamenti", "Möbel", "Ameublement", "Muebles", "Meubelen"] },
    Industry { name: "Chemicals", words: ["Chimica", "Chemie", "Chimie", "Química", "Chemie"] },
];

pub fn industry_word(industry: &Industry, lang: Lang) -> &'static str {
    industry.words[match lang {
        Lang::It => 0,
        Lang::De | Lang::DeCh => 1,
        Lang::Fr => 2,
        Lang::Es => 3,
        Lang::Nl => 4,
    }]
}

/// Invented brand words for company names that are not a family name.
pub static BRANDS: &[&str] = &[
    "Alpina", "Nordica", "Futura", "Delta", "Europa", "Nova", "Omega", "Sole", "Aurora", "Vega", "Orion", "Atlas", "Helios", "Zenit",
    "Polaris", "Vertex", "Lumen", "Arca", "Terra", "Fortis",
];

/// Words that set a company apart from a namesake in the same city ("Rossi Costruzioni Group
/// S.r.l."), before its legal form.
pub static BRANCH_WORDS: &[&str] = &["Group", "Holding", "Trading", "International", "Europe", "Service", "Partners", "Tech"];

/// Legal forms by country (and language where a country has several), repeated by frequency.
pub fn legal_forms(country: &str, lang: Lang) -> &'static [&'static str] {
    match (country, lang) {
        ("IT", _) => &["S.r.l.", "S.r.l.", "S.r.l.", "S.r.l.", "S.p.A.", "S.n.c.", "S.a.s."],
        ("DE", _) => &["GmbH", "GmbH", "GmbH", "AG", "GmbH & Co. KG", "e.K."],
        ("AT", _) => &["GmbH", "GmbH", "GmbH", "AG", "KG"],
        ("CH", Lang::Fr) => &["SA", "Sàrl"],
        ("CH", Lang::It) => &["SA", "Sagl"],
        ("CH", _) => &["AG", "GmbH", "GmbH"],
        ("FR", _) => &["SARL", "SAS", "SAS", "SA", "EURL"],
        ("ES", _) => &["S.L.", "S.L.", "S.L.", "S.A."],
        ("NL", _) => &["B.V.", "B.V.", "B.V.", "N.V."],
        ("BE", Lang::Nl) => &["BV", "BV", "NV"],
        ("BE", _) => &["SRL", "SRL", "SA"],
        _ => &["Ltd"],
    }
}

pub fn job_titles(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::It => &[
            "Amministratore Delegato",
            "Direttore Commerciale",
            "Responsabile Acquisti",
            "Responsabile Amministrazione",
            "Direttore Tecnico",
            "Office Manager",
            "Responsabile Logistica",
            "Titolare",
        ],
        Lang::De | Lang::DeCh => &[
            "Geschäftsführung",
            "Leitung Einkauf",
            "Leitung Vertrieb",
            "Buchhaltung",
            "Technische Leitung",
            "Prokura",
            "Assistenz der Geschäftsführung",
        ],
        Lang::Fr => &[
            "Gérant",
            "Direction commerciale",
            "Responsable des achats",
            "Direction administrative et financière",
            "Responsable logistique",
        ],
        Lang::Es => &["Director General", "Responsable de Compras", "Dirección Comercial", "Administración", "Responsable de Logística"],
        Lang::Nl => &["Algemeen directeur", "Inkoopmanager", "Commercieel directeur", "Office manager", "Hoofd logistiek"],
    }
}

/// Mail domains of private people; reserved `.example` names, so no demo address can reach
/// a real mailbox.
pub fn mail_providers(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::It => &["posta.example", "mail.example", "libero-mail.example"],
        Lang::De | Lang::DeCh => &["post.example", "mail.example", "web-mail.example"],
        Lang::Fr => &["courriel.example", "mail.example"],
        Lang::Es => &["correo.example", "mail.example"],
        Lang::Nl => &["post.example", "mail.example"],
    }
}

/// Shared mailboxes a company contact may also be reached at.
pub fn role_mailboxes(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::It => &["info", "ordini", "acquisti", "amministrazione"],
        Lang::De | Lang::DeCh => &["info", "einkauf", "buchhaltung", "office"],
        Lang::Fr => &["contact", "achats", "comptabilite"],
        Lang::Es => &["info", "compras", "administracion"],
        Lang::Nl => &["info", "inkoop", "administratie"],
    }
}

pub static NOTES: &[&str] =
    &["newsletter sign-up form", "trade fair 2025", "customer service call", "signed order form", "checkout opt-in"];
