//! Saved views of the app's lists: a list's filters, search and sort under a name, the
//! caller's own and those its colleagues share.

use crate::payload;
use crate::{app, caller};
use async_graphql::{Context, Object, Result, SimpleObject, ID};
use chrono::{DateTime, Utc};
use crm_core::visible::Visible;
use crm_customers::inputs::VersionedId;
use crm_identity::domain::ViewList;
use crm_identity::entity::saved_view;
use crm_identity::inputs::{SaveViewInput, UpdateSavedViewInput};
use crm_identity::saved_views::{self, ViewKeeper};

/// A list's filters, search and sort under a name.
#[derive(Clone)]
pub struct SavedView(Visible<saved_view::Model>);

/// A list's filters, search and sort under a name.
#[Object]
impl SavedView {
    /// Unique id (UUIDv7).
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The list it belongs to.
    async fn list(&self) -> ViewList {
        self.0.list
    }
    /// Its name.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// The list's URL query string, without paging and without `?` (`owner=…&sort=NAME`).
    async fn query(&self) -> &str {
        &self.0.query
    }
    /// Whether colleagues see it too.
    async fn shared(&self) -> bool {
        self.0.shared
    }
    /// Whether the caller saved it.
    async fn mine(&self, ctx: &Context<'_>) -> Result<bool> {
        Ok(ViewKeeper::of(&caller(ctx)?.principal)?.owns(&self.0))
    }
    /// Whether the caller may rename, change or delete it: its owner, or an admin for a view
    /// shared with all staff.
    async fn viewer_can_edit(&self, ctx: &Context<'_>) -> Result<bool> {
        Ok(ViewKeeper::of(&caller(ctx)?.principal)?.may_edit(&self.0))
    }
    /// When it was saved.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// Increases with every change; send it back with updates.
    async fn version(&self) -> i32 {
        self.0.version
    }
}

payload!(SavedViewPayload, saved_view, SavedView, "Result of a saved view mutation.");

/// Result of deleteSavedView.
#[derive(SimpleObject)]
pub struct DeleteSavedViewPayload {
    /// The id of the view deleted.
    pub deleted_id: ID,
}

#[derive(Default)]
pub struct SavedViewQuery;

#[Object]
impl SavedViewQuery {
    /// The caller's saved views of a list and those its colleagues share (staff: all staff;
    /// partner users: their organisation's users), by name: at most 50 of its own and 100
    /// shared. Staff and partner users; FORBIDDEN for customer users and API keys.
    async fn saved_views(&self, ctx: &Context<'_>, list: ViewList) -> Result<Vec<SavedView>> {
        let views = saved_views::list(app(ctx)?, caller(ctx)?, list).await?;
        Ok(views.into_iter().map(SavedView).collect())
    }
}

#[derive(Default)]
pub struct SavedViewMutation;

#[Object]
impl SavedViewMutation {
    /// Saves a list's filters, search and sort under a name (one name per person and list: a
    /// second is a CONFLICT; at most 50 views per person and list). Staff and partner users.
    async fn save_view(&self, ctx: &Context<'_>, input: SaveViewInput) -> Result<SavedViewPayload> {
        Ok(SavedViewPayload { saved_view: SavedView(saved_views::save(app(ctx)?, caller(ctx)?, input).await?) })
    }

    /// Renames a saved view, replaces its query or shares it (its owner; an admin for a view
    /// shared with all staff).
    async fn update_saved_view(&self, ctx: &Context<'_>, input: UpdateSavedViewInput) -> Result<SavedViewPayload> {
        Ok(SavedViewPayload { saved_view: SavedView(saved_views::update(app(ctx)?, caller(ctx)?, input).await?) })
    }

    /// Deletes a saved view (its owner; an admin for a view shared with all staff).
    async fn delete_saved_view(&self, ctx: &Context<'_>, input: VersionedId) -> Result<DeleteSavedViewPayload> {
        let deleted = saved_views::delete(app(ctx)?, caller(ctx)?, &input.id, input.version).await?;
        Ok(DeleteSavedViewPayload { deleted_id: ID(deleted.to_string()) })
    }
}
