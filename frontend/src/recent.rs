//! Records the person opened lately, newest first, for their home screen. Kept in this
//! browser's storage under the person's id (their colleagues on a shared computer keep their
//! own), and dropped at sign-out, so a shared computer does not show the next person which
//! customers were looked at. The record pages call [`remember`] once their record has loaded.

use serde::{Deserialize, Serialize};

use crate::session::Viewer;

/// How many visits are kept.
const KEPT: usize = 8;
/// Prefix of the storage keys; the person's id follows.
const KEY_PREFIX: &str = "crm.recent.";

/// What kind of record a visit was to (the home screen labels each).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RecordKind {
    Customer,
    Opportunity,
    Lead,
    Order,
    Quote,
}

/// One visit: the record's page and the name it had then.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visit {
    pub kind: RecordKind,
    pub path: String,
    pub label: String,
}

/// Puts `visit` first: a record opened again moves up instead of appearing twice.
fn push(mut visits: Vec<Visit>, visit: Visit) -> Vec<Visit> {
    visits.retain(|kept| kept.path != visit.path);
    visits.insert(0, visit);
    visits.truncate(KEPT);
    visits
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn key(viewer: &Viewer) -> Option<String> {
    (!viewer.id.is_empty()).then(|| format!("{KEY_PREFIX}{}", viewer.id))
}

/// The person's recent visits, newest first (none when the browser keeps no storage).
pub fn visits(viewer: &Viewer) -> Vec<Visit> {
    let stored = key(viewer).and_then(|key| storage()?.get_item(&key).ok().flatten());
    // Unreadable (an older format, edited by hand): start again rather than fail.
    stored.and_then(|json| serde_json::from_str(&json).ok()).unwrap_or_default()
}

/// Notes that the person opened the record at `path`, named `label`.
/// Only the workspace's users have a home that lists them.
pub fn remember(viewer: &Viewer, kind: RecordKind, path: String, label: String) {
    if !viewer.uses_customer_workspace() {
        return;
    }
    let (Some(key), Some(storage)) = (key(viewer), storage()) else {
        return;
    };
    let visits = push(visits(viewer), Visit { kind, path, label });
    if let Ok(json) = serde_json::to_string(&visits) {
        let _ = storage.set_item(&key, &json);
    }
}

/// Forgets every person's visits in this browser (at sign-out).
pub fn forget_all() {
    let Some(storage) = storage() else {
        return;
    };
    let count = storage.length().unwrap_or(0);
    let keys: Vec<String> = (0..count).filter_map(|i| storage.key(i).ok().flatten()).filter(|key| key.starts_with(KEY_PREFIX)).collect();
    for key in keys {
        let _ = storage.remove_item(&key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn visit(n: usize) -> Visit {
        Visit { kind: RecordKind::Customer, path: format!("/customers/{n}"), label: format!("Customer {n}") }
    }

    #[test]
    fn newest_first_without_repeats_and_bounded() {
        let visits = (0..KEPT + 3).fold(Vec::new(), |visits, n| push(visits, visit(n)));
        assert_eq!(visits.len(), KEPT);
        assert_eq!(visits[0], visit(KEPT + 2));
        assert_eq!(visits[KEPT - 1], visit(3));

        let again = push(visits, visit(5));
        assert_eq!(again.len(), KEPT);
        assert_eq!(again[0], visit(5));
        assert_eq!(again.iter().filter(|kept| kept.path == "/customers/5").count(), 1);
    }

    #[test]
    fn a_renamed_record_keeps_one_entry_with_the_new_name() {
        let visits = push(vec![visit(1)], Visit { label: "Renamed".into(), ..visit(1) });
        assert_eq!(visits, vec![Visit { label: "Renamed".into(), ..visit(1) }]);
    }
}
