//! Choices of the owner and partner pickers, loaded once per screen.

use leptos::prelude::*;

use crate::api::call;
use crate::api::ops::{assignment_options, AssignmentOptions};

/// Owners (sales staff) and partner organisations as `(id, name)` pairs.
#[derive(Clone, Copy)]
pub struct Choices {
    pub owners: Signal<Vec<(String, String)>>,
    pub partners: Signal<Vec<(String, String)>>,
}

/// Loads the choices when `wanted` (staff who assign); empty otherwise.
pub fn use_assignment_options(wanted: bool) -> Choices {
    let loaded = LocalResource::new(move || async move {
        if wanted {
            call::<AssignmentOptions>(assignment_options::Variables {}).await.ok()
        } else {
            None
        }
    });
    let data = move || loaded.get().flatten();
    Choices {
        owners: Signal::derive(move || {
            data().map(|data| data.users.nodes.into_iter().map(|user| (user.id, user.display_name)).collect()).unwrap_or_default()
        }),
        partners: Signal::derive(move || {
            data().map(|data| data.partner_organizations.nodes.into_iter().map(|org| (org.id, org.name)).collect()).unwrap_or_default()
        }),
    }
}
