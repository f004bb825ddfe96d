//! Per-request state handed to resolvers: the caller and its DataLoaders. Loaders are made
//! per request, so no cached row ever crosses from one caller to another, and on first use,
//! from a map keyed by the loader's type: a domain adds a loader by implementing
//! [`RequestLoader`] next to the fields that use it, and a request pays only for the loaders
//! its query reaches.

use async_graphql::dataloader::DataLoader;
use async_graphql::Context;
use crm_core::context::AppContext;
use crm_core::error::{AppError, AppResult};
use crm_core::principal::{Caller, Principal};
use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

/// A DataLoader made for one request from the app and the caller. A loader of records takes
/// the caller's scope for them here (none when the caller has no access: it then loads
/// nothing, and the fields it serves are null, as for a record outside the scope).
pub trait RequestLoader: Send + Sync + Sized + 'static {
    fn new(app: &AppContext, caller: Option<&Principal>) -> Self;
}

pub struct RequestState {
    pub caller: Option<Caller>,
    app: AppContext,
    loaders: Mutex<HashMap<TypeId, Arc<dyn Any + Send + Sync>>>,
}

impl RequestState {
    pub fn new(app: &AppContext, caller: Option<Caller>) -> Self {
        Self { caller, app: app.clone(), loaders: Mutex::new(HashMap::new()) }
    }

    /// This request's loader of type `L`, made on first use.
    pub fn loader<L: RequestLoader>(&self) -> AppResult<Arc<DataLoader<L>>> {
        // A panic elsewhere cannot leave the map half-written: inserting is its only change.
        let mut loaders = self.loaders.lock().unwrap_or_else(PoisonError::into_inner);
        let principal = self.caller.as_ref().map(|c| &c.principal);
        let loader = loaders
            .entry(TypeId::of::<L>())
            .or_insert_with(|| Arc::new(DataLoader::new(L::new(&self.app, principal), tokio::spawn)))
            .clone();
        loader.downcast::<DataLoader<L>>().map_err(|_| AppError::Internal(anyhow::anyhow!("loader map holds another type")))
    }
}

/// The request's loader of type `L`: `loader::<UserById>(ctx)?.load_one(id)`.
pub fn loader<L: RequestLoader>(ctx: &Context<'_>) -> AppResult<Arc<DataLoader<L>>> {
    state(ctx)?.loader::<L>()
}

/// The authenticated caller, or UNAUTHENTICATED.
pub fn caller<'a>(ctx: &Context<'a>) -> AppResult<&'a Caller> {
    state(ctx)?.caller.as_ref().ok_or(AppError::Unauthenticated)
}

pub fn state<'a>(ctx: &Context<'a>) -> AppResult<&'a RequestState> {
    ctx.data::<RequestState>().map_err(|_| AppError::Internal(anyhow::anyhow!("request state missing")))
}

pub fn app<'a>(ctx: &Context<'a>) -> AppResult<&'a AppContext> {
    ctx.data::<AppContext>().map_err(|_| AppError::Internal(anyhow::anyhow!("app context missing")))
}

/// Implements [`RequestLoader`] for loaders that need only the database: those of records
/// reached through a record the caller already sees (a visible quote's lines, a visible
/// customer's owner), whose visibility was decided when that record was read: such a loader
/// is keyed by `crm_core::visible::Seen`, which only a visible record hands out.
#[macro_export]
macro_rules! db_loader {
    ($($loader:ident),+ $(,)?) => {
        $(impl $crate::request::RequestLoader for $loader {
            fn new(app: &crm_core::context::AppContext, _: Option<&crm_core::principal::Principal>) -> Self {
                Self { db: app.db.clone() }
            }
        })+
    };
}
