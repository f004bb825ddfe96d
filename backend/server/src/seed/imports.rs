//! The demo's imports: the sales manager brought the customers of the company's old CRM in
//! three days ago, through the same upload, job and worker as the app's: a check of the
//! file first (its report names a bad email, an unknown owner and a row given twice), then
//! the import itself. The import screens open on both, with their reports.

use super::notes::staff;
use crm_core::context::AppContext;
use crm_identity::domain::StaffRole;
use crm_identity::entity::user;
use crm_imports::entity::import_job;
use crm_imports::local::{self, LocalImport};
use crm_imports::{ImportKind, ImportMatch, ImportStatus};

/// What the old CRM's export looks like: its own ids, Italian headers, semicolons.
fn legacy_export(owner: &str) -> String {
    let mut text = String::from("Codice;Ragione sociale;Città;Provincia;Paese;Referente;E-mail;Telefono;Responsabile;Fido\n");
    let companies = [
        ("Officine Bassi", "Brescia", "BS", "Luca Bassi", "030"),
        ("Ceramiche Fontana", "Sassuolo", "MO", "Elena Fontana", "0536"),
        ("Tessitura Valli", "Biella", "BI", "Marco Valli", "015"),
        ("Cantina Serra", "Alba", "CN", "Giulia Serra", "0173"),
        ("Logistica Porto Sud", "Salerno", "SA", "Andrea Esposito", "089"),
        ("Mobili Riva", "Cantù", "CO", "Sara Riva", "031"),
        ("Oleificio Greco", "Bari", "BA", "Nicola Greco", "080"),
        ("Stampa Colombo", "Monza", "MB", "Paola Colombo", "039"),
        ("Carpenteria Gallo", "Padova", "PD", "Davide Gallo", "049"),
        ("Pasticceria Conti", "Verona", "VR", "Anna Conti", "045"),
        ("Vetreria Marini", "Murano", "VE", "Franco Marini", "041"),
        ("Acciai Lombardi", "Lecco", "LC", "Roberto Lombardi", "0341"),
    ];
    for (i, (name, city, province, contact, area)) in companies.iter().enumerate() {
        let login = contact.split_whitespace().next().unwrap_or("info").to_lowercase();
        let domain = name.to_lowercase().replace(' ', "");
        // Row 4 carries a typing mistake in its address; row 7 an owner who never worked here.
        let email = if i == 3 { format!("{login}.{domain}.example") } else { format!("{login}@{domain}.example") };
        let owner = if i == 6 { "former.rep@demo.test" } else { owner };
        let credit = ["5.000,00", "12.500,00", "", "8.000,00"][i % 4];
        text.push_str(&format!(
            "OLD-{:03};{name} S.r.l.;{city};{province};Italia;{contact};{email};{area} 555 01{i:02};{owner};{credit}\n",
            i + 1
        ));
    }
    // The old CRM listed one company twice.
    text.push_str(&format!(
        "OLD-013;Officine Bassi S.r.l.;Brescia;BS;Italia;Luca Bassi;luca@officinebassi.example;030 555 0100;{owner};\n"
    ));
    text
}

/// Checks, then imports, the old CRM's export as `manager`; returns the import job.
pub async fn seed(ctx: &AppContext, manager: &user::Model) -> anyhow::Result<import_job::Model> {
    let caller = staff(manager, StaffRole::SalesManager);
    let then = super::at(ctx, ctx.clock.now() - chrono::Duration::days(3));
    let file = legacy_export(&manager.email);
    let options = |dry_run| LocalImport {
        kind: ImportKind::Customers,
        mapping: None,
        dry_run,
        on_match: ImportMatch::Update,
        default_country: Some("IT".into()),
        default_currency: Some("EUR".into()),
    };
    local::import(&then, &caller, "export-vecchio-crm.csv", file.as_bytes(), options(true), &|_| {}).await.map_err(super::app)?;
    let job =
        local::import(&then, &caller, "export-vecchio-crm.csv", file.as_bytes(), options(false), &|_| {}).await.map_err(super::app)?;
    anyhow::ensure!(job.status == ImportStatus::Done, "the demo import did not finish: {job:?}");
    Ok(job)
}
