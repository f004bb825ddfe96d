//! Leads: the list (with bulk assignment for managers), a lead's page (qualification,
//! assignment history, conversion into a customer) and the new-lead form. Staff and partner
//! users work them; customer users never reach them (the API answers them FORBIDDEN).

use leptos::prelude::*;

use crate::api::ops::{LeadSource, LeadStatus};
use crate::i18n::{use_i18n, Texts};

pub mod detail;
pub mod form;
pub mod list;

/// `(value, label)` choices of every status, for selects.
pub fn status_options(t: &Texts) -> Vec<(String, String)> {
    LeadStatus::ALL.iter().map(|status| (status.as_api().to_owned(), (t.sales().lead_status_label)(*status).to_owned())).collect()
}

/// `(value, label)` choices of every source, for selects.
pub fn source_options(t: &Texts) -> Vec<(String, String)> {
    LeadSource::ALL.iter().map(|source| (source.as_api().to_owned(), (t.sales().source_label)(*source).to_owned())).collect()
}

/// A lead's status as a badge (`data-status` for styling and tests).
#[component]
pub fn StatusBadge(status: LeadStatus, #[prop(optional)] id: Option<&'static str>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class="badge" id=id data-status=status.as_api()>
            {move || (i18n.t().sales().lead_status_label)(status)}
        </span>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_and_source_is_offered() {
        let statuses = status_options(&crate::i18n::EN);
        assert_eq!(statuses.len(), 4);
        assert_eq!(statuses[2], ("QUALIFIED".to_owned(), "Qualified".to_owned()));
        assert_eq!(source_options(&crate::i18n::IT)[0], ("WEB_FORM".to_owned(), "Modulo web".to_owned()));
    }
}
