//! The knowledge base's screens: search and the article list, an article's page (the reader's
//! view with its vote and offer; the desk's versions, comments and figures), and the editor.

pub mod article;
pub mod editor;
pub mod home;

use crate::api::ops::{PrincipalKind, StaffRole};
use crate::session::Viewer;

/// Whether the viewer works on the knowledge base (the server decides the same way): the
/// service desk.
pub fn is_desk(viewer: &Viewer) -> bool {
    viewer.kind == PrincipalKind::Staff
        && matches!(viewer.role, Some(StaffRole::Admin | StaffRole::ServiceManager | StaffRole::ServiceAgent))
}
